"""Two-step sign-in for employer accounts: pages, API token, guards and the demo device, on the real database."""

import re
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import include, path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.views import View
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from accounts.twofactor import services
from accounts.twofactor.decorators import SecondFactorRequiredMixin, SecondFactorVerified, second_factor_required
from accounts.twofactor.totp import totp_code
from accounts.twofactor.views import PENDING_SECONDS, PENDING_SESSION_KEY
from bhxh_portal import demo
from employers.models import EmployerMembership
from participants.enums import EmployerRole, Role
from tests.factories import ClinicStaffFactory, EmployerFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "mật-khẩu-thử-2026"
OTP_URL = "/accounts/otp/"
RECOVERY_URL = "/accounts/otp/recovery/"


# --- A test-only page and API view behind the guards ----------------------------------------------


@second_factor_required
def employer_only(request):
    return HttpResponse("trang dành cho doanh nghiệp")


class EmployerOnlyPage(SecondFactorRequiredMixin, View):
    def get(self, request):
        return HttpResponse("trang lớp dành cho doanh nghiệp")


class EmployerOnlyApi(APIView):
    permission_classes = [SecondFactorVerified]

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("t/employer-only/", employer_only),
    path("t/employer-only-class/", EmployerOnlyPage.as_view()),
    path("t/api/employer-only/", EmployerOnlyApi.as_view()),
    path("", include("bhxh_portal.urls")),
]


# --- Helpers ----------------------------------------------------------------------------------------


def vi(message: str) -> str:
    """The message as the (default Vietnamese) page shows it, whether or not its translation is compiled yet."""
    with translation.override("vi"):
        return gettext(message)


def secret_of(device: TOTPDevice) -> str:
    return services.totp_secret_base32(device)


def code_for(device: TOTPDevice) -> str:
    """A code the server accepts now: the next time step above the last one used, inside the tolerance
    window (django-otp refuses a step it has already seen, so two sign-ins in one 30 s need two steps)."""
    device.refresh_from_db()
    now_step = int(time.time()) // device.step + device.drift
    step = max(device.last_t + 1, now_step)
    assert step <= now_step + device.tolerance, "no unused time step left in the window"
    return totp_code(secret_of(device), at=step * device.step)


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """Set up an authenticator app for `user` the way the set-up page does."""
    device = services.totp_device_start(user=user)
    return services.totp_device_confirm(user=user, device_id=device.pk, code=code_for(device))


def sign_in(client, username, password=PASSWORD, ip="10.0.0.1", next_url=None):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data, REMOTE_ADDR=ip)


def post_code(client, code, url=OTP_URL, ip="10.0.0.1"):
    return client.post(url, {"code": code}, REMOTE_ADDR=ip)


def unthrottle(user) -> None:
    """Move django-otp's back-off into the past, as waiting a few seconds would."""
    past = timezone.now() - timezone.timedelta(hours=1)
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=past)
    StaticDevice.objects.filter(user=user).update(throttling_failure_timestamp=past)


def is_verified(client) -> bool:
    user = client.get(reverse("home")).wsgi_request.user
    return user.is_authenticated and user.is_verified()


@pytest.fixture
def hr_user():
    return UserFactory(username="hr.nguyen", role=Role.EMPLOYER, first_name="Lan", last_name="Nguyễn")


@pytest.fixture
def enrolled(hr_user):
    device, codes = enrol(hr_user)
    return hr_user, device, codes


# --- Who is asked ------------------------------------------------------------------------------------


def test_every_account_but_a_citizens_requires_the_second_factor():
    member = UserFactory(role=Role.CITIZEN)
    EmployerMembership.objects.create(user=member, employer=EmployerFactory(), role=EmployerRole.HR_VIEWER)
    desk = ClinicStaffFactory(user=UserFactory(role=Role.CITIZEN)).user
    staff = UserFactory(role=Role.CITIZEN, is_staff=True)
    for role in (Role.EMPLOYER, Role.CLINIC, Role.ADMIN):
        assert services.user_requires_second_factor(UserFactory(role=role)), role
    assert services.user_requires_second_factor(member)  # acts for an employer
    assert services.user_requires_second_factor(desk)  # works at a clinic desk
    assert services.user_requires_second_factor(staff)  # opens the admin
    assert not services.user_requires_second_factor(UserFactory(role=Role.CITIZEN))


