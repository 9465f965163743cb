"""A database migrated by the code before the apps were split (main at 1cf0496: everything of accounts, check-in
and the employer portal inside participants/) migrates forward with every row kept and reachable.

The test puts the test database back into that shape: it migrates back to that commit's leaf migrations and
forgets accounts.0001_initial, which such a database never recorded (docs/architecture.md, "Moving models").
Then it writes a row into every project table (and into the third-party tables that point at the user model or
at content types) through the historical models of that time, migrates forward as `manage.py migrate` does, and
reads every row back through today's models. It leaves the database migrated to the latest state.
"""

import datetime

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from tests.conftest import load_reference_data

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

# The leaf migrations of the project's apps at 1cf0496; the apps created by the split did not exist there.
MAIN_LEAVES = {
    "participants": "0010_voluntary_enrolment",
    "benefits": "0005_unemployment_award",
    "reminders": "0001_initial",
}
NEW_APPS = ("accounts", "checkin", "employers", "coverage_stats")
PROJECT_TABLE_PREFIXES = ("participants_", "benefits_", "reminders_")
# Third-party tables whose rows point at the user model or at a content type.
LINKED_TABLES = (
    "django_admin_log",
    "authtoken_token",
    "otp_totp_totpdevice",
    "otp_static_staticdevice",
    "auth_permission",
    "django_content_type",
)
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def _latest(executor: MigrationExecutor) -> list[tuple[str, str]]:
    return executor.loader.graph.leaf_nodes()


def _migrate_back_to_main(connection) -> list[tuple[str, str]]:
    """Migrate to main's leaves, forget the new apps' first migration: the database of 1cf0496."""
    executor = MigrationExecutor(connection)
    targets = [(app, name) for app, name in MAIN_LEAVES.items()]
    targets += [("checkin", None), ("employers", None), ("coverage_stats", None), ("accounts", "0001_initial")]
    executor.migrate(targets)
    # accounts.0001_initial has no database effect there (it stands in for participants.0002_provinces, applied
    # long before); a database migrated by main has no row for it.
    MigrationRecorder(connection).record_unapplied("accounts", "0001_initial")
    leaves = [node for node in _latest(executor) if node[0] not in (*MAIN_LEAVES, *NEW_APPS)]
    return leaves + list(MAIN_LEAVES.items())


def _counts(connection) -> dict[str, int]:
    tables = [
        t for t in connection.introspection.table_names() if t.startswith(PROJECT_TABLE_PREFIXES) or t in LINKED_TABLES
    ]
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - table names from introspection
            counts[table] = cursor.fetchone()[0]
    return counts


