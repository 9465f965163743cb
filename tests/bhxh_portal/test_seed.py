"""Demo data: deterministic, idempotent, valid, and every persona in the situation it promises."""

import datetime
import hashlib
import io
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import User
from bhxh_portal import demo
from checkin.misuse import misuse_case_count_open
from checkin.models import CheckIn, ClinicStaff, MisuseCase
from employers.models import EmployerMembership
from participants.enums import ContractKind, ContributionStatus, EmployerRole, ObjectGroup, Role, Scheme, Sex
from participants.models import (
    ContributionRecord,
    Employer,
    Employment,
    HealthInsuranceCard,
    MedicalFacility,
    Participant,
)
from participants.scope import officer_province_codes
from participants.validators import national_id_century_sex_digit

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

N = 20


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def as_of():
    return timezone.localdate()


@pytest.fixture
def seeded(as_of):
    return demo.demo_seed(participants=N, as_of=as_of)


def months_before(day: datetime.date, count: int) -> datetime.date:
    """The first day of the month `count` months before day's month."""
    index = day.year * 12 + day.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)


def table_state() -> dict[str, list[tuple]]:
    """Every column of every row the seed writes, in primary-key order."""
    return {name: list(model.objects.order_by("pk").values_list()) for name, model in demo.TABLES}


def counts() -> dict[str, int]:
    return {name: model.objects.count() for name, model in demo.TABLES}


