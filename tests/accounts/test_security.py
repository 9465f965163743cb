"""Security hardening (issue 18): each test replays an attack on the running app and shows it refused."""

import datetime
import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import AccountSession
from accounts.twofactor import services as twofactor_services
from accounts.twofactor.totp import totp_code
from participants.enums import Role
from tests.factories import ParticipantFactory, UserFactory
from tests.twofactor_support import sign_in_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "mật-khẩu-thử-2026"
OTP_URL = "/accounts/otp/"


def sign_in(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def setup_secret(client) -> str:
    """The base32 secret the set-up page shows this browser."""
    response = client.get(OTP_URL)
    assert response.status_code == 200
    return "".join(response.context["secret_groups"])


def signed_in(client) -> bool:
    return client.get(reverse("account-security")).status_code == 200


@pytest.fixture
def hr_user():
    return UserFactory(username="hr.tran", role=Role.EMPLOYER)


@pytest.fixture
def citizen():
    return ParticipantFactory(user=UserFactory(username="citizen-sec"))


# --- 1. The pending set-up secret belongs to one sign-in ------------------------------------------


def test_totp_setup_secret_is_not_shared_between_two_sign_ins(client, hr_user):
    from django.test import Client

    attacker, victim = Client(), client
    sign_in(attacker, "hr.tran", ip="10.9.9.9")
    attacker_secret = setup_secret(attacker)
    sign_in(victim, "hr.tran")
    victim_secret = setup_secret(victim)
    assert victim_secret != attacker_secret
    # Reloading keeps this browser's QR code; the attacker's pending secret is gone.
    assert setup_secret(victim) == victim_secret
    assert TOTPDevice.objects.filter(user=hr_user).count() == 1
    # A code minted from the attacker's secret does not confirm the victim's set-up.
    response = victim.post(OTP_URL, {"code": totp_code(attacker_secret)}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 200 and not TOTPDevice.objects.filter(user=hr_user, confirmed=True).exists()


def test_confirming_the_second_factor_ends_every_other_session_and_token(client, hr_user):
    from django.test import Client

    other = Client()
    other.force_login(hr_user)
    account_services.auth_token_create(user=hr_user)
    sign_in(client, "hr.tran")
    secret = setup_secret(client)
    response = client.post(OTP_URL, {"code": totp_code(secret)}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 200 and TOTPDevice.objects.get(user=hr_user).confirmed
    assert not signed_in(other)
    assert AuthToken.objects.filter(user=hr_user).count() == 0
    assert signed_in(client)


def test_confirm_refuses_without_the_session_device(hr_user):
    device = twofactor_services.totp_device_start(user=hr_user)
    with pytest.raises(Exception) as error:
        twofactor_services.totp_device_confirm(
            user=hr_user, device_id=None, code=totp_code(twofactor_services.totp_secret_base32(device))
        )
    assert error.value.code == "no_device"


# --- 2. The admin shows no device secret and no API token ------------------------------------------


def test_admin_hides_totp_secrets_and_lists_no_api_token(client, hr_user):
    admin = UserFactory(username="root", role=Role.ADMIN, is_staff=True, is_superuser=True)
    device = twofactor_services.totp_device_start(user=hr_user)
    secret_hex = device.key
    _instance, token = account_services.auth_token_create(user=hr_user)
    sign_in_verified(client, admin)
    change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert change.status_code == 200 and secret_hex not in change.content.decode()
    assert client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk])).status_code == 403
    assert client.get(reverse("admin:otp_totp_totpdevice_qrcode", args=[device.pk])).status_code == 403
    listing = client.get(reverse("admin:knox_authtoken_changelist")).content.decode()
    assert "hr.tran" in listing and token not in listing and token[:15] not in listing
    assert AuthToken.objects.get(user=hr_user).digest != token  # stored hashed
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404


# --- 3. API tokens expire and end with the password, the second factor, "sign out everywhere" ------


