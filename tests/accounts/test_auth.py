import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "mật-khẩu-thử-2026"


@pytest.fixture
def citizen():
    user = UserFactory(username="citizen-a")
    return ParticipantFactory(user=user)


def sign_in(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("identifier", ["national_id", "social_insurance_number"])
def test_citizen_signs_in_with_id_or_si_number(client, citizen, identifier):
    response = sign_in(client, getattr(citizen, identifier))
    assert response.status_code == 302
    page = client.get(reverse("home"))
    assert citizen.full_name in page.content.decode()


def test_staff_signs_in_with_username(client):
    UserFactory(username="hr.tester", role="employer")
    assert sign_in(client, "hr.tester").status_code == 302


def test_sign_in_rotates_the_session_key(client, citizen):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    sign_in(client, citizen.national_id)
    assert client.session.session_key != before


def test_wrong_password_shows_translated_error_and_no_session(client, citizen):
    response = sign_in(client, citizen.national_id, "sai-mat-khau")
    assert response.status_code == 200
    assert "Thông tin đăng nhập không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_after_repeated_failures_is_temporary_and_per_ip(client, citizen, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, citizen.national_id, "sai-mat-khau")
    locked = sign_in(client, citizen.national_id)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Someone guessing from another address cannot lock the real person out.
    assert sign_in(client, citizen.national_id, ip="10.0.0.2").status_code == 302
    client.logout()
    # After the cool-off the locked address may try again.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    )
    assert sign_in(client, citizen.national_id).status_code == 302


def test_api_token_for_valid_credentials_and_bearer_auth(citizen):
    api = APIClient()
    response = api.post("/api/v1/auth/token/", {"username": citizen.national_id, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    # Stored hashed: the token is in the response only.
    assert AuthToken.objects.get(user=citizen.user).digest != token
    assert token not in str(list(AuthToken.objects.values_list()))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    me = api.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["participant"]["full_name"] == citizen.full_name
    assert me.json()["participant"]["id"] == str(citizen.public_id)


def test_api_token_refuses_bad_credentials_in_one_error_format(citizen):
    api = APIClient()
    response = api.post("/api/v1/auth/token/", {"username": citizen.national_id, "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"
    assert AuthToken.objects.count() == 0
    missing = api.post("/api/v1/auth/token/", {"username": citizen.national_id}, format="json")
    assert missing.status_code == 400
    assert list(missing.json()) == ["password"]


def test_api_token_lockout(citizen, settings):
    api = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post("/api/v1/auth/token/", {"username": citizen.national_id, "password": "wrong"}, format="json")
    response = api.post("/api/v1/auth/token/", {"username": citizen.national_id, "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert AuthToken.objects.count() == 0


def test_api_token_is_throttled(citizen, settings):
    settings.AXES_FAILURE_LIMIT = 1000
    api = APIClient()
    statuses = [
        api.post("/api/v1/auth/token/", {"username": "nobody", "password": "x"}, format="json").status_code
        for _ in range(12)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[-1] == 429


def test_api_requires_authentication():
    response = APIClient().get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


def test_staff_me_has_no_participant():
    user = UserFactory(username="clinic.tester", role="clinic")
    api = APIClient()
    api.force_authenticate(user)
    assert api.get("/api/v1/me/").json() == {"username": "clinic.tester", "role": "clinic", "participant": None}


def test_schema_and_docs_are_served_from_our_origin(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/auth/token/" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    body = docs.content.decode()
    assert "cdn" not in body.lower()
    assert "<script>" not in body  # the init script is a separate file: the CSP allows no inline script


def test_password_reset_by_the_participant_email_end_to_end(client, citizen, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": citizen.email.upper()})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [citizen.email]
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Một-mật-khẩu-mới-2026", "new_password2": "Một-mật-khẩu-mới-2026"},
    )
    assert done.status_code == 302
    client.logout()
    assert sign_in(client, citizen.national_id, "Một-mật-khẩu-mới-2026").status_code == 302
    # The link works once.
    assert (
        "Ask for a new one" in client.get(path, follow=True).content.decode()
        or "Hãy yêu cầu" in client.get(path, follow=True).content.decode()
    )


def test_password_reset_for_unknown_email_sends_nothing_and_reveals_nothing(client, citizen, mailoutbox):
    known = client.post(reverse("password_reset"), {"email": citizen.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.vn"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mailoutbox) == 1
