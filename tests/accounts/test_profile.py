"""Profile: contact details change only after a code sent to the new address is entered."""

import re

import pytest
from django.urls import reverse

from accounts.models import OneTimeCode
from participants.models import Participant
from participants.sms import MemorySmsBackend
from tests.conftest import load_reference_data
from tests.factories import ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PASSWORD = "mật-khẩu-thử-2026"  # the factory's


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    load_reference_data()  # codes are sent on commit, so commits must really happen


@pytest.fixture
def citizen(client):
    participant = ParticipantFactory(email="old@example.vn", phone="0911111111", user=UserFactory(username="c-p"))
    participant.user.email = "old@example.vn"
    participant.user.save()
    client.force_login(participant.user)
    return participant


def test_profile_shows_the_citizens_own_details(client, citizen):
    body = client.get(reverse("profile")).content.decode()
    assert citizen.national_id in body and "old@example.vn" in body


def test_email_changes_only_after_the_code(client, citizen, mailoutbox):
    response = client.post(
        reverse("profile"),
        {
            "action": "email",
            "email-channel": "email",
            "email-destination": "new@example.vn",
            "email-password": PASSWORD,
        },
    )
    assert response["Location"] == reverse("profile-contact-verify")
    assert mailoutbox[-1].to == ["new@example.vn"]
    assert Participant.objects.get(pk=citizen.pk).email == "old@example.vn"
    code = re.search(r"\b(\d{6})\b", mailoutbox[-1].body).group(1)
    wrong = "000000" if code != "000000" else "111111"
    assert "Mã không đúng" in client.post(reverse("profile-contact-verify"), {"code": wrong}).content.decode()
    assert Participant.objects.get(pk=citizen.pk).email == "old@example.vn"
    done = client.post(reverse("profile-contact-verify"), {"code": code})
    assert done["Location"] == reverse("profile")
    citizen.refresh_from_db()
    citizen.user.refresh_from_db()
    assert citizen.email == "new@example.vn" and citizen.user.email == "new@example.vn"
    # The code is used up.
    again = client.post(reverse("profile-contact-verify"), {"code": code})
    assert "hết hạn" in again.content.decode()


def test_phone_change_by_sms(client, citizen, settings):
    settings.SMS_BACKEND = "participants.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    client.post(
        reverse("profile"),
        {
            "action": "phone",
            "phone-channel": "sms",
            "phone-destination": "0987654321",
            "phone-password": PASSWORD,
        },
    )
    phone, text = MemorySmsBackend.outbox[-1]
    assert phone == "0987654321"
    code = re.search(r"\b(\d{6})\b", text).group(1)
    client.post(reverse("profile-contact-verify"), {"code": code})
    assert Participant.objects.get(pk=citizen.pk).phone == "0987654321"


@pytest.mark.parametrize(
    ("action", "value"),
    [("email", "not-an-email"), ("phone", "12345"), ("email", "old@example.vn"), ("phone", "0911111111")],
)
def test_bad_or_unchanged_contact_is_refused_and_nothing_is_sent(client, citizen, mailoutbox, action, value):
    channel = "email" if action == "email" else "sms"
    response = client.post(
        reverse("profile"),
        {
            "action": action,
            f"{action}-channel": channel,
            f"{action}-destination": value,
            f"{action}-password": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()
    assert OneTimeCode.objects.count() == 0 and mailoutbox == []


def test_language_preference_is_saved_and_switches_the_pages(client, citizen):
    response = client.post(reverse("profile"), {"action": "language", "language": "en"})
    assert response.status_code == 302
    assert Participant.objects.get(pk=citizen.pk).preferred_language == "en"
    assert '<html lang="en"' in client.get(reverse("profile")).content.decode()
    assert client.post(reverse("profile"), {"action": "language", "language": "fr"}).status_code == 200
    assert Participant.objects.get(pk=citizen.pk).preferred_language == "en"


def test_profile_is_for_citizens_only(client):
    assert client.get(reverse("profile")).status_code == 302
    client.force_login(UserFactory(username="hr.q", role="employer"))
    assert client.get(reverse("profile")).status_code == 404


def test_contact_change_needs_the_password_and_tells_the_old_address(client, citizen, mailoutbox):
    """Issue 18: an open session alone could move the account's reset address elsewhere, silently."""
    data = {"action": "email", "email-channel": "email", "email-destination": "thief@example.vn"}
    for password in ("", "sai-mat-khau"):
        response = client.post(reverse("profile"), {**data, "email-password": password})
        assert response.status_code == 200 and 'class="field-error"' in response.content.decode()
    assert OneTimeCode.objects.count() == 0 and mailoutbox == []
    client.post(reverse("profile"), {**data, "email-password": PASSWORD})
    code = re.search(r"\b(\d{6})\b", mailoutbox[-1].body).group(1)
    client.post(reverse("profile-contact-verify"), {"code": code})
    assert Participant.objects.get(pk=citizen.pk).email == "thief@example.vn"
    notice = mailoutbox[-1]
    assert notice.to == ["old@example.vn"] and "t***@example.vn" in notice.body