def _write_main_rows(apps) -> dict[str, int]:
    """One row (at least) in every table of main's schema, through the historical models of main."""
    m = lambda label: apps.get_model(*label.split("."))  # noqa: E731
    ContentType = m("contenttypes.ContentType")
    province = m("participants.Province").objects.get(code="01")
    user = m("participants.User").objects.create(username="mig-citizen", password="!", email="citizen@example.org")
    hr = m("participants.User").objects.create(username="mig-hr", password="!", role="employer")
    clerk = m("participants.User").objects.create(username="mig-clerk", password="!", role="clinic")
    group = m("auth.Group").objects.create(name="mig-group")
    user.groups.add(group)
    checkin_type = ContentType.objects.get(app_label="participants", model="checkin")
    permission = m("auth.Permission").objects.get(content_type=checkin_type, codename="view_checkin")
    user.user_permissions.add(permission)
    facility = m("participants.MedicalFacility").objects.create(
        code="01999", name="Trạm y tế thử", level="primary", province=province
    )
    person = m("participants.Participant").objects.create(
        social_insurance_number="0199999999",
        national_id="001199999999",
        full_name="Nguyễn Thị Thử",
        birth_date=datetime.date(1990, 5, 1),
        sex="female",
        province=province,
        user_id=user.pk,
    )
    employer = m("participants.Employer").objects.create(
        unit_code="TA9999Z", name="Công ty Thử", tax_code="0199999999", region="I", province=province
    )
    m("participants.Employment").objects.create(
        participant=person, employer=employer, start_date=datetime.date(2020, 1, 1), contract_kind="indefinite"
    )
    m("participants.ContributionRecord").objects.create(
        participant=person,
        employer=employer,
        month=datetime.date(2026, 1, 1),
        scheme="compulsory",
        salary_basis=10_000_000,
        status="paid",
    )
    card = m("participants.HealthInsuranceCard").objects.create(
        participant=person,
        card_number="DN4019999999999",
        object_group="DN",
        benefit_level=4,
        valid_from=datetime.date(2026, 1, 1),
        valid_to=datetime.date(2026, 12, 31),
        issued_on=datetime.date(2025, 12, 20),
        facility=facility,
    )
    m("participants.EmployerMembership").objects.create(user_id=hr.pk, employer=employer, role="owner")
    m("participants.ClinicStaff").objects.create(user_id=clerk.pk, facility=facility)
    m("participants.OneTimeCode").objects.create(
        participant=person,
        purpose="activation",
        channel="email",
        destination="x@example.org",
        code_hash="h",
        expires_at=NOW,
    )
    m("participants.CheckinSigningKey").objects.create(kid="mig-key", public_jwk={"kty": "OKP"}, created_at=NOW)
    visit = m("participants.CheckIn").objects.create(
        participant=person, card=card, facility=facility, staff_id=clerk.pk, method="national_id", checked_in_at=NOW
    )
    m("participants.PersonalDataAccess").objects.create(
        participant=person, user_id=clerk.pk, facility=facility, purpose="clinic_id_lookup", accessed_at=NOW
    )
    m("participants.StaffChangeUpload").objects.create(
        employer=employer, uploaded_by_id=hr.pk, file_name="a.csv", sha256="0" * 64, row_count=1, applied_at=NOW
    )
    m("participants.VoluntaryEnrolment").objects.create(
        participant=person, cycle=1, first_month=datetime.date(2025, 1, 1)
    )
    m("benefits.UnemploymentAward").objects.create(
        participant=person,
        decided_on=datetime.date(2026, 6, 1),
        benefit_start=datetime.date(2026, 6, 16),
        benefit_months=3,
        monthly_amount=5_000_000,
    )
    m("reminders.NotificationPreference").objects.create(participant=person)
    notice = m("reminders.Reminder").objects.create(
        participant=person, kind="card_expiring", subject="mig-card", due_on=datetime.date(2026, 12, 1)
    )
    m("reminders.Reminder").objects.create(
        user_id=hr.pk, kind="employer_arrears", subject="mig-arrears", due_on=datetime.date(2026, 12, 10)
    )
    m("reminders.Delivery").objects.create(reminder=notice, channel="inbox", status="sent")
    m("admin.LogEntry").objects.create(
        user_id=user.pk,
        content_type=checkin_type,
        object_id=str(visit.pk),
        object_repr="a visit",
        action_flag=2,
        action_time=NOW,
    )
    m("authtoken.Token").objects.create(key="m" * 40, user_id=hr.pk)
    m("otp_totp.TOTPDevice").objects.create(user_id=hr.pk, name="app", key="00" * 20, confirmed=True)
    m("otp_static.StaticDevice").objects.create(user_id=hr.pk, name="recovery", confirmed=True)
    user_type = ContentType.objects.get(app_label="participants", model="user")
    return {"user": user.pk, "hr": hr.pk, "clerk": clerk.pk, "visit": visit.pk, "user_type": user_type.pk}


