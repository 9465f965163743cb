"""First-time activation: ID number + birth date + a one-time code sent to the contact on record."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import OneTimeCode, User
from participants.models import Participant
from participants.sms import MemorySmsBackend
from tests.conftest import load_reference_data
from tests.factories import ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mật-khẩu-của-tôi-2026"


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    # Transactional: the code is sent on commit, so commits must really happen.
    load_reference_data()


@pytest.fixture
def person():
    return ParticipantFactory(full_name="Lý Thị Mỹ", email="my.ly@example.vn", birth_date=datetime.date(1990, 4, 12))


def start(client, person, **overrides):
    data = {"national_id": person.national_id, "birth_date": person.birth_date.isoformat(), **overrides}
    return client.post(reverse("activate"), data)


def code_from(mailoutbox):
    return re.search(r"\b(\d{6})\b", mailoutbox[-1].body).group(1)


def test_activation_end_to_end(client, person, mailoutbox):
    response = start(client, person)
    assert response.status_code == 302 and response["Location"] == reverse("activate-verify")
    assert mailoutbox[-1].to == ["my.ly@example.vn"]
    page = client.get(reverse("activate-verify")).content.decode()
    assert "m***@example.vn" in page
    done = client.post(
        reverse("activate-verify"), {"code": code_from(mailoutbox), "password1": PASSWORD, "password2": PASSWORD}
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.user is not None and person.user.role == "citizen"
    assert "Lý Thị Mỹ" in client.get("/").content.decode()  # signed in
    client.logout()
    login = client.post(reverse("login"), {"username": person.national_id, "password": PASSWORD})
    assert login.status_code == 302


def test_code_goes_by_sms_when_there_is_no_email(client, settings):
    settings.SMS_BACKEND = "participants.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    person = ParticipantFactory(email="", phone="0912345678")
    start(client, person)
    assert MemorySmsBackend.outbox[-1][0] == "0912345678"
    assert re.search(r"\b\d{6}\b", MemorySmsBackend.outbox[-1][1])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"birth_date": "1991-04-12"}, "Không tìm thấy"),
        ({"national_id": "12345"}, "12 chữ số"),
    ],
)
def test_unknown_person_is_refused_and_nothing_is_sent(client, person, mailoutbox, overrides, message):
    response = start(client, person, **overrides)
    assert response.status_code == 200
    assert message.lower() in response.content.decode().lower()
    assert mailoutbox == []
    assert OneTimeCode.objects.count() == 0


def test_existing_account_is_refused(client, mailoutbox):
    person = ParticipantFactory(user=UserFactory(username="c-has"))
    body = start(client, person).content.decode()
    assert "đã có tài khoản" in body
    assert mailoutbox == []


def test_wrong_codes_are_counted_and_then_refused(client, person, mailoutbox, settings):
    start(client, person)
    good = code_from(mailoutbox)
    wrong = "000000" if good != "000000" else "111111"
    for _ in range(settings.ACTIVATION_MAX_ATTEMPTS):
        response = client.post(
            reverse("activate-verify"), {"code": wrong, "password1": PASSWORD, "password2": PASSWORD}
        )
        assert "Mã không đúng" in response.content.decode()
    assert OneTimeCode.objects.get().attempts == settings.ACTIVATION_MAX_ATTEMPTS
    response = client.post(reverse("activate-verify"), {"code": good, "password1": PASSWORD, "password2": PASSWORD})
    assert "Nhập sai mã quá nhiều lần" in response.content.decode()
    assert Participant.objects.get(pk=person.pk).user is None
    assert User.objects.count() == 0


def test_expired_code_and_weak_password_write_nothing(client, person, mailoutbox):
    start(client, person)
    code = code_from(mailoutbox)
    weak = client.post(reverse("activate-verify"), {"code": code, "password1": "12345678", "password2": "12345678"})
    assert weak.status_code == 200
    assert User.objects.count() == 0
    OneTimeCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = client.post(reverse("activate-verify"), {"code": code, "password1": PASSWORD, "password2": PASSWORD})
    assert "hết hạn" in expired.content.decode()
    assert User.objects.count() == 0


def test_codes_per_hour_are_limited(client, person, mailoutbox, settings):
    for _ in range(settings.ACTIVATION_MAX_CODES_PER_HOUR):
        start(client, person)
    response = start(client, person)
    assert "quá nhiều mã" in response.content.decode()
    assert len(mailoutbox) == settings.ACTIVATION_MAX_CODES_PER_HOUR


def test_verify_without_starting_goes_back_to_step_one(client):
    assert client.get(reverse("activate-verify"))["Location"] == reverse("activate")