def test_citizens_are_not_asked_for_a_code(client):
    user = UserFactory(username="citizen-tester", role=Role.CITIZEN)
    ParticipantFactory(user=user)
    response = sign_in(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(user.pk)
    assert PENDING_SESSION_KEY not in client.session
    assert not TOTPDevice.objects.exists()


def test_employer_password_step_does_not_sign_in(client, hr_user):
    response = sign_in(client, "hr.nguyen")
    assert response.status_code == 302
    assert response["Location"] == OTP_URL
    assert SESSION_KEY not in client.session
    assert client.session[PENDING_SESSION_KEY]["user_id"] == hr_user.pk
    # A member of an employer whose role is citizen is asked too.
    citizen = ParticipantFactory(user=UserFactory(username="citizen-hr")).user
    EmployerMembership.objects.create(user=citizen, employer=EmployerFactory(), role=EmployerRole.OWNER)
    client.logout()
    assert sign_in(client, "citizen-hr")["Location"] == OTP_URL
    assert SESSION_KEY not in client.session


def test_wrong_password_never_reaches_the_code_step(client, hr_user):
    response = sign_in(client, "hr.nguyen", "sai-mat-khau")
    assert response.status_code == 200
    assert PENDING_SESSION_KEY not in client.session
    assert client.get(OTP_URL)["Location"] == reverse("login")


# --- Setting up the app --------------------------------------------------------------------------------


def test_enrolment_shows_qr_and_key_then_ten_recovery_codes_once(client, hr_user):
    sign_in(client, "hr.nguyen", next_url="/contributions/")
    page = client.get(OTP_URL)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]  # the key is on this page
    body = page.content.decode()
    device = TOTPDevice.objects.get(user=hr_user)
    assert not device.confirmed
    secret = secret_of(device)
    assert "<svg" in body and 'role="img"' in body
    assert "".join(f"<code>{g}</code> " for g in services.secret_groups(secret)).strip() in body
    # The app's label is the site's name in the page's language (what the QR carries is set then, for good).
    with translation.override("vi"):
        issuer = "C%E1%BB%95ng%20t%E1%BB%B1%20ph%E1%BB%A5c%20v%E1%BB%A5%20BHXH"  # "Cổng tự phục vụ BHXH"
        assert device.config_url.startswith(f"otpauth://totp/{issuer}%3Ahr.nguyen?")
        assert device.config_url.endswith(f"&issuer={issuer}")
    with translation.override("en"):
        assert device.config_url.startswith("otpauth://totp/Social%20insurance%20portal%3Ahr.nguyen?")
    assert "Thêm Cổng tự phục vụ BHXH vào ứng dụng xác thực" in body and "BHXH Portal" not in body
    # Reloading keeps the key that may already be in the app.
    client.get(OTP_URL)
    assert list(TOTPDevice.objects.filter(user=hr_user).values_list("key", flat=True)) == [device.key]

    wrong = post_code(client, "000000" if code_for(device) != "000000" else "111111")
    assert wrong.status_code == 200
    assert vi("The code is not correct. Enter the 6 digits your app shows now.") in wrong.content.decode()
    assert SESSION_KEY not in client.session
    device.refresh_from_db()
    assert not device.confirmed and device.throttling_failure_count == 1
    unthrottle(hr_user)

    done = post_code(client, code_for(device))
    assert done.status_code == 200
    codes = re.findall(r"<code>([2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4})</code>", done.content.decode())
    assert len(codes) == len(set(codes)) == 10
    assert 'href="/contributions/"' in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    stored = set(StaticToken.objects.filter(device__user=hr_user).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {c.replace("-", "") for c in codes} and not stored & set(codes)  # hashed, not in clear
    assert client.session[SESSION_KEY] == str(hr_user.pk)
    assert PENDING_SESSION_KEY not in client.session
    assert is_verified(client)
    # Once set up, the step asks for a code: the recovery codes are not shown again.
    client.logout()
    sign_in(client, "hr.nguyen")
    again = client.get(OTP_URL).content.decode()
    assert "<svg" not in again and not any(code in again for code in codes)


def test_enrolment_replaces_an_older_device_and_old_recovery_codes(hr_user):
    old_device, old_codes = enrol(hr_user)
    TOTPDevice.objects.filter(pk=old_device.pk).update(confirmed=False)  # as if the set-up was started again
    new_device, new_codes = enrol(hr_user)
    assert list(TOTPDevice.objects.filter(user=hr_user)) == [new_device]
    assert set(old_codes).isdisjoint(new_codes)
    assert StaticToken.objects.filter(device__user=hr_user).count() == 10


# --- Signing in with a code -------------------------------------------------------------------------------


def test_totp_code_signs_in_verified_and_goes_to_next(client, enrolled):
    user, device, _codes = enrolled
    sign_in(client, "hr.nguyen", next_url="/contributions/")
    page = client.get(OTP_URL)
    assert page.status_code == 200 and "<svg" not in page.content.decode()
    response = post_code(client, code_for(device))
    assert response.status_code == 302
    assert response["Location"] == "/contributions/"
    assert client.session[SESSION_KEY] == str(user.pk)
    assert is_verified(client)


def test_unsafe_next_falls_back_to_home(client, enrolled):
    _user, device, _codes = enrolled
    sign_in(client, "hr.nguyen", next_url="https://evil.example/steal")
    assert post_code(client, code_for(device))["Location"] == reverse("home")


def test_wrong_code_is_a_translated_form_error_and_throttled(client, enrolled):
    user, device, _codes = enrolled
    sign_in(client, "hr.nguyen")
    right = code_for(device)
    wrong = post_code(client, "000000" if right != "000000" else "111111")
    assert wrong.status_code == 200
    body = wrong.content.decode()
    assert vi("The code is not correct. Enter the 6 digits your app shows now, or an unused recovery code.") in body
    assert 'class="error-summary"' in body
    assert SESSION_KEY not in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # After a few wrong codes even the right one waits for django-otp's back-off (8 s after the 4th).
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=4, throttling_failure_timestamp=timezone.now()
    )
    throttled = post_code(client, right)
    assert throttled.status_code == 200
    assert SESSION_KEY not in client.session
    with translation.override("vi"):
        wait = ngettext(
            "Too many wrong codes. Wait %(seconds)d second and try again.",
            "Too many wrong codes. Wait %(seconds)d seconds and try again.",
            8,
        )
    assert re.search(re.escape(wait % {"seconds": 999}).replace("999", "[1-8]"), throttled.content.decode())
    unthrottle(user)
    assert post_code(client, right).status_code == 302
    assert is_verified(client)