def api_for(token: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def refused(token: str) -> bool:
    response = api_for(token).get("/api/v1/me/")
    return response.status_code == 403 and response.json()["code"] == "authentication_failed"


@pytest.mark.parametrize(
    ("role", "lifetime"),
    [(Role.CITIZEN, datetime.timedelta(days=3)), (Role.EMPLOYER, datetime.timedelta(hours=2))],
)
def test_api_tokens_expire_after_their_role_lifetime(settings, role, lifetime):
    settings.API_TOKEN_DAYS_CITIZEN, settings.API_TOKEN_HOURS_STAFF = 3, 2
    user = UserFactory(role=role)
    if role == Role.CITIZEN:
        ParticipantFactory(user=user)
    instance, token = account_services.auth_token_create(user=user)
    assert abs(instance.expiry - (timezone.now() + lifetime)) < datetime.timedelta(minutes=1)
    AuthToken.objects.filter(pk=instance.pk).update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    assert refused(token)


def test_password_reset_revokes_tokens_and_sessions(client, citizen):
    from django.test import Client

    other = Client()
    other.force_login(citizen.user)
    _instance, token = account_services.auth_token_create(user=citizen.user)
    assert api_for(token).get("/api/v1/me/").status_code == 200
    citizen.user.set_password("một-mật-khẩu-mới-2026")
    citizen.user.save()
    assert refused(token)
    assert not signed_in(other)
    assert not AccountSession.objects.filter(user=citizen.user).exists()


def test_security_page_lists_sessions_and_tokens_and_signs_out_everywhere(client, citizen):
    from django.test import Client

    other = Client()
    other.force_login(citizen.user)
    instance, token = account_services.auth_token_create(user=citizen.user)
    sign_in(client, citizen.national_id)
    page = client.get(reverse("account-security"))
    body = page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    assert len(page.context["sessions"]) == 2 and [s["current"] for s in page.context["sessions"]].count(True) == 1
    assert page.context["tokens"] == [{"created_at": instance.created, "expires_at": instance.expiry}]
    assert token not in body and token[:15] not in body
    response = client.post(reverse("account-security"), follow=True)
    assert response.context["tokens"] == [] and len(response.context["sessions"]) == 1
    assert not signed_in(other)
    assert refused(token)
    assert signed_in(client)


def test_security_page_needs_sign_in(client):
    response = client.get(reverse("account-security"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# --- 7. The unread-count poll does not keep a session alive -----------------------------------------


def test_unread_poll_does_not_extend_the_session_but_a_page_does(client, citizen):
    client.force_login(citizen.user)
    key = client.session.session_key
    past = timezone.now() + datetime.timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=past)
    poll = client.get(reverse("inbox-unread"), HTTP_HX_REQUEST="true")
    assert poll.status_code == 200
    assert Session.objects.get(session_key=key).expire_date == past
    client.get(reverse("home"))
    assert Session.objects.get(session_key=key).expire_date > past + datetime.timedelta(minutes=10)


# --- 8. No 500 on deeply nested JSON -----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/calculator/"])
@pytest.mark.parametrize("depth", [50, 100_000])
def test_deeply_nested_json_is_a_400(path, depth):
    body = "[" * depth + "]" * depth
    response = APIClient().post(path, body, content_type="application/json")
    assert response.status_code == 400
    # (the calculator refuses the biggest body for its size before parsing it)
    assert json.loads(response.content)["code"] in {"parse_error", "too_large"}


# --- 8. An expected birth the policy data does not cover is a field error, not a 500 -----------------


def test_eligibility_with_a_far_expected_birth_is_a_field_error(client, citizen):
    client.force_login(citizen.user)
    page = client.get(reverse("eligibility"), {"expected_birth": "2000-01-01"})
    assert page.status_code == 200
    assert page.context["expected_birth_form"].errors["expected_birth"]
    api = APIClient()
    api.force_authenticate(citizen.user)
    response = api.get("/api/v1/me/eligibility/", {"expected_birth": "2000-01-01"})
    assert response.status_code == 400 and list(response.json()) == ["expected_birth"]


# --- 5. Rate limits: per address on the web sign-in, one client address, one identity one counter ----


def test_web_sign_in_is_limited_per_address_across_identifiers(client, settings):
    """Password spraying: one wrong password for each of many ID numbers from one address."""
    settings.SIGNIN_RATE_PER_IP = "5/10m"
    people = [ParticipantFactory(user=UserFactory()) for _ in range(6)]
    statuses = [sign_in(client, p.national_id, "sai-mat-khau").status_code for p in people]
    assert statuses == [200] * 5 + [429]
    # Even the right password is refused from that address now; another address is not affected.
    assert sign_in(client, people[0].national_id).status_code == 429
    assert sign_in(client, people[0].national_id, ip="10.0.0.2").status_code == 302


def test_forwarded_for_is_ignored_without_a_trusted_proxy(settings):
    from django.test import RequestFactory

    from participants.ratelimit import client_ip

    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    settings.PROXY_COUNT = 0
    assert client_ip(request) == "203.0.113.9"
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "1.2.3.4"
    # Behind one proxy, what the client wrote to the left of the proxy's entry is ignored.
    spoofed = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_ip(spoofed) == "198.51.100.7"
    settings.PROXY_COUNT = 2
    assert client_ip(spoofed) == "6.6.6.6"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="junk, 1.1.1.1")) == (
        "10.0.0.1"
    )


