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
    assert "example.vn" not in page  # not even masked: it would tell that the ID exists
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


def answer(client, response) -> str:
    """What the person sees after step 1: where they were sent and that page's text."""
    assert response.status_code == 302 and response["Location"] == reverse("activate-verify")
    return client.get(reverse("activate-verify")).content.decode()


def test_malformed_id_number_is_a_field_error(client, person, mailoutbox):
    response = start(client, person, national_id="12345")
    assert response.status_code == 200 and "12 chữ số" in response.content.decode()
    assert mailoutbox == []


def test_step_one_answers_the_same_whether_the_id_exists_the_birth_date_is_wrong_or_the_account_exists(
    client, person, mailoutbox
):
    """The attack: 51 requests walked birth dates until the page said something else. Now every case reads
    the same, and only the person's own inbox gets a code."""
    from django.test import Client

    has_account = ParticipantFactory(user=UserFactory(username="c-has"), email="has@example.vn")
    no_contact = ParticipantFactory(email="", phone="")

    def attempt(someone, **overrides):
        browser = Client()
        return answer(browser, start(browser, someone, **overrides))

    pages = [
        attempt(person, birth_date="1991-04-12"),  # wrong birth date
        attempt(person, national_id="079999999999"),  # nobody
        attempt(has_account),  # an account already
        attempt(no_contact),  # nowhere to send
    ]
    assert mailoutbox == [] and OneTimeCode.objects.count() == 0
    right = answer(client, start(client, person))
    assert len(mailoutbox) == 1
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert {csrf.sub("", page) for page in [*pages, right]} == {csrf.sub("", right)}


def test_step_two_refuses_every_case_with_the_same_message(client, person, mailoutbox):
    from django.test import Client

    expected = "Mã không đúng hoặc không còn hiệu lực"
    for overrides in ({"birth_date": "1991-04-12"}, {"national_id": "079999999999"}):
        other = Client()
        start(other, person, **overrides)
        response = other.post(
            reverse("activate-verify"), {"code": "123456", "password1": PASSWORD, "password2": PASSWORD}
        )
        assert expected in response.content.decode()
    assert User.objects.count() == 0


def test_activation_steps_are_limited_per_id_and_per_address(client, person, mailoutbox, settings):
    from django.test import Client

    settings.ACTIVATION_RATE_PER_ID, settings.ACTIVATION_RATE_PER_IP = "3/h", "5/h"
    for day in range(1, 4):
        assert start(Client(REMOTE_ADDR=f"10.1.0.{day}"), person, birth_date=f"1990-01-0{day}").status_code == 302
    # The fourth guess at this ID, from yet another address, is refused before anything is looked up.
    refused = start(Client(REMOTE_ADDR="10.1.0.9"), person)
    assert refused.status_code == 429 and mailoutbox == []
    # Per address: walking through ID numbers from one address stops too.
    walker = Client(REMOTE_ADDR="10.2.0.1")
    statuses = [start(walker, person, national_id=f"07999999990{i}").status_code for i in range(6)]
    assert statuses == [302] * 5 + [429]


def test_wrong_codes_are_counted_and_then_refused(client, person, mailoutbox, settings):
    start(client, person)
    good = code_from(mailoutbox)
    wrong = "000000" if good != "000000" else "111111"
    for _ in range(settings.ACTIVATION_MAX_ATTEMPTS):
        response = client.post(
            reverse("activate-verify"), {"code": wrong, "password1": PASSWORD, "password2": PASSWORD}
        )
        assert "Mã không đúng hoặc không còn hiệu lực" in response.content.decode()
    assert OneTimeCode.objects.get().attempts == settings.ACTIVATION_MAX_ATTEMPTS
    response = client.post(reverse("activate-verify"), {"code": good, "password1": PASSWORD, "password2": PASSWORD})
    assert "Mã không đúng hoặc không còn hiệu lực" in response.content.decode()
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
    assert "Mã không đúng hoặc không còn hiệu lực" in expired.content.decode()
    assert User.objects.count() == 0


def test_codes_per_hour_are_limited(client, person, mailoutbox, settings):
    for _ in range(settings.ACTIVATION_MAX_CODES_PER_HOUR):
        start(client, person)
    response = start(client, person)
    assert response.status_code == 302  # the same answer: no hint that codes were sent before
    assert len(mailoutbox) == settings.ACTIVATION_MAX_CODES_PER_HOUR


def test_verify_without_starting_goes_back_to_step_one(client):
    assert client.get(reverse("activate-verify"))["Location"] == reverse("activate")
