"""Issue 13 item 3: a staff account limited to provinces sees, in every admin list, change page, search,
autocomplete, filter, add form, dashboard panel, CSV export and the coverage API, nobody of another province.
Superusers (and staff limited to none) see everything.

Two provinces get a full set of records, one of every model the admin shows, each named with a marker; an officer
of the first walks every registered ModelAdmin and every dashboard and export URL and must never meet a marker of
the second."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import OneTimeCode
from benefits.models import UnemploymentAward
from bhxh_portal.admin_site import PROJECT_APPS
from checkin.models import CheckIn, MisuseCase
from employers.models import EmployerMembership
from participants.admin_base import ModelAdmin, ProvinceScopedChoices
from participants.models import (
    FamilyLink,
    Household,
    HouseholdMember,
    OfficerProvince,
    Participant,
    PersonalDataAccess,
    VoluntaryEnrolment,
)
from participants.scope import officer_province_codes
from reminders.enums import DeliveryStatus
from reminders.models import Delivery, NotificationPreference, Reminder
from tests.bhxh_portal.test_dashboard import snapshot
from tests.factories import (
    CardFactory,
    ClinicStaffFactory,
    ContributionFactory,
    EmployerFactory,
    EmploymentFactory,
    FacilityFactory,
    ParticipantFactory,
    UserFactory,
    province,
)
from tests.twofactor_support import bearer_client, sign_in_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MINE, OTHER = "01", "79"  # Hà Nội, Thành phố Hồ Chí Minh
TODAY = timezone.localdate()
LAST_MONTH = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
CSV_TABLES = ("coverage", "behind", "trend", "arrears", "deliveries", "misuse")


def records_of(code: str, tag: str) -> list[str]:
    """One record of every kind in province `code`, each named with `tag`; returns the strings that must not
    reach an officer of another province (names, ID numbers, usernames)."""
    where = province(code)
    facility = FacilityFactory(province=where, name=f"Phòng khám {tag}")
    employer = EmployerFactory(province=where, name=f"Công ty {tag}")
    person = ParticipantFactory(province=where, full_name=f"Người {tag}", user=UserFactory(username=f"cong-dan-{tag}"))
    child = ParticipantFactory(province=where, full_name=f"Con {tag}", birth_date=datetime.date(2018, 3, 1))
    saver = ParticipantFactory(province=where, full_name=f"Người tự đóng {tag}")
    card = CardFactory(participant=person, facility=facility, valid_to=TODAY + datetime.timedelta(days=90))
    EmploymentFactory(participant=person, employer=employer)
    ContributionFactory(participant=person, employer=employer, month=LAST_MONTH, status="unpaid")
    desk = ClinicStaffFactory(facility=facility, user=UserFactory(username=f"le-tan-{tag}", role="clinic"))
    PersonalDataAccess.objects.create(
        participant=person, user=desk.user, facility=facility, purpose="clinic_id_lookup", accessed_at=timezone.now()
    )
    VoluntaryEnrolment.objects.create(participant=saver, cycle=1, first_month=LAST_MONTH)
    FamilyLink.objects.create(parent=person, child=child)
    home = Household.objects.create()
    for position, member in enumerate((person, child), start=1):
        HouseholdMember.objects.create(household=home, participant=member, position=position)
    checkin = CheckIn.objects.create(
        participant=person,
        card=card,
        facility=facility,
        staff=desk.user,
        method="national_id",
        checked_in_at=timezone.now(),
    )
    now = timezone.now()
    MisuseCase.objects.create(
        kind=MisuseCase.Kind.BUSY_WEEK,
        dedup_key=f"walk-{tag}",
        period_start=TODAY,
        participant=person,
        facility=facility,
        checkin=checkin,
        opened_at=now,
        last_signal_at=now,
    )
    reminder = Reminder.objects.create(participant=person, kind="card_expiring", subject=f"card-{tag}", due_on=TODAY)
    Delivery.objects.create(reminder=reminder, channel="email", status=DeliveryStatus.FAILED_PERMANENT)
    NotificationPreference.objects.create(participant=person)
    UnemploymentAward.objects.create(
        participant=saver, decided_on=LAST_MONTH, benefit_start=LAST_MONTH, benefit_months=3, monthly_amount=4_000_000
    )
    OneTimeCode.objects.create(
        participant=person,
        purpose="activation",
        channel="sms",
        destination=person.phone,
        code_hash="x",
        expires_at=now + datetime.timedelta(minutes=10),
    )
    EmployerMembership.objects.create(user=UserFactory(username=f"nhan-su-{tag}", role="employer"), employer=employer)
    snapshot(code, LAST_MONTH, 900, 300, 20, 250, 1000, 600)
    OfficerProvince.objects.create(user=UserFactory(username=f"can-bo-{tag}", is_staff=True), province=where)
    return [tag, person.national_id, child.national_id, saver.national_id, person.social_insurance_number]


@pytest.fixture
def world():
    records_of(MINE, "Trong-tỉnh")
    markers = records_of(OTHER, "Ngoài-tỉnh")
    # What crosses provinces is the national office's: a person of the other province checked in at a clinic of
    # the officer's province, and a family link between the two.
    stranger = ParticipantFactory(province=province(OTHER), full_name="Khách Ngoài-tỉnh-2")
    clinic = FacilityFactory(province=province(MINE), name="Phòng khám Trong-tỉnh-2")
    card = CardFactory(participant=stranger, facility=clinic, valid_to=TODAY + datetime.timedelta(days=90))
    CheckIn.objects.create(
        participant=stranger, card=card, facility=clinic, method="national_id", checked_in_at=timezone.now()
    )
    FamilyLink.objects.create(parent=ParticipantFactory(province=province(MINE)), child=stranger)
    return [*markers, stranger.national_id, "Ngoài-tỉnh-2", province(OTHER).name]


@pytest.fixture
def officer():
    user = UserFactory(username="can-bo-ha-noi", role="admin", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=PROJECT_APPS))
    OfficerProvince.objects.create(user=user, province=province(MINE))
    return user


@pytest.fixture
def officer_client(client, officer):
    sign_in_verified(client, officer)
    return client


@pytest.fixture
def superuser_client():
    superuser = UserFactory(username="quan-tri", role="admin", is_staff=True, is_superuser=True)
    browser = Client()
    sign_in_verified(browser, superuser)
    return browser


def project_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PROJECT_APPS
    ]


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def leaked(body: str, markers: list[str]) -> list[str]:
    return [marker for marker in markers if marker in body]


def test_every_admin_of_the_project_says_whose_records_it_shows():
    """An admin that declares no provinces would show an officer nothing (fail closed): each one declares them."""
    undeclared = [
        model._meta.label
        for model, model_admin in project_admins()
        if isinstance(model_admin, ModelAdmin)
        and model_admin.province_lookups is None
        and type(model_admin).limit_to_provinces is ModelAdmin.limit_to_provinces
    ]
    assert undeclared == []


def test_every_inline_limits_its_choices_like_the_forms():
    unscoped = [
        f"{model._meta.label}: {inline.__name__}"
        for model, model_admin in project_admins()
        for inline in model_admin.inlines
        if not issubclass(inline, ProvinceScopedChoices)
    ]
    assert unscoped == []


def test_an_officer_walks_every_admin_and_meets_nobody_of_another_province(world, officer, officer_client, rf):
    request = rf.get("/admin/")
    request.user = officer
    walked = 0
    for model, model_admin in admin.site._registry.items():
        changelist = officer_client.get(url(model, "changelist"), {"all": ""})
        if model._meta.app_label not in PROJECT_APPS:
            assert changelist.status_code == 403, model._meta.label  # libraries' models: superusers only
            continue
        assert changelist.status_code == 200, model._meta.label
        assert leaked(changelist.content.decode(), world) == [], f"{model._meta.label} list"
        if model_admin.has_add_permission(request):
            add = officer_client.get(url(model, "add"))
            assert add.status_code == 200 and leaked(add.content.decode(), world) == [], f"{model._meta.label} add"
        visible = set(model_admin.get_queryset(request).values_list("pk", flat=True))
        # A few of each side (the newest first: the walk's own records), not all 34 provinces' figures.
        newest = model._default_manager.order_by("-pk")
        sample = [*newest.filter(pk__in=visible)[:3], *newest.exclude(pk__in=visible)[:5]]
        for obj in sample:
            change = officer_client.get(url(model, "change", obj.pk))
            if obj.pk in visible:
                assert change.status_code == 200, f"{model._meta.label} {obj.pk}"
                assert leaked(change.content.decode(), world) == [], f"{model._meta.label} {obj.pk} page"
            else:
                # Django's answer to a record that is not in the list: back to the index, nothing shown.
                assert change.status_code == 302, f"{model._meta.label} {obj.pk} of another province opened"
                assert officer_client.get(url(model, "history", obj.pk)).status_code == 302
        walked += 1
    assert walked == len(project_admins())


def test_every_kind_of_record_exists_on_both_sides_so_the_walk_means_something(world, officer, rf):
    request = rf.get("/admin/")
    request.user = officer
    for model, model_admin in project_admins():
        if model_admin.province_lookups == ():  # national data: the same for every officer
            assert model_admin.get_queryset(request).count() == model._default_manager.count()
            continue
        everyone, visible = model._default_manager.count(), model_admin.get_queryset(request).count()
        assert 0 < visible < everyone, f"{model._meta.label}: {visible} of {everyone}"


def test_search_finds_the_officers_people_and_not_the_others(world, officer_client, superuser_client):
    other = world[1]  # the other province's person's ID number, searched exactly
    changelist = reverse("admin:participants_participant_changelist")
    assert superuser_client.get(changelist, {"q": other}).context["cl"].result_count == 1  # the search works...
    found = officer_client.get(changelist, {"q": other})
    assert found.context["cl"].result_count == 0  # ...but not across the province's border
    assert "Người Ngoài-tỉnh" not in found.content.decode()
    assert "Người Trong-tỉnh" in officer_client.get(changelist, {"q": "Trong-tỉnh"}).content.decode()


def test_autocomplete_offers_only_the_officers_people_but_every_employer(world, officer_client):
    def names(model_name, field, term):
        response = officer_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "participants", "model_name": model_name, "field_name": field, "term": term},
        )
        assert response.status_code == 200
        return [row["text"] for row in response.json()["results"]]

    assert names("healthinsurancecard", "participant", "Người") == ["Người Trong-tỉnh", "Người tự đóng Trong-tỉnh"]
    # Employers and facilities are public registers: a person may work or be registered for care anywhere.
    assert names("employment", "employer", "Công ty") == ["Công ty Ngoài-tỉnh", "Công ty Trong-tỉnh"]


def test_a_form_refuses_a_person_of_another_province_typed_as_an_id(world, officer_client):
    stranger = Participant.objects.get(full_name="Người Ngoài-tỉnh")
    mine = Participant.objects.get(full_name="Con Trong-tỉnh")
    before = FamilyLink.objects.count()
    response = officer_client.post(
        reverse("admin:participants_familylink_add"), {"parent": stranger.pk, "child": mine.pk}
    )
    assert response.status_code == 200  # the form again, with the error
    assert "errorlist" in response.content.decode()
    assert FamilyLink.objects.count() == before


def test_the_dashboard_and_every_export_are_the_officers_provinces(world, officer_client, superuser_client):
    page = officer_client.get("/admin/").content.decode()
    assert leaked(page, world) == []
    assert "Công ty Trong-tỉnh" in page and "Phòng khám Trong-tỉnh" in page  # arrears and misuse cases are there
    assert "Thành phố Hà Nội" in page  # whose figures these are
    month = {"month": LAST_MONTH.strftime("%Y-%m")}
    for table in CSV_TABLES:
        csv = officer_client.get(reverse("admin:dashboard_csv", args=[table]), month)
        assert csv.status_code == 200, table
        assert leaked(b"".join(csv.streaming_content).decode(), world) == [], table
    everything = b"".join(
        superuser_client.get(reverse("admin:dashboard_csv", args=["arrears"]), month).streaming_content
    )
    assert "Công ty Ngoài-tỉnh" in everything.decode()  # a superuser sees the whole country


def test_the_coverage_api_gives_an_officer_their_provinces(world, officer):
    api = bearer_client(officer)
    body = api.get("/api/v1/stats/coverage/", {"month": LAST_MONTH.strftime("%Y-%m")}).json()
    assert [p["code"] for p in body["provinces"]] == [MINE]
    refused = api.get("/api/v1/stats/coverage/", {"month": LAST_MONTH.strftime("%Y-%m"), "province": OTHER})
    assert refused.status_code == 403 and refused.json()["code"] == "province_not_covered"
    assert (
        api.get("/api/v1/stats/coverage/", {"month": LAST_MONTH.strftime("%Y-%m"), "province": MINE}).status_code == 200
    )


def test_superusers_and_staff_limited_to_no_province_see_the_whole_country(world):
    assert officer_province_codes(UserFactory(is_staff=True, is_superuser=True)) is None
    assert officer_province_codes(UserFactory(is_staff=True)) is None
    both = UserFactory(is_staff=True)
    OfficerProvince.objects.create(user=both, province=province(OTHER))
    OfficerProvince.objects.create(user=both, province=province(MINE))
    assert officer_province_codes(both) == [MINE, OTHER]
