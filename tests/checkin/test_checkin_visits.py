"""The patient is told: visits list, inbox notice, "this wasn't me", and the admin's misuse signals."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from checkin import misuse
from checkin import services as checkin_services
from checkin.models import CheckIn, MisuseCase
from reminders.models import Delivery, Reminder
from tests.factories import CardFactory, ClinicStaffFactory, FacilityFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _key_under_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def make_card(name="Phan Thị Lan", username="c-lan"):
    today = timezone.localdate()
    person = ParticipantFactory(full_name=name, user=UserFactory(username=username))
    return CardFactory(
        participant=person,
        valid_from=today - datetime.timedelta(days=30),
        valid_to=today + datetime.timedelta(days=300),
    )


@pytest.fixture
def card():
    return make_card()


def record(card, staff=None):
    staff = staff or ClinicStaffFactory(facility=card.facility)
    token, _ = checkin_services.checkin_token_issue(participant=card.participant)
    return checkin_services.checkin_record(staff=staff.user, facility=staff.facility, token=token).checkin


def test_a_check_in_puts_one_notice_in_the_inbox_in_the_same_transaction(card):
    checkin = record(card)
    reminder = Reminder.objects.get(participant=card.participant)
    assert reminder.kind == "checkin_recorded"
    assert reminder.subject == f"checkin:{checkin.public_id}"
    assert reminder.context["facility_name"] == card.facility.name
    assert reminder.read_at is None
    delivery = Delivery.objects.get(reminder=reminder, channel="inbox")
    assert delivery.status == "delivered"
    # E-mail on by default (the person has an address); SMS off until they choose it.
    assert dict(reminder.deliveries.values_list("channel", "status")) == {
        "inbox": "delivered",
        "email": "queued",
        "sms": "skipped",
    }


def test_a_refused_check_in_notifies_nobody(card):
    token, _ = checkin_services.checkin_token_issue(participant=card.participant)
    staff = ClinicStaffFactory(facility=card.facility)
    checkin_services.checkin_record(staff=staff.user, facility=staff.facility, token=token)
    with pytest.raises(checkin_services.CheckinRefused):
        checkin_services.checkin_record(staff=staff.user, facility=staff.facility, token=token)
    assert Reminder.objects.count() == 1


def test_inbox_shows_the_notice_and_the_header_count_then_marks_read(client, card):
    record(card)
    client.force_login(card.participant.user)
    count = client.get(reverse("inbox-unread"), HTTP_HX_REQUEST="true").content.decode()
    assert "1 mới" in count
    body = client.get(reverse("inbox")).content.decode()
    assert "Ghi nhận lượt khám tại cơ sở khám chữa bệnh" in body and card.facility.name in body
    assert reverse("visits") in body
    assert "Trong ứng dụng" not in body and "Đã nhận" not in body  # no delivery plumbing shown to citizens
    client.post(reverse("inbox-mark-read"))
    assert Reminder.objects.get().read_at is not None
    assert "mới" not in client.get(reverse("inbox-unread"), HTTP_HX_REQUEST="true").content.decode()


def test_notifications_api_lists_only_my_reminders(card):
    record(card)
    other = make_card("Vũ Văn Nam", "c-nam")
    record(other)
    api = APIClient()
    api.force_authenticate(card.participant.user)
    body = api.get("/api/v1/me/notifications/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["kind"] == "checkin_recorded" and item["read"] is False
    assert item["title"] == "Check-in at a clinic" and card.facility.name in item["body"]
    channels = {c["channel"]: c["status"] for c in item["channels"]}
    assert channels["inbox"] == "delivered"
    assert other.facility.name not in str(body)


def test_visits_list_and_this_wasnt_me(client, card):
    checkin = record(card)
    client.force_login(card.participant.user)
    body = client.get(reverse("visits")).content.decode()
    assert card.facility.name in body and reverse("visit-flag", args=[checkin.public_id]) in body
    response = client.post(reverse("visit-flag", args=[checkin.public_id]), {"note": "Tôi ở nhà hôm đó"})
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert checkin.flagged_at is not None and checkin.flag_note == "Tôi ở nhà hôm đó"
    assert "Đã báo không phải bạn" in client.get(reverse("visits")).content.decode()


def test_nobody_can_flag_or_see_another_persons_visit(client, card):
    checkin = record(card)
    intruder = make_card("Hồ Văn Tài", "c-tai")
    client.force_login(intruder.participant.user)
    assert card.facility.name not in client.get(reverse("visits")).content.decode()
    assert client.post(reverse("visit-flag", args=[checkin.public_id])).status_code == 404
    checkin.refresh_from_db()
    assert checkin.flagged_at is None
    client.force_login(UserFactory(role="clinic"))
    assert client.get(reverse("visits")).status_code == 404


def test_visits_and_inbox_take_a_fixed_number_of_queries(client, card, django_assert_num_queries):
    client.force_login(card.participant.user)
    record(card)
    # session, user, participant, the list (+ its deliveries in the inbox), session save (3)
    with django_assert_num_queries(7):
        client.get(reverse("visits"))
    with django_assert_num_queries(8):
        client.get(reverse("inbox"))
    staff = ClinicStaffFactory(facility=card.facility)
    for _ in range(25):
        record(card, staff)
    with django_assert_num_queries(7):
        assert client.get(reverse("visits")).status_code == 200
    with django_assert_num_queries(8):
        assert client.get(reverse("inbox")).status_code == 200


def make_checkin(card, facility, at):
    return CheckIn.objects.create(
        participant=card.participant, card=card, facility=facility, method="national_id", checked_in_at=at
    )


def test_misuse_signals(settings, card):
    settings.CHECKIN_SIGNAL_TWO_FACILITIES_HOURS = 4
    t0 = timezone.now() - datetime.timedelta(days=1)
    elsewhere = FacilityFactory()
    a = make_checkin(card, card.facility, t0)
    b = make_checkin(card, elsewhere, t0 + datetime.timedelta(hours=3))
    c = make_checkin(card, elsewhere, t0 + datetime.timedelta(hours=9))  # same facility as b, far from a
    window = datetime.timedelta(hours=4)
    assert set(CheckIn.objects.at_two_facilities_within(window)) == {a, b}
    busy = [make_checkin(card, card.facility, t0 - datetime.timedelta(days=3, hours=i)) for i in range(3)]
    # 6 check-ins within 7 days: with threshold 5 the 6th (by time) is over it
    over = set(CheckIn.objects.more_than_in_a_week(5))
    assert over == {c}
    assert set(CheckIn.objects.more_than_in_a_week(3)) == {a, b, c}
    assert len(busy) == 3


def test_admin_lists_flagged_and_signals(admin_client, card):
    checkin = record(card)
    checkin_services.checkin_flag(participant=card.participant, checkin_id=checkin.public_id, note="")
    url = reverse("admin:checkin_checkin_changelist")
    for signal in ("flagged", "two_facilities", "busy_week"):
        assert admin_client.get(url, {"signal": signal}).status_code == 200
    body = admin_client.get(url, {"signal": "flagged"}).content.decode()
    assert card.participant.full_name in body
    # A report is reviewed in the misuse queue (checkin/misuse.py); resolving its case marks the check-in reviewed.
    case = MisuseCase.objects.get(checkin=checkin)
    misuse.misuse_case_resolve(
        case=case, by=UserFactory(role="admin", is_staff=True, is_superuser=True), outcome="not_misuse"
    )
    checkin.refresh_from_db()
    assert checkin.reviewed_at is not None
    assert card.participant.full_name not in admin_client.get(url, {"signal": "flagged"}).content.decode()


def test_the_header_count_after_the_session_ended_is_empty_not_the_sign_in_page(client):
    response = client.get(reverse("inbox-unread"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().strip() == ""