def test_not_six_digits_is_refused_by_the_form(client, enrolled):
    sign_in(client, "hr.nguyen")
    response = post_code(client, "12ab56")
    assert response.status_code == 200
    assert vi("Enter the 6 digits your app shows, without letters.") in response.content.decode()
    assert SESSION_KEY not in client.session


def test_repeated_wrong_codes_lock_the_sign_in_like_passwords(client, enrolled, settings):
    user, device, _codes = enrolled
    sign_in(client, "hr.nguyen")
    wrong = "000000" if code_for(device) != "000000" else "111111"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        unthrottle(user)
        assert post_code(client, wrong).status_code == 200
    unthrottle(user)
    locked = post_code(client, wrong)
    assert locked.status_code == 429
    assert AccessAttempt.objects.get(username="hr.nguyen").failures_since_start == settings.AXES_FAILURE_LIMIT
    assert SESSION_KEY not in client.session
    assert PENDING_SESSION_KEY not in client.session
    # The password step is locked for the same name and address too; another address is not.
    assert sign_in(client, "hr.nguyen").status_code == 429
    assert sign_in(client, "hr.nguyen", ip="10.0.0.2")["Location"] == OTP_URL


def test_recovery_code_signs_in_once(client, enrolled):
    user, _device, codes = enrolled
    sign_in(client, "hr.nguyen", next_url="/contributions/")
    response = post_code(client, codes[3].upper().replace("-", " "), url=RECOVERY_URL)  # as typed from paper
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('otp-recovery-codes')}?next=%2Fcontributions%2F"
    assert is_verified(client)
    assert services.recovery_codes_left(user=user) == 9
    offer = client.get(response["Location"])
    assert offer.status_code == 200 and 'href="/contributions/"' in offer.content.decode()

    client.logout()
    sign_in(client, "hr.nguyen")
    reused = post_code(client, codes[3], url=RECOVERY_URL)
    assert reused.status_code == 200
    assert vi("The code is not correct. Enter the 6 digits your app shows now, or an unused recovery code.") in (
        reused.content.decode()
    )
    assert SESSION_KEY not in client.session
    assert services.recovery_codes_left(user=user) == 9