@pytest.mark.django_db(transaction=True)
def test_a_database_migrated_by_main_migrates_forward_with_every_row(require_postgres):
    connection = require_postgres
    load_reference_data()  # a transactional test before this one may have flushed the data migrations' rows
    try:
        main_nodes = _migrate_back_to_main(connection)
        old_apps = MigrationExecutor(connection).loader.project_state(main_nodes, at_end=True).apps
        ids = _write_main_rows(old_apps)
        before = _counts(connection)
        assert all(before[t] > 0 for t in before if t.startswith(PROJECT_TABLE_PREFIXES)), before

        # What `manage.py migrate` does: the history of a main database is consistent with today's graph.
        executor = MigrationExecutor(connection)
        executor.loader.check_consistent_history(connection)
        executor.migrate(_latest(executor))
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(_latest(executor))  # whatever happened, later tests find the latest schema

    after = _counts(connection)
    # Every row is kept but DRF's clear-text tokens, deleted by accounts 0003; tables created since main start empty.
    assert {table: count for table, count in after.items() if table in before} == before | {"authtoken_token": 0}
    assert all(after[table] == 0 for table in after.keys() - before.keys()), after
    assert not MigrationExecutor(connection).migration_plan(_latest(executor))
    _assert_rows_reachable_through_todays_models(ids)
    load_reference_data()


def _assert_rows_reachable_through_todays_models(ids: dict[str, int]) -> None:
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from rest_framework.authtoken.models import Token

    from accounts.models import OneTimeCode, User
    from benefits.models import UnemploymentAward
    from checkin.models import CheckIn, CheckinSigningKey, ClinicStaff
    from employers.models import EmployerMembership, StaffChangeUpload
    from participants.models import Participant, PersonalDataAccess, VoluntaryEnrolment
    from reminders.models import Delivery, NotificationPreference, Reminder

    citizen = User.objects.get(pk=ids["user"])
    assert citizen.username == "mig-citizen" and citizen.participant.national_id == "001199999999"
    assert [g.name for g in citizen.groups.all()] == ["mig-group"]
    assert citizen.has_perm("checkin.view_checkin")  # the permission followed its content type
    person = Participant.objects.get(user=citizen)
    visit = CheckIn.objects.select_related("staff", "card").get(pk=ids["visit"])
    assert visit.participant == person and visit.staff.username == "mig-clerk"
    assert visit.card.card_number == "DN4019999999999"
    assert ClinicStaff.objects.get(user_id=ids["clerk"]).facility.code == "01999"
    assert EmployerMembership.objects.get(user_id=ids["hr"]).employer.tax_code == "0199999999"
    assert StaffChangeUpload.objects.get().uploaded_by_id == ids["hr"]
    assert OneTimeCode.objects.get().participant == person
    assert CheckinSigningKey.objects.filter(kid="mig-key").exists()
    assert PersonalDataAccess.objects.get(participant=person).user_id == ids["clerk"]
    assert VoluntaryEnrolment.objects.get(participant=person).cycle == 1
    assert UnemploymentAward.objects.get(participant=person).monthly_amount == 5_000_000
    assert NotificationPreference.objects.get(participant=person)
    assert Reminder.objects.get(subject="mig-arrears").user.username == "mig-hr"
    assert Delivery.objects.get(reminder__subject="mig-card").channel == "inbox"

    # Content types moved, keeping their ids: the admin log still opens the visit, and no stale type is left.
    assert ContentType.objects.get_for_model(User).pk == ids["user_type"]
    entry = LogEntry.objects.get(user=citizen)
    assert entry.content_type.app_label == "checkin" and entry.get_edited_object() == visit
    assert not ContentType.objects.filter(
        app_label="participants", model__in=["user", "checkin", "clinicstaff", "employermembership"]
    ).exists()
    # DRF's clear-text tokens are deleted (accounts 0003): apps sign in again for a hashed, expiring one.
    assert not Token.objects.filter(user_id=ids["hr"]).exists()
    assert TOTPDevice.objects.get(user_id=ids["hr"]).user.username == "mig-hr"
    assert StaticDevice.objects.get(user_id=ids["hr"]).name == "recovery"
