"""Issue 13, items 4 and 5: the agency's admin. Staff sign in with the password and a code from their app
before any admin page opens; libraries' models are for superusers only; every admin of the project shares
one base class; an officer's change to a person's records is in that person's access log."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from bhxh_portal.admin_site import PROJECT_APPS
from participants.admin_base import ModelAdmin, PersonalRecordAdmin
from participants.models import ContributionRecord, HealthInsuranceCard, PersonalDataAccess
from tests.factories import CardFactory, ClinicStaffFactory, ContributionFactory, ParticipantFactory, UserFactory
from tests.twofactor_support import next_code, sign_in_verified, totp_device

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "mật-khẩu-thử-2026"  # the factories' password
OFFICER = PersonalDataAccess.Purpose


@pytest.fixture
def officer():
    return UserFactory(username="can-bo.ha", role="admin", is_staff=True, is_superuser=True)


def third_party_models():
    return [model for model in admin.site._registry if model._meta.app_label not in PROJECT_APPS]


# --- The second step in front of the admin --------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_the_sites_sign_in(client):
    response = client.get("/admin/participants/participant/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/participants/participant/"


def test_staff_signed_in_with_the_password_only_reaches_no_admin_page(client, officer):
    totp_device(officer)
    client.force_login(officer)  # a session from before the code was asked of staff
    for url in (
        "/admin/",
        "/admin/participants/participant/",
        "/admin/otp_totp/totpdevice/",
        "/admin/password_change/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert client.get(response["Location"])["Location"].startswith("/accounts/otp/?next="), url
    assert (
        client.get("/admin/participants/participant/", follow=True).templates[0].name == "registration/otp_verify.html"
    )


def test_admin_signs_in_with_password_and_code_and_lands_on_the_agency_admin(client, officer):
    device = totp_device(officer)
    response = client.post("/accounts/login/", {"username": officer.username, "password": PASSWORD, "next": "/admin/"})
    assert response["Location"] == "/accounts/otp/"
    assert client.get("/admin/").status_code == 302  # the password alone opens nothing
    assert (
        client.post("/accounts/otp/", {"code": "000000" if next_code(device) != "000000" else "111111"}).status_code
        == 200
    )
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    response = client.post("/accounts/otp/", {"code": next_code(device)})
    assert response["Location"] == "/admin/"
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    assert "Bảo hiểm xã hội Việt Nam — Quản trị" in page.content.decode()
    assert "Django" not in page.content.decode().split("<main")[0]


def test_unenrolled_staff_sets_up_the_app_at_first_sign_in(client):
    UserFactory(username="can-bo.moi", role="citizen", is_staff=True)
    response = client.post("/accounts/login/", {"username": "can-bo.moi", "password": PASSWORD, "next": "/admin/"})
    assert response["Location"] == "/accounts/otp/"
    page = client.get("/accounts/otp/")
    assert page.templates[0].name == "registration/otp_setup.html"
    assert client.get("/admin/").status_code == 302


def test_a_verified_account_that_is_not_staff_gets_403_not_a_loop(client):
    user = UserFactory(role="employer")
    sign_in_verified(client, user)
    assert client.get("/admin/login/?next=/admin/").status_code == 403
    assert client.get("/admin/").status_code == 302


def test_admin_login_ignores_a_next_address_on_another_site(client):
    response = client.get("/admin/login/", {"next": "https://evil.example/"})
    assert response["Location"] == "/accounts/login/?next=/admin/"


# --- The clinic desk and API tokens ---------------------------------------------------------------------


def test_clinic_desk_needs_the_code(client):
    desk = ClinicStaffFactory(user=UserFactory(username="le-tan.an", role="clinic"))
    client.force_login(desk.user)
    assert client.get("/clinic/")["Location"] == "/accounts/otp/?next=/clinic/"
    assert client.post("/clinic/verify/", {"national_id": "001190000001"}).status_code == 302
    assert not PersonalDataAccess.objects.exists()  # nothing was looked up
    sign_in_verified(client, desk.user)
    assert client.get("/clinic/").status_code == 200


@pytest.mark.parametrize("kind", ["clinic", "staff"])
def test_api_token_for_clinic_and_staff_only_with_a_valid_code(kind):
    if kind == "clinic":
        user = ClinicStaffFactory(user=UserFactory(username="le-tan.binh", role="clinic")).user
    else:
        user = UserFactory(username="can-bo.binh", role="citizen", is_staff=True)
    device = totp_device(user)
    api = APIClient()
    url = "/api/v1/auth/token/"
    without = api.post(url, {"username": user.username, "password": PASSWORD}, format="json")
    assert without.status_code == 400 and "otp" in without.json()
    wrong = api.post(url, {"username": user.username, "password": PASSWORD, "otp": "12345x"}, format="json")
    assert wrong.status_code == 400
    assert not user.auth_token_set.exists()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    right = api.post(url, {"username": user.username, "password": PASSWORD, "otp": next_code(device)}, format="json")
    assert right.status_code == 200 and right.json()["token"]
    assert user.auth_token_set.count() == 1


# --- Libraries' models: superusers only -----------------------------------------------------------------


def test_libraries_models_are_closed_to_a_staff_officer_with_every_permission(client):
    staff = UserFactory(username="can-bo.tinh", role="admin", is_staff=True)
    staff.user_permissions.set(Permission.objects.all())
    sign_in_verified(client, staff)
    index = client.get("/admin/")
    shown = {(m["object_name"], app["app_label"]) for app in index.context["app_list"] for m in app["models"]}
    models = third_party_models()
    assert {"knox", "otp_totp", "axes", "django_celery_beat"} <= {m._meta.app_label for m in models}
    for model in models:
        opts = model._meta
        assert (opts.object_name, opts.app_label) not in shown, opts.label
        for view in ("changelist", "add"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")
            assert client.get(url).status_code == 403, (opts.label, view)
    assert ("Participant", "participants") in shown  # the records stay open to the officer
    assert client.get("/admin/participants/participant/").status_code == 200


def test_a_superuser_still_sees_the_libraries_models(client, officer):
    sign_in_verified(client, officer)
    index = client.get("/admin/")
    labels = {app["app_label"] for app in index.context["app_list"]}
    assert {"knox", "otp_totp", "axes", "django_celery_beat"} <= labels
    for model in third_party_models():
        opts = model._meta
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200


def test_every_project_admin_shares_the_base_class():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in PROJECT_APPS:
            assert isinstance(model_admin, ModelAdmin), model._meta.label


# --- An officer's changes in the person's access log ----------------------------------------------------


def card_form(card, **changes):
    data = {
        "card_number": card.card_number,
        "participant": card.participant.pk,
        "object_group": card.object_group,
        "benefit_level": card.benefit_level,
        "valid_from": card.valid_from.strftime("%d/%m/%Y"),
        "valid_to": card.valid_to.strftime("%d/%m/%Y"),
        "facility": card.facility.pk,
        "five_year_date": "",
        "issued_on": card.issued_on.strftime("%d/%m/%Y") if card.issued_on else "",
        "replaced_at": "",
    }
    data.update(changes)
    return data


def test_an_officers_change_to_a_card_is_in_the_citizens_access_log(client, officer):
    card = CardFactory(benefit_level=4, participant=ParticipantFactory(user=UserFactory()))
    sign_in_verified(client, officer)
    url = reverse("admin:participants_healthinsurancecard_change", args=[card.pk])
    response = client.post(url, card_form(card, benefit_level="2"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    card.refresh_from_db()
    assert card.benefit_level == 2
    entry = PersonalDataAccess.objects.get()
    assert (entry.participant, entry.user, entry.purpose) == (card.participant, officer, OFFICER.OFFICER_CHANGE)

    citizen = client.__class__()
    citizen.force_login(card.participant.user)
    page = citizen.get("/profile/access-log/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Cán bộ BHXH đã sửa hồ sơ của bạn" in page
    assert "Cơ quan BHXH" in page or "Cơ quan bảo hiểm xã hội" in page


def test_a_refused_change_writes_nothing(client, officer):
    card = CardFactory()
    sign_in_verified(client, officer)
    url = reverse("admin:participants_healthinsurancecard_change", args=[card.pk])
    response = client.post(url, card_form(card, benefit_level="9"))
    assert response.status_code == 200  # the form with its error
    assert not PersonalDataAccess.objects.exists()


def test_deleting_records_in_bulk_is_logged_once_per_person(client, officer):
    first = ContributionFactory()
    second = ContributionFactory(participant=first.participant, month=datetime.date(2020, 2, 1))
    other = ContributionFactory()
    sign_in_verified(client, officer)
    url = reverse("admin:participants_contributionrecord_changelist")
    response = client.post(
        url, {"action": "delete_selected", "_selected_action": [first.pk, second.pk, other.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not ContributionRecord.objects.exists()
    logged = sorted(PersonalDataAccess.objects.values_list("participant_id", "purpose"))
    assert logged == sorted(
        [(first.participant_id, OFFICER.OFFICER_DELETE), (other.participant_id, OFFICER.OFFICER_DELETE)]
    )


def test_the_personal_record_admins_are_the_persons_records():
    personal = {m._meta.model_name for m, a in admin.site._registry.items() if isinstance(a, PersonalRecordAdmin)}
    assert {
        "participant",
        "healthinsurancecard",
        "contributionrecord",
        "employment",
        "voluntaryenrolment",
        "familylink",
        "household",
    } <= personal
    assert HealthInsuranceCard._meta.model_name in personal
