"""The preferences page: channels and SMS quiet hours, saved through notification_preference_set."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from reminders.models import NotificationPreference
from tests.factories import ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

URL = "/inbox/preferences/"


@pytest.fixture
def citizen(client):
    participant = ParticipantFactory(user=UserFactory(username="nguoi.dan"))
    client.force_login(participant.user)
    client.cookies["django_language"] = "en"
    return participant


def test_url_is_stable():
    assert reverse("inbox-preferences") == URL


def test_page_shows_the_defaults_without_a_preference_row(client, citizen):
    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Every notification is always shown on the Notifications page" in html
    assert 'name="email_enabled" id="id_email_enabled" checked' in html
    assert 'name="sms_enabled" id="id_sms_enabled"' in html and 'id_sms_enabled" checked' not in html
    assert 'value="21:00"' in html and 'value="07:00"' in html
    assert not NotificationPreference.objects.exists()


def test_inbox_links_to_the_preferences(client, citizen):
    assert f'href="{URL}"' in client.get("/inbox/").content.decode()


def test_saving_choices(client, citizen):
    response = client.post(URL, {"sms_enabled": "on", "quiet_start": "22:30", "quiet_end": "06:00"}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "Your notification choices are saved." in response.content.decode()
    preference = NotificationPreference.objects.get(participant=citizen)
    assert (preference.email_enabled, preference.sms_enabled, preference.quiet_start, preference.quiet_end) == (
        False,
        True,
        datetime.time(22, 30),
        datetime.time(6, 0),
    )
    page = client.get(URL).content.decode()
    assert 'value="22:30"' in page and 'id="id_sms_enabled" checked' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"quiet_start": "21:00"}, "Enter the time quiet hours end."),
        ({"quiet_end": "07:00"}, "Enter the time quiet hours start."),
        ({"quiet_start": "22:00", "quiet_end": "22:00"}, "Quiet hours must end at a different time than they start."),
        ({"quiet_start": "25:00", "quiet_end": "07:00"}, "Enter a time such as 21:00."),
    ],
)
def test_invalid_quiet_hours_are_refused_and_nothing_is_saved(client, citizen, data, message):
    NotificationPreference.objects.create(participant=citizen, sms_enabled=False)

    response = client.post(URL, {"email_enabled": "on", "sms_enabled": "on", **data})

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert html.count(message) == 2  # in the summary at the top and next to the field
    preference = NotificationPreference.objects.get(participant=citizen)
    assert (preference.sms_enabled, preference.quiet_start) == (False, datetime.time(21, 0))


def test_errors_are_shown_in_the_page_language(client, citizen):
    client.cookies["django_language"] = "vi"
    response = client.post(URL, {"quiet_start": "21:00"})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="vi"' in html
    with translation.override("vi"):
        assert str(_("Enter the time quiet hours end.")) in html
    assert "Có lỗi cần sửa" in html  # "There is a problem"


def test_accounts_without_a_participant_record_get_404(client):
    client.force_login(UserFactory(username="ke.toan", role="employer"))
    assert client.get(URL).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