def test_new_recovery_codes_replace_the_old_ones(client, enrolled):
    user, device, codes = enrolled
    sign_in(client, "hr.nguyen")
    post_code(client, code_for(device))
    page = client.post(reverse("otp-recovery-codes"), {"next": "/contributions/"})
    assert page.status_code == 200
    new_codes = re.findall(r"<code>([2-9a-z-]{14})</code>", page.content.decode())
    assert len(new_codes) == 10 and set(new_codes).isdisjoint(codes)
    assert services.recovery_codes_left(user=user) == 10
    with pytest.raises(ValidationError):
        services.second_factor_verify(user=user, code=codes[0])
    unthrottle(user)
    assert services.second_factor_verify(user=user, code=new_codes[0]).name == services.RECOVERY_DEVICE_NAME


def test_recovery_codes_page_needs_the_second_step(client, enrolled):
    client.force_login(enrolled[0])
    response = client.post(reverse("otp-recovery-codes"))
    assert response.status_code == 302
    assert response["Location"].startswith(OTP_URL)
    assert services.recovery_codes_left(user=enrolled[0]) == 10


# --- The pending sign-in ----------------------------------------------------------------------------------


def test_expired_pending_sign_in_goes_back_to_sign_in_with_a_message(client, enrolled):
    _user, device, _codes = enrolled
    sign_in(client, "hr.nguyen", next_url="/contributions/")
    session = client.session
    session[PENDING_SESSION_KEY]["started"] -= PENDING_SECONDS + 1
    session.save()
    response = post_code(client, code_for(device))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=%2Fcontributions%2F"
    assert SESSION_KEY not in client.session
    assert PENDING_SESSION_KEY not in client.session
    page = client.get(response["Location"])
    assert (
        vi("Signing in took more than 5 minutes, so we stopped it to keep your account safe. Sign in again.")
        in page.content.decode()
    )


def test_password_changed_meanwhile_ends_the_pending_sign_in(client, enrolled):
    user, device, _codes = enrolled
    sign_in(client, "hr.nguyen")
    user.set_password("Một-mật-khẩu-khác-2026")
    user.save()
    assert post_code(client, code_for(device))["Location"].startswith(reverse("login"))
    assert SESSION_KEY not in client.session


def test_the_code_page_without_a_password_step_goes_to_sign_in(client):
    assert client.get(OTP_URL)["Location"] == reverse("login")
    assert client.get(RECOVERY_URL)["Location"] == reverse("login")


# --- Guards for later employer pages and APIs -----------------------------------------------------------


@pytest.mark.urls(__name__)
def test_second_factor_required_sends_an_unverified_employer_to_the_code_step(client, enrolled):
    user, device, _codes = enrolled
    anonymous = client.get("/t/employer-only/")
    assert anonymous["Location"] == f"{reverse('login')}?next=/t/employer-only/"
    client.force_login(user)  # a session that skipped the second step
    unverified = client.get("/t/employer-only/")
    assert unverified["Location"] == f"{OTP_URL}?next=/t/employer-only/"
    finished = post_code(client, code_for(device), url=unverified["Location"])
    assert finished["Location"] == "/t/employer-only/"
    page = client.get("/t/employer-only/")
    assert page.status_code == 200 and "doanh nghiệp" in page.content.decode()
    assert client.get("/t/employer-only-class/").status_code == 200


@pytest.mark.urls(__name__)
def test_second_factor_required_mixin_guards_class_based_views(client, enrolled):
    client.force_login(enrolled[0])
    assert client.get("/t/employer-only-class/")["Location"] == f"{OTP_URL}?next=/t/employer-only-class/"


@pytest.mark.urls(__name__)
def test_second_factor_required_lets_citizens_through(client):
    client.force_login(ParticipantFactory(user=UserFactory()).user)
    assert client.get("/t/employer-only/").status_code == 200


