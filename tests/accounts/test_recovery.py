"""Account recovery by SMS (issue 17, item 2): the activation's code rules, no e-mail needed, nothing revealed."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import OneTimeCode
from participants.sms import MemorySmsBackend
from tests.factories import ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def memory_sms(settings):
    settings.SMS_BACKEND = "participants.sms.MemorySmsBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MemorySmsBackend.reset()
    return MemorySmsBackend


@pytest.fixture
def person():
    return ParticipantFactory(
        email="", phone="0912345678", birth_date=datetime.date(1990, 3, 1), user=UserFactory(username="c-hoa")
    )


def start(client, national_id, birth="01/03/1990"):
    return client.post(reverse("password-reset-sms"), {"national_id": national_id, "birth_date": birth})


def sent_code() -> str:
    return MemorySmsBackend.outbox[-1][1].split(" là ")[1][:6]


def test_a_code_by_sms_sets_a_new_password_without_any_email(client, person, django_capture_on_commit_callbacks):
    spaced = f"{person.national_id[:3]} {person.national_id[3:6]} {person.national_id[6:9]} {person.national_id[9:]}"
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, spaced)
    assert response.status_code == 302
    phone, text = MemorySmsBackend.outbox[-1]
    assert phone == "0912345678" and "Không cho ai biết mã này" in text
    page = client.get(reverse("password-reset-sms-verify")).content.decode()
    assert "09******78" in page
    data = {"code": sent_code(), "password1": "mật-khẩu-mới-2026", "password2": "mật-khẩu-mới-2026"}
    assert client.post(reverse("password-reset-sms-verify"), data).url == reverse("login")
    person.user.refresh_from_db()
    assert person.user.check_password("mật-khẩu-mới-2026")
    assert OneTimeCode.objects.get().used_at is not None


def test_an_unknown_person_gets_the_same_page_and_no_sms(client, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        other = person.national_id[:-1] + str((int(person.national_id[-1]) + 1) % 10)
        response = start(client, other)
    assert response.status_code == 302 and MemorySmsBackend.outbox == []
    page = client.get(reverse("password-reset-sms-verify")).content.decode()
    assert "Nếu thông tin này khớp với một tài khoản" in page
    data = {"code": "123456", "password1": "mật-khẩu-mới-2026", "password2": "mật-khẩu-mới-2026"}
    assert "Mã không đúng" in client.post(reverse("password-reset-sms-verify"), data).content.decode()


def test_a_wrong_code_is_counted_and_the_password_unchanged(client, person):
    start(client, person.national_id)
    data = {"code": "000000", "password1": "mật-khẩu-mới-2026", "password2": "mật-khẩu-mới-2026"}
    response = client.post(reverse("password-reset-sms-verify"), data)
    assert response.status_code == 200 and response.context["form"].errors["code"]
    assert OneTimeCode.objects.get().attempts == 1
    person.user.refresh_from_db()
    assert not person.user.check_password("mật-khẩu-mới-2026")


def test_the_hourly_limit_of_activation_applies(client, person, settings):
    for _ in range(settings.ACTIVATION_MAX_CODES_PER_HOUR):
        start(client, person.national_id)
    refused = start(client, person.national_id)
    assert refused.status_code == 200 and "quá nhiều mã" in refused.content.decode()
    assert OneTimeCode.objects.count() == settings.ACTIVATION_MAX_CODES_PER_HOUR