def test_api_throttle_does_not_trust_a_spoofed_forwarded_for(settings):
    """The attack: a new X-Forwarded-For on each request reset the token endpoint's throttle."""
    settings.AXES_FAILURE_LIMIT = 1000
    api = APIClient()
    statuses = [
        api.post(
            "/api/v1/auth/token/",
            {"username": "nobody", "password": "x"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"10.9.0.{i}",
        ).status_code
        for i in range(12)
    ]
    assert statuses[-1] == 429


def test_id_number_and_si_number_of_one_person_share_one_lock_out_counter(client, citizen, settings):
    from axes.models import AccessAttempt

    for i in range(settings.AXES_FAILURE_LIMIT):
        identifier = citizen.national_id if i % 2 else citizen.social_insurance_number
        sign_in(client, identifier, "sai-mat-khau")
    assert AccessAttempt.objects.get().username == citizen.national_id
    assert sign_in(client, citizen.social_insurance_number).status_code == 429
    assert sign_in(client, citizen.national_id).status_code == 429


def test_locked_out_token_request_gets_json(citizen, settings):
    api = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post("/api/v1/auth/token/", {"username": citizen.national_id, "password": "wrong"}, format="json")
    response = api.post("/api/v1/auth/token/", {"username": citizen.national_id, "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json" and response.json()["code"] == "locked_out"


# --- 9. Smaller findings ------------------------------------------------------------------------------


def test_signed_in_pages_and_the_api_are_not_stored(client, citizen):
    assert "no-store" not in client.get(reverse("calculator")).get("Cache-Control", "")  # public, anonymous
    client.force_login(citizen.user)
    for url in (reverse("home"), reverse("contributions"), reverse("profile")):
        assert "no-store" in client.get(url)["Cache-Control"], url
    api = APIClient()
    api.force_authenticate(citizen.user)
    assert "no-store" in api.get("/api/v1/me/")["Cache-Control"]


def test_citizen_statement_neutralises_formula_cells(client, citizen):
    from participants.models import ContributionRecord
    from tests.factories import ContributionFactory, EmployerFactory

    employer = EmployerFactory(name='=HYPERLINK("http://evil.example","Nhấn vào đây")')
    ContributionFactory(participant=citizen, employer=employer)
    assert ContributionRecord.objects.filter(participant=citizen).exists()
    client.force_login(citizen.user)
    body = b"".join(client.get(reverse("contribution-statement")).streaming_content).decode()
    assert "'=HYPERLINK" in body and ',"=HYPERLINK' not in body and ",=HYPERLINK" not in body


def test_reset_e_mails_are_limited_per_account_and_per_address(client, citizen, mailoutbox, settings):
    """The attack: 20 reset requests sent 19 e-mails."""
    from django.test import Client

    settings.PASSWORD_RESET_RATE_PER_ACCOUNT, settings.PASSWORD_RESET_RATE_PER_IP = "3/h", "5/h"
    citizen.email = "nguoi.dan@example.vn"
    citizen.save()
    for i in range(6):
        response = Client(REMOTE_ADDR=f"10.3.0.{i}").post(reverse("password_reset"), {"email": citizen.email})
        assert response.status_code == 302  # the same answer every time
    assert len(mailoutbox) == 3
    # Per address: one client asking for many addresses.
    other = ParticipantFactory(user=UserFactory(), email="khac@example.vn")
    for _ in range(6):
        client.post(reverse("password_reset"), {"email": f"x{_}@example.vn"}, REMOTE_ADDR="10.4.0.1")
    client.post(reverse("password_reset"), {"email": other.email}, REMOTE_ADDR="10.4.0.1")
    assert len(mailoutbox) == 3


def test_an_account_holds_a_bounded_number_of_tokens(citizen, settings):
    settings.API_TOKENS_PER_ACCOUNT = 3
    made = [account_services.auth_token_create(user=citizen.user)[1] for _ in range(5)]
    assert AuthToken.objects.filter(user=citizen.user).count() == 3
    assert refused(made[0]) and not refused(made[-1])


# --- Leftovers of issue 18: re-typed passwords count towards the lock-out; a re-keyed session stays listed ----

NEW_PASSWORD = "một-mật-khẩu-mới-2026"


def contact_change(client, password, ip="10.0.0.1"):
    data = {"action": "email", "email-channel": "email", "email-destination": "thief@example.vn"}
    return client.post(reverse("profile"), {**data, "email-password": password}, REMOTE_ADDR=ip)


def password_change(client, old_password, ip="10.0.0.1"):
    data = {"old_password": old_password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    return client.post(reverse("password_change"), data, REMOTE_ADDR=ip)


def end_cool_off(settings):
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    )


def test_wrong_passwords_on_the_contact_change_form_end_in_the_lock_out(client, citizen, settings):
    """The attack: a session left open on a shared phone guessed the password on the contact form, uncounted,
    to move the account's reset address elsewhere."""
    from axes.models import AccessAttempt

    client.force_login(citizen.user)
    statuses = [contact_change(client, f"doan-sai-{i}").status_code for i in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    # One person, one counter: the same one the sign-in page counts on (the ID number, from this address).
    assert AccessAttempt.objects.get().username == citizen.national_id
    locked = contact_change(client, PASSWORD)
    assert locked.status_code == 429 and "registration/locked_out.html" in [t.name for t in locked.templates]
    # Signed in, the page speaks of the paused changes and leads back to the profile, not to a sign-in.
    page = locked.content.decode()
    assert "Tạm dừng các thay đổi" in page and reverse("profile") in page and "Tạm dừng đăng nhập" not in page
    assert not citizen.one_time_codes.exists()
    assert sign_in(Client(), citizen.social_insurance_number).status_code == 429
    # Another address is not locked; after the cool-off the right password works here again.
    assert contact_change(client, PASSWORD, ip="10.0.0.2").status_code == 302
    end_cool_off(settings)
    assert contact_change(client, PASSWORD)["Location"] == reverse("profile-contact-verify")


def test_guesses_at_sign_in_and_on_the_change_password_page_add_up(client, citizen, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        sign_in(Client(), citizen.national_id, "sai-mat-khau")
    client.force_login(citizen.user)
    assert password_change(client, "doan-sai").status_code == 200
    assert password_change(client, "doan-sai-nua").status_code == 429
    assert password_change(client, PASSWORD).status_code == 429
    citizen.user.refresh_from_db()
    assert citizen.user.check_password(PASSWORD)
    end_cool_off(settings)
    assert password_change(client, PASSWORD)["Location"] == reverse("password_change_done")


def test_a_password_change_keeps_this_session_listed_as_current_and_ends_the_others(client, citizen):
    other = Client()
    sign_in(other, citizen.national_id, ip="10.0.0.7")
    _instance, token = account_services.auth_token_create(user=citizen.user)
    sign_in(client, citizen.national_id)
    old_key = client.session.session_key
    assert password_change(client, PASSWORD)["Location"] == reverse("password_change_done")
    assert client.session.session_key != old_key
    page = client.get(reverse("account-security"))
    assert [s["current"] for s in page.context["sessions"]] == [True]
    assert list(AccountSession.objects.filter(user=citizen.user).values_list("session_key", flat=True)) == [
        client.session.session_key
    ]
    assert not signed_in(other) and refused(token)
    # The list stays true: "sign out everywhere" from here keeps this browser signed in.
    client.post(reverse("account-security"))
    assert signed_in(client)


def test_sessions_ended_by_someone_else_signing_in_are_forgotten_at_the_next_sign_in(client, citizen):
    """On a shared phone the next person's sign-in ends the first one's session (a new, empty session)."""
    sign_in(client, citizen.national_id)
    neighbour = ParticipantFactory(user=UserFactory(username="citizen-neighbour"))
    sign_in(client, neighbour.national_id)
    phone = Client()
    sign_in(phone, citizen.national_id, ip="10.0.0.8")
    assert list(AccountSession.objects.filter(user=citizen.user).values_list("session_key", flat=True)) == [
        phone.session.session_key
    ]
    assert [s["current"] for s in phone.get(reverse("account-security")).context["sessions"]] == [True]


def test_an_employer_password_step_on_a_signed_in_browser_leaves_no_unlisted_session(client, citizen, hr_user):
    """The password step of a two-step sign-in gives the browser a new key; the citizen still signed in there
    must stay listed under it, or "sign out everywhere" from their own phone could not end that session."""
    sign_in(client, citizen.national_id)
    sign_in(client, "hr.tran")
    assert client.session.get("_auth_user_id") == str(citizen.user.pk)
    assert list(AccountSession.objects.filter(user=citizen.user).values_list("session_key", flat=True)) == [
        client.session.session_key
    ]
    phone = Client()
    sign_in(phone, citizen.national_id, ip="10.0.0.8")
    phone.post(reverse("account-security"))
    assert not Session.objects.filter(session_key=client.session.session_key).exists()


def test_verifying_an_older_session_with_the_second_step_keeps_it_listed_as_current(client, hr_user):
    sign_in(client, "hr.tran")
    secret = setup_secret(client)
    client.post(OTP_URL, {"code": totp_code(secret)}, REMOTE_ADDR="10.0.0.1")
    # The session loses its verification (as one from before the second step was required) and verifies again.
    session = client.session
    for key in [k for k in session.keys() if k.startswith("otp_")]:
        del session[key]
    session.save()
    old_key = client.session.session_key
    device = TOTPDevice.objects.get(user=hr_user)
    device.last_t = -1
    device.save()
    response = client.post(OTP_URL, {"code": totp_code(secret)}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302 and client.session.session_key != old_key
    assert list(AccountSession.objects.filter(user=hr_user).values_list("session_key", flat=True)) == [
        client.session.session_key
    ]
    assert [s["current"] for s in client.get(reverse("account-security")).context["sessions"]] == [True]


def test_passwords_are_stored_with_argon2_and_an_older_pbkdf2_one_is_upgraded_at_sign_in(settings, citizen):
    """The project's hashers, not the tests' fast one: Argon2id for new passwords; a PBKDF2 hash (stored before
    the change) still signs in and is re-hashed with Argon2 then."""
    from django.contrib.auth.hashers import make_password

    from bhxh_portal import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = citizen.user
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert sign_in(Client(), citizen.national_id, PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert sign_in(Client(), citizen.national_id, PASSWORD).status_code == 302