@pytest.mark.urls(__name__)
def test_api_guard_refuses_an_unverified_session_and_accepts_a_bearer_token(client, enrolled):
    user, device, _codes = enrolled
    client.force_login(user)
    refused = client.get("/t/api/employer-only/")
    assert refused.status_code == 403
    assert set(refused.json()) == {"detail", "code"}
    api = APIClient()
    token = api.post(
        "/api/v1/auth/token/", {"username": "hr.nguyen", "password": PASSWORD, "otp": code_for(device)}, format="json"
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/t/api/employer-only/").json() == {"ok": True}
    # And a session that passed the step.
    client.logout()
    sign_in(client, "hr.nguyen")
    post_code(client, code_for(device))
    assert client.get("/t/api/employer-only/").status_code == 200


# --- API token ------------------------------------------------------------------------------------------


def token_request(api, **extra):
    return api.post("/api/v1/auth/token/", {"username": "hr.nguyen", "password": PASSWORD, **extra}, format="json")


def test_api_token_for_employer_requires_otp(enrolled):
    response = token_request(APIClient())
    assert response.status_code == 400
    assert list(response.json()) == ["otp"]
    assert response.json()["otp"] == [
        vi("A code is required for this account: send the 6-digit code from your authenticator app as otp.")
    ]
    assert token_request(APIClient(), otp="").status_code == 400
    assert AuthToken.objects.count() == 0


def test_api_token_refuses_wrong_otp_and_counts_the_failure(enrolled):
    _user, device, _codes = enrolled
    response = token_request(APIClient(), otp="000000" if code_for(device) != "000000" else "111111")
    assert response.status_code == 400
    assert list(response.json()) == ["otp"] and len(response.json()["otp"]) == 1
    assert AuthToken.objects.count() == 0
    assert AccessAttempt.objects.get(username="hr.nguyen").failures_since_start == 1


def test_api_token_refuses_wrong_password_before_asking_for_otp(enrolled):
    response = APIClient().post("/api/v1/auth/token/", {"username": "hr.nguyen", "password": "sai"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"
    assert AuthToken.objects.count() == 0


def test_api_token_with_valid_totp(enrolled):
    user, device, _codes = enrolled
    response = token_request(APIClient(), otp=code_for(device))
    assert response.status_code == 200
    assert AuthToken.objects.get(user=user).token_key == response.json()["token"][:15]


def test_api_token_with_recovery_code_uses_it_up(enrolled):
    user, _device, codes = enrolled
    api = APIClient()
    assert token_request(api, otp=codes[0]).status_code == 200
    assert services.recovery_codes_left(user=user) == 9
    AuthToken.objects.all().delete()
    assert token_request(api, otp=codes[0]).status_code == 400
    assert AuthToken.objects.count() == 0


def test_api_token_for_employer_without_an_app_explains_the_set_up(hr_user):
    response = token_request(APIClient(), otp="123456")
    assert response.status_code == 400
    assert list(response.json()) == ["otp"]
    assert AuthToken.objects.count() == 0
    assert not TOTPDevice.objects.exists()


def test_api_token_for_citizen_ignores_otp():
    citizen = ParticipantFactory(user=UserFactory(username="citizen-b"))
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": citizen.national_id, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200


# --- Demo account -----------------------------------------------------------------------------------------


def test_demo_hr_account_has_the_published_device_and_its_codes_work(client):
    first = demo.demo_seed(participants=0)
    assert first.created["totp_devices"] == 4  # HR, clinic desk, admin, the provincial officer
    again = demo.demo_seed(participants=0)
    assert again.created["totp_devices"] == 0
    device = TOTPDevice.objects.get(user__username="hr.demo")
    assert device.confirmed
    assert secret_of(device) == demo.EMPLOYER_TOTP_SECRET

    logins = {login["username"]: login for login in demo.demo_login_list()}
    hr = logins["hr.demo"]
    assert hr["totp_secret"] == demo.EMPLOYER_TOTP_SECRET
    with_secret = {name for name, login in logins.items() if "totp_secret" in login}
    assert with_secret == {"hr.demo", "clinic.demo", "admin", "officer.hanoi"}
    assert logins["clinic.demo"]["totp_secret"] == demo.CLINIC_TOTP_SECRET
    assert logins["admin"]["totp_secret"] == demo.ADMIN_TOTP_SECRET

    # The secret alone (as a script has it) gives codes the server accepts, on the API and on the pages.
    api = APIClient()
    step = max(device.last_t + 1, int(time.time()) // 30)
    response = api.post(
        "/api/v1/auth/token/",
        {"username": "hr.demo", "password": hr["password"], "otp": totp_code(hr["totp_secret"], at=step * 30)},
        format="json",
    )
    assert response.status_code == 200, response.json()
    sign_in(client, "hr.demo", hr["password"])
    assert post_code(client, totp_code(hr["totp_secret"], at=(step + 1) * 30))["Location"] == reverse("home")
    assert is_verified(client)


def test_demo_device_is_left_alone_when_hr_enrolled_their_own_app():
    demo.demo_seed(participants=0)
    TOTPDevice.objects.filter(user__username="hr.demo").update(key="00" * 20)
    demo.demo_seed(participants=0)
    assert TOTPDevice.objects.filter(user__username="hr.demo").count() == 1
    hr = next(login for login in demo.demo_login_list() if login["username"] == "hr.demo")
    assert "totp_secret" not in hr  # the real secret of someone's own app is never printed