def fingerprint() -> str:
    """A hash of the demo data that does not depend on surrogate keys, random public ids or timestamps."""
    digest = hashlib.sha256()
    for row in Participant.objects.order_by("social_insurance_number").values_list(
        "social_insurance_number", "national_id", "full_name", "birth_date", "sex", "province__code", "phone", "email"
    ):
        digest.update(repr(row).encode())
    for row in ContributionRecord.objects.order_by(
        "participant__social_insurance_number", "month", "scheme", "employer__unit_code"
    ).values_list(
        "participant__social_insurance_number",
        "month",
        "employer__unit_code",
        "scheme",
        "salary_basis",
        "retirement_amount",
        "sickness_maternity_amount",
        "occupational_amount",
        "health_amount",
        "unemployment_amount",
        "employee_share",
        "status",
        "paid_on",
    ):
        digest.update(repr(row).encode())
    for row in Employment.objects.order_by("participant__social_insurance_number", "start_date").values_list(
        "participant__social_insurance_number",
        "employer__unit_code",
        "start_date",
        "end_date",
        "job_title",
        "contract_kind",
    ):
        digest.update(repr(row).encode())
    for row in HealthInsuranceCard.objects.order_by("card_number").values_list(
        "card_number", "object_group", "benefit_level", "valid_from", "valid_to", "facility__code", "five_year_date"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def persona(username: str) -> Participant:
    return Participant.objects.get(user__username=username)


# --- Idempotent and deterministic -----------------------------------------------------------------


def test_seed_second_run_with_same_arguments_changes_nothing(seeded, as_of):
    assert seeded.created["participants"] == N + 7  # the generated people, the five citizen personas, Mai's family
    assert all(count > 0 for count in counts().values())
    before = table_state()

    again = demo.demo_seed(participants=N, as_of=as_of)

    assert again.created == {name: 0 for name, _model in demo.TABLES}
    assert table_state() == before  # same rows, same values: nothing inserted, nothing updated


def test_seed_command_second_run_changes_nothing(as_of):
    call_command("seed_demo", "--participants", str(N), stdout=io.StringIO())
    before = counts()
    out = io.StringIO()
    call_command("seed_demo", "--participants", str(N), stdout=out)
    assert counts() == before
    assert "Nothing to do" in out.getvalue()


def test_seed_larger_n_adds_exactly_the_new_participants(seeded, as_of):
    before_counts = counts()
    before_people = list(Participant.objects.order_by("pk").values_list())

    more = demo.demo_seed(participants=N + 7, as_of=as_of)

    assert more.created["participants"] == 7
    assert Participant.objects.count() == before_counts["participants"] + 7
    assert list(Participant.objects.order_by("pk").values_list())[: len(before_people)] == before_people
    for table in ("employers", "facilities", "users", "employer_memberships", "clinic_staff"):
        assert more.created[table] == 0
    for table in ("employments", "contribution_records", "cards"):
        assert counts()[table] == before_counts[table] + more.created[table]
    assert more.created["cards"] == 7  # one current card each


def test_seed_same_seed_gives_identical_data(seeded, as_of):
    first = fingerprint()
    CheckIn.objects.all().delete()  # the demo's misuse cases and their check-ins hold on to the cards
    Participant.objects.all().delete()  # cascades to their employments, contributions and cards

    demo.demo_seed(participants=N, as_of=as_of)

    assert fingerprint() == first


def test_seed_participant_i_is_the_same_whatever_n(as_of):
    demo.demo_seed(participants=N + 5, as_of=as_of, with_personas=False)
    bigger = set(Participant.objects.values_list("social_insurance_number", "full_name", "birth_date"))
    Participant.objects.all().delete()

    demo.demo_seed(participants=N, as_of=as_of, with_personas=False)

    smaller = set(Participant.objects.values_list("social_insurance_number", "full_name", "birth_date"))
    assert len(smaller) == N
    assert smaller < bigger


def test_seed_other_seed_gives_other_people(seeded, as_of):
    first = set(Participant.objects.values_list("social_insurance_number", flat=True))
    demo.demo_seed(participants=N, seed=7, as_of=as_of, with_personas=False)
    assert Participant.objects.count() == len(first) + N


# --- Valid, realistic rows -------------------------------------------------------------------------


def test_seeded_rows_pass_full_clean(seeded):
    for model in (Participant, HealthInsuranceCard, Employment, MedicalFacility):
        for obj in model.objects.all():
            obj.full_clean()
    for obj in Employer.objects.order_by("pk")[:100]:
        obj.full_clean()
    sample = list(ContributionRecord.objects.order_by("?")[:50])
    sample += list(ContributionRecord.objects.filter(status=ContributionStatus.UNPAID)[:10])
    sample += [ContributionRecord.objects.filter(scheme=s).first() for s in Scheme.values]
    for obj in sample:
        if obj is not None:
            obj.full_clean()


def test_seeded_identifiers_are_consistent(seeded):
    people = list(Participant.objects.all())
    assert len({p.national_id for p in people}) == len(people)
    for p in people:
        assert re.fullmatch(r"0\d{11}", p.national_id)
        assert p.national_id[3] == national_id_century_sex_digit(p.birth_date, p.sex)
        assert p.national_id[4:6] == f"{p.birth_date.year % 100:02d}"
        assert re.fullmatch(r"\d{10}", p.social_insurance_number)
        assert not p.phone or re.fullmatch(r"0\d{9}", p.phone)
        assert len(p.full_name.split()) >= 3
        family = {f[0] for f in demo.FAMILY_NAMES} | {f[1] for f in demo.FAMILY_NAMES}
        assert p.full_name.split()[0] in family
        assert p.cards.filter(replaced_at__isnull=True).count() == 1
        assert p.cards.get().card_number == p.social_insurance_number
    # Women never carry the male middle name and vice versa.
    assert not Participant.objects.filter(sex=Sex.MALE, full_name__contains=" Thị ").exists()
    assert not Participant.objects.filter(sex=Sex.FEMALE, full_name__contains=" Văn ").exists()
    for employer in Employer.objects.all():
        assert re.fullmatch(r"(\d{10}|\d{7})[A-Z]{2}[A-Z0-9]{3}", employer.unit_code)
        assert re.fullmatch(r"\d{10}", employer.tax_code)
    assert set(Employer.objects.values_list("region", flat=True)) == {"I", "II", "III", "IV"}
    assert set(MedicalFacility.objects.values_list("level", flat=True)) == {"primary", "basic", "specialised"}


def test_seeded_contributions_follow_the_rates(seeded, as_of):
    last_month = months_before(as_of, 1)
    records = list(ContributionRecord.objects.select_related("employer"))
    assert max(r.month for r in records) == last_month  # histories end at the month before as_of
    for r in records:
        assert r.month.day == 1
        assert all(isinstance(getattr(r, f), int) for f in (*ContributionRecord.AMOUNT_FIELDS, "employee_share"))
        if r.scheme == Scheme.COMPULSORY:
            s = r.salary_basis
            index = demo.month_index(r.month)
            assert demo.regional_minimum(r.employer.region, index) <= s <= 20 * demo.base_salary(index)
            assert r.retirement_amount == (s * 22 + 50) // 100
            assert r.sickness_maternity_amount == (s * 3 + 50) // 100
            assert r.occupational_amount == (s * 5 + 500) // 1000
            assert r.health_amount == (s * 45 + 500) // 1000
            if r.month >= datetime.date(2009, 1, 1):
                # Resolution 116/NQ-CP: employers paid 0 % to the UI fund from 10/2021 to 09/2022 (issue 16).
                relief = datetime.date(2021, 10, 1) <= r.month <= datetime.date(2022, 9, 30)
                assert r.unemployment_amount == (s * (1 if relief else 2) + 50) // 100
                assert abs(r.employee_share - s * 105 // 1000) <= 2  # 8 % + 1.5 % + 1 %, each rounded
        else:
            assert r.employer_id is None
        if r.scheme == Scheme.VOLUNTARY:
            assert r.retirement_amount == (r.salary_basis * 22 + 50) // 100
            assert r.employee_share == r.total_amount
        if r.status == ContributionStatus.UNPAID:
            assert r.paid_on is None
        else:
            assert r.paid_on is not None


def test_compulsory_amounts_round_each_fund_half_up():
    rates = demo.CompulsoryRates.on(datetime.date(2026, 1, 1))
    # 1,234,567 × 1.5 % = 18,518.505 → 18,519; × 8 % = 98,765.36 → 98,765; × 1 % = 12,345.67 → 12,346
    assert demo.compulsory_amounts(1_234_567, rates) == (271_605, 37_037, 6_173, 55_556, 24_691, 129_630)
    assert demo.compulsory_amounts(100, rates)[2] == 1  # 0.5 → 1
    assert demo.round_to(12_345_000, 10_000) == 12_350_000


def test_demo_figures_come_from_the_policy_parameters():
    params = demo._policy()
    for day in (datetime.date(1995, 1, 1), datetime.date(2011, 3, 1), datetime.date(2026, 7, 1)):
        index = demo.month_index(day)
        assert demo.base_salary(index) == params.value_on("base_salary", day).value
        assert demo.salary_ceiling(index) == 20 * demo.base_salary(index)
    assert demo.regional_minimum("I", demo.month_index(datetime.date(2026, 1, 1))) == 5_310_000
    assert demo.regional_minimum("IV", demo.month_index(datetime.date(2008, 6, 1))) == 540_000  # base salary
    assert demo.regional_minimum("IV", demo.month_index(datetime.date(2005, 1, 1))) == 310_000  # before regions
    assert demo.voluntary_income_floor(demo.month_index(datetime.date(2015, 12, 1))) == 1_150_000  # base salary
    assert demo.voluntary_income_floor(demo.month_index(datetime.date(2016, 1, 1))) == 700_000
    assert demo.CompulsoryRates.on(datetime.date(2008, 12, 1)).unemployment is None
    assert demo.CompulsoryRates.on(datetime.date(2009, 1, 1)).unemployment == Decimal("0.02")


# --- Personas --------------------------------------------------------------------------------------


def test_persona_expecting_mother_qualifies_for_maternity(seeded, as_of):
    p = persona("citizen-maternity")
    assert p.sex == Sex.FEMALE
    assert 29 <= as_of.year - p.birth_date.year <= 31
    paid = set(
        p.contributions.filter(scheme=Scheme.COMPULSORY, status=ContributionStatus.PAID).values_list("month", flat=True)
    )
    assert len({months_before(as_of, k) for k in range(1, 13)} & paid) >= 6
    assert {months_before(as_of, k) for k in range(1, 25)} <= paid  # the last two years without a gap
    assert p.employments.filter(end_date__isnull=True).count() == 1


def test_persona_retiring_man_reaches_retirement_age_within_six_months(seeded, as_of):
    p = persona("citizen-retiring")
    assert p.sex == Sex.MALE
    # Decree 135/2020: men 60y3m in 2021, +3 months a year up to 62y; the first year Y whose age is
    # reached by the end of Y gives the retirement month.
    born = p.birth_date.year * 12 + p.birth_date.month - 1
    year = 2021
    while (reached := born + min(60 * 12 + 3 + 3 * (year - 2021), 62 * 12)) // 12 > year:
        year += 1
    months_away = reached - (as_of.year * 12 + as_of.month - 1)
    assert 3 <= months_away <= 6
    contributed = p.contributions.filter(scheme=Scheme.COMPULSORY).count()
    assert 29 * 12 <= contributed <= 31 * 12


def test_persona_laid_off_worker_lost_the_job_last_month(seeded, as_of):
    p = persona("citizen-laid-off")
    job = p.employments.get()
    assert job.end_date == as_of.replace(day=1) - datetime.timedelta(days=1)
    assert job.contract_kind == ContractKind.INDEFINITE
    assert not p.employments.filter(end_date__isnull=True).exists()
    months = list(p.contributions.filter(scheme=Scheme.COMPULSORY).values_list("month", flat=True))
    assert len(months) == 36
    assert max(months) == months_before(as_of, 1)


def test_persona_voluntary_contributor_card_expires_within_30_days(seeded, as_of):
    p = persona("citizen-voluntary")
    card = p.cards.get(replaced_at__isnull=True)
    assert card.object_group == ObjectGroup.GD
    assert card.benefit_level == 4
    assert as_of < card.valid_to <= as_of + datetime.timedelta(days=30)
    voluntary = p.contributions.filter(scheme=Scheme.VOLUNTARY)
    assert voluntary.filter(month=months_before(as_of, 1), employer__isnull=True).exists()
    assert not p.employments.filter(end_date__isnull=True).exists()


def test_persona_employer_owes_the_last_three_months(seeded, as_of):
    p = persona("citizen-arrears")
    records = list(p.contributions.filter(scheme=Scheme.COMPULSORY).order_by("month"))
    unpaid = [r.month for r in records if r.status == ContributionStatus.UNPAID]
    assert unpaid == [months_before(as_of, k) for k in (3, 2, 1)]
    assert [r.month for r in records[-3:]] == unpaid
    assert all(r.paid_on is None for r in records[-3:])
    assert all(r.status == ContributionStatus.PAID for r in records[:-3])


def test_persona_staff_accounts_are_linked(seeded):
    membership = EmployerMembership.objects.get(user__username="hr.demo")
    assert membership.role == EmployerRole.OWNER
    assert membership.user.role == Role.EMPLOYER
    employees = set(membership.employer.employments.values_list("participant__user__username", flat=True))
    assert {"citizen-maternity", "citizen-retiring", "citizen-laid-off"} <= employees

    staff = ClinicStaff.objects.get(user__username="clinic.demo")
    assert staff.user.role == Role.CLINIC
    registered = HealthInsuranceCard.objects.filter(facility=staff.facility, participant__user__isnull=False)
    assert registered.count() == 5

    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser and admin.role == Role.ADMIN


def test_the_demo_officer_covers_hanoi_and_has_cases_of_their_own_to_review(seeded):
    officer = User.objects.get(username="officer.hanoi")
    assert officer.is_staff and not officer.is_superuser
    assert officer_province_codes(officer) == ["01"]
    assert officer.has_perm("checkin.change_misusecase") and officer.has_perm("participants.view_participant")
    assert not officer.has_perm("participants.change_participant")
    # Raised by the real rules from demo check-ins: two facilities within hours in three provinces, one report.
    kinds = set(MisuseCase.objects.values_list("kind", "facility__province__code"))
    assert {("reported", "01"), ("two_facilities", "01")} < kinds  # and in other provinces (as many as have people)
    assert {code for kind, code in kinds if code != "01"}
    assert all(case.evidence.exists() for case in MisuseCase.objects.all())
    assert misuse_case_count_open(province_codes=["01"]) == 2


# --- Demo logins -----------------------------------------------------------------------------------


def test_every_demo_login_authenticates(seeded):
    logins = demo.demo_login_list()
    assert len(logins) == len(demo.DEMO_ACCOUNTS)
    for login in logins:
        request = RequestFactory().post("/")
        user = authenticate(request, username=login["username"], password=login["password"])
        assert user is not None, login["persona"]
        assert user.role == login["role"]
        if login["role"] == Role.CITIZEN:
            assert re.fullmatch(r"\d{12}", login["username"])
            assert user.participant.national_id == login["username"]
            assert user.username.startswith("citizen-")


def test_demo_logins_json_lists_the_four_roles(seeded):
    out = io.StringIO()
    call_command("demo_logins", "--json", stdout=out)
    logins = json.loads(out.getvalue())
    assert all(set(login) - {"totp_secret"} == {"role", "username", "password", "persona"} for login in logins)
    assert [login["username"] for login in logins if "totp_secret" in login] == [
        "hr.demo",
        "clinic.demo",
        "admin",
        "officer.hanoi",
    ]
    assert {login["role"] for login in logins} == {"citizen", "employer", "clinic", "admin"}
    assert len(logins) == 9


def test_demo_logins_table_is_readable(seeded):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert text.splitlines()[0].split() == ["Role", "Sign", "in", "with", "Password", "Who"]
    assert persona("citizen-arrears").national_id in text
    assert "hr.demo" in text and "clinic.demo" in text


def test_seed_demo_output_has_counts_but_no_personal_data(as_of):
    out = io.StringIO()
    call_command("seed_demo", "--participants", "3", stdout=out)
    text = out.getvalue()
    assert "participants" in text
    assert not re.search(r"\d{9,}", text.replace(",", ""))  # no ID, SI or phone numbers
    assert not any(name in text for name in Participant.objects.values_list("full_name", flat=True))


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo", "--participants", "1", stdout=io.StringIO())
    assert not Participant.objects.exists()


def test_demo_activity_fills_every_personas_inbox_once(seeded, as_of, settings, tmp_path):
    from reminders.models import Reminder

    settings.VAR_DIR = tmp_path  # the check-in signing key of the demo clinic visit
    first = demo.demo_activity_seed(as_of=as_of)
    assert first["checkins"] == 1 and first["reminders"] > 0
    personas = ["citizen-maternity", "citizen-retiring", "citizen-laid-off", "citizen-voluntary", "citizen-arrears"]
    for username in personas:
        assert Reminder.objects.filter(participant__user__username=username).exists(), username
    assert demo.demo_activity_seed(as_of=as_of) == {"checkins": 0, "reminders": 0}


def test_persona_family_household_and_carer(seeded, as_of):
    """Issue 14's records in the demo: Mai's household with her husband, her confirmed link to her son under 6,
    and Phạm Văn Hùng sharing his card with Lê Minh Tuấn."""
    mai = persona("citizen-voluntary")
    members = list(mai.household_membership.household.members.order_by("position").select_related("participant"))
    assert [(m.position, m.participant.full_name) for m in members] == [(1, "Hoàng Thị Mai"), (2, "Nguyễn Văn Bình")]
    husband = members[1].participant
    assert husband.user_id is None
    husband_card = husband.cards.get(replaced_at__isnull=True)
    mai_card = mai.cards.get(replaced_at__isnull=True)
    assert (husband_card.object_group, husband_card.valid_to) == (ObjectGroup.GD, mai_card.valid_to)
    # The second member pays 70 % of the first member's amount (HI Law Art. 13(6)).
    last = months_before(as_of, 1)
    first_pays = mai.contributions.get(scheme=Scheme.HOUSEHOLD_HI, month=last).health_amount
    second_pays = husband.contributions.get(scheme=Scheme.HOUSEHOLD_HI, month=last).health_amount
    assert second_pays == round(first_pays * Decimal("0.7"))

    link = mai.child_links.get()
    assert link.status == "confirmed" and link.child.full_name == "Nguyễn Hoàng Nam"
    son_card = link.child.cards.get(replaced_at__isnull=True)
    assert son_card.object_group == ObjectGroup.TE and son_card.benefit_percent == 100
    assert son_card.valid_from <= as_of <= son_card.valid_to

    grant = persona("citizen-retiring").carer_grants.get()
    assert grant.carer == persona("citizen-laid-off") and grant.revoked_at is None


def test_persona_family_pages_show_the_records(seeded, client):
    client.force_login(persona("citizen-voluntary").user)
    assert "Nguyễn Hoàng Nam" in client.get("/family/").content.decode()
    assert "Nguyễn Văn Bình" in client.get("/family/household/").content.decode()
    client.force_login(persona("citizen-laid-off").user)
    assert "Phạm Văn Hùng" in client.get("/family/").content.decode()
