"""Sending deliveries: the service against the real database, Django's locmem mail and the memory SMS gateway."""

import datetime
import json
import uuid
from base64 import b64decode
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.urls import reverse

from participants import sms
from reminders.delivery import (
    DELIVERY_SCHEDULES,
    deliveries_enqueue,
    deliveries_release_due,
    deliveries_resend,
    delivery_send,
)
from reminders.enums import Channel, DeliveryStatus, KindChoice
from reminders.models import Delivery, NotificationPreference, Reminder
from reminders.services import reminder_record
from tests.conftest import load_reference_data, publishing
from tests.factories import ParticipantFactory, UserFactory
from tests.twofactor_support import sign_in_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MORNING = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=VN)


class FailingSmsBackend:
    """The gateway is down (HTTP 503): every send fails temporarily."""

    calls = 0

    def send(self, phone, text, *, client_ref=None):
        type(self).calls += 1
        raise sms.SmsTemporaryError("SMS gateway answered HTTP 503.", status=503)


class SlowDownSmsBackend:
    def send(self, phone, text, *, client_ref=None):
        raise sms.SmsTemporaryError("SMS gateway answered HTTP 429.", status=429, retry_after=900)


class RefusingSmsBackend:
    def send(self, phone, text, *, client_ref=None):
        raise sms.SmsPermanentError("SMS gateway refused the message with HTTP 400.", status=400)


class AcceptThenCrashSmsBackend(sms.MemorySmsBackend):
    """The gateway accepts the message, then the worker dies before the outcome is written (once)."""

    crash = True

    def send(self, phone, text, *, client_ref=None):
        reference = super().send(phone, text, client_ref=client_ref)
        if type(self).crash:
            type(self).crash = False
            raise RuntimeError("worker killed")
        return reference


@pytest.fixture(autouse=True)
def memory_sms(settings):
    settings.SMS_BACKEND = "participants.sms.MemorySmsBackend"
    settings.REMINDER_RETRY_BASE_SECONDS = 60
    settings.REMINDER_RETRY_CAP_SECONDS = 3600
    settings.REMINDER_MAX_ATTEMPTS = 6
    sms.MemorySmsBackend.reset()
    FailingSmsBackend.calls = 0
    yield sms.MemorySmsBackend
    sms.MemorySmsBackend.reset()


def make_reminder(*, sms_enabled=True, email_enabled=True, language="vi", **participant_fields):
    participant = ParticipantFactory(preferred_language=language, **participant_fields)
    NotificationPreference.objects.create(participant=participant, sms_enabled=sms_enabled, email_enabled=email_enabled)
    reminder, _created = reminder_record(
        participant=participant,
        kind=KindChoice.CARD_EXPIRING,
        subject="card:1:2026-12-31",
        due_on=datetime.date(2026, 12, 1),
        context={"valid_to": "2026-12-31"},
    )
    return reminder


def delivery(reminder, channel) -> Delivery:
    return reminder.deliveries.get(channel=channel)


# --- Planning on record --------------------------------------------------------------------------------------


def test_reminder_record_plans_each_channel_by_consent_and_address():
    reminder = make_reminder(sms_enabled=True)
    assert {d.channel: d.status for d in reminder.deliveries.all()} == {
        Channel.INBOX: DeliveryStatus.DELIVERED,
        Channel.EMAIL: DeliveryStatus.QUEUED,
        Channel.SMS: DeliveryStatus.QUEUED,
    }
    no_email = make_reminder(sms_enabled=False, email="")
    assert {d.channel: d.status for d in no_email.deliveries.all()} == {
        Channel.INBOX: DeliveryStatus.DELIVERED,
        Channel.EMAIL: DeliveryStatus.SKIPPED,
        Channel.SMS: DeliveryStatus.SKIPPED,
    }


def test_reminder_record_for_an_employer_user_plans_email_only():
    user = UserFactory(email="ketoan@saoviet.vn", role="employer")
    reminder, _ = reminder_record(
        user=user, kind=KindChoice.EMPLOYER_ARREARS, subject="arrears:x:2026-01", due_on=datetime.date(2026, 3, 10)
    )
    assert delivery(reminder, Channel.EMAIL).status == DeliveryStatus.QUEUED
    assert delivery(reminder, Channel.SMS).status == DeliveryStatus.SKIPPED
    assert delivery_send(delivery_id=delivery(reminder, Channel.EMAIL).id, now=MORNING).sent


# --- Sending ---------------------------------------------------------------------------------------------------


def test_email_is_sent_once_in_the_persons_language(mailoutbox):
    reminder = make_reminder(language="en")
    row = delivery(reminder, Channel.EMAIL)

    outcome = delivery_send(delivery_id=row.id, now=MORNING)

    assert outcome.sent and outcome.status == DeliveryStatus.SENT
    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at, row.not_before, row.last_error) == (
        DeliveryStatus.SENT,
        1,
        MORNING,
        None,
        "",
    )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [reminder.participant.email]
    assert message.subject == "Health insurance card expiring – Social insurance portal"
    assert "expires on 31 Dec 2026" in message.body  # the English date format (ux.md)
    assert row.provider_ref == message.extra_headers["Message-ID"]
    assert str(row.public_id) in row.provider_ref

    again = delivery_send(delivery_id=row.id, now=MORNING + datetime.timedelta(hours=1))
    assert not again.sent and again.status == DeliveryStatus.SENT
    row.refresh_from_db()
    assert row.attempts == 1
    assert len(mailoutbox) == 1


def test_sms_is_sent_once_with_the_delivery_uuid_as_idempotency_key(memory_sms):
    reminder = make_reminder()
    row = delivery(reminder, Channel.SMS)

    assert delivery_send(delivery_id=row.id, now=MORNING).sent
    assert not delivery_send(delivery_id=row.id, now=MORNING).sent

    assert len(memory_sms.outbox) == 1
    phone, text = memory_sms.outbox[0]
    assert phone == reminder.participant.phone
    assert text.startswith("BHXH: ")
    assert list(memory_sms.client_refs) == [str(row.public_id)]
    row.refresh_from_db()
    assert (row.status, row.provider_ref, row.attempts) == (DeliveryStatus.SENT, "1", 1)


def test_inbox_and_skipped_rows_are_never_sent(memory_sms, mailoutbox):
    reminder = make_reminder(sms_enabled=False)
    for channel in (Channel.INBOX, Channel.SMS):
        row = delivery(reminder, channel)
        before = (row.status, row.attempts)
        assert not delivery_send(delivery_id=row.id, now=MORNING).sent
        row.refresh_from_db()
        assert (row.status, row.attempts) == before
    assert memory_sms.outbox == [] and mailoutbox == []


def test_consent_withdrawn_after_queueing_skips_the_sms(memory_sms):
    reminder = make_reminder()
    NotificationPreference.objects.filter(participant=reminder.participant).update(sms_enabled=False)
    row = delivery(reminder, Channel.SMS)

    outcome = delivery_send(delivery_id=row.id, now=MORNING)

    row.refresh_from_db()
    assert (outcome.status, row.status, row.last_error, row.attempts) == (
        DeliveryStatus.SKIPPED,
        DeliveryStatus.SKIPPED,
        "no_consent",
        0,
    )
    assert memory_sms.outbox == []


def test_temporary_failure_schedules_a_retry_with_backoff(settings):
    settings.SMS_BACKEND = "tests.reminders.test_delivery.FailingSmsBackend"
    row = delivery(make_reminder(), Channel.SMS)

    outcome = delivery_send(delivery_id=row.id, now=MORNING)

    row.refresh_from_db()
    assert outcome.retrying and not outcome.sent
    assert (row.status, row.attempts, row.last_error) == (DeliveryStatus.FAILED_TEMPORARY, 1, "sms_temporary_http_503")
    # First retry: full jitter up to the base (60 s), at least 1 s.
    assert MORNING + datetime.timedelta(seconds=1) <= row.not_before <= MORNING + datetime.timedelta(seconds=60)
    assert outcome.look_again_at == row.not_before

    # Before the retry time a copy of the task does nothing; at the retry time it tries again.
    early = delivery_send(delivery_id=row.id, now=row.not_before - datetime.timedelta(seconds=1))
    assert (early.look_again_at, FailingSmsBackend.calls) == (row.not_before, 1)
    second = delivery_send(delivery_id=row.id, now=row.not_before)
    row.refresh_from_db()
    assert (second.retrying, row.attempts, FailingSmsBackend.calls) == (True, 2, 2)


def test_backoff_grows_and_is_capped(settings):
    settings.SMS_BACKEND = "tests.reminders.test_delivery.FailingSmsBackend"
    settings.REMINDER_MAX_ATTEMPTS = 20
    settings.REMINDER_RETRY_CAP_SECONDS = 600
    row = delivery(make_reminder(), Channel.SMS)
    now = MORNING
    for attempt in range(1, 10):
        outcome = delivery_send(delivery_id=row.id, now=now)
        wait = (outcome.look_again_at - now).total_seconds()
        assert 1 <= wait <= min(600, 60 * 2 ** (attempt - 1)), attempt
        now = outcome.look_again_at


def test_retry_after_from_the_gateway_is_honoured(settings):
    settings.SMS_BACKEND = "tests.reminders.test_delivery.SlowDownSmsBackend"
    row = delivery(make_reminder(), Channel.SMS)

    outcome = delivery_send(delivery_id=row.id, now=MORNING)

    assert outcome.look_again_at >= MORNING + datetime.timedelta(seconds=900)
    row.refresh_from_db()
    assert row.last_error == "sms_temporary_http_429"


def test_temporary_failures_end_failed_after_the_last_attempt(settings):
    settings.SMS_BACKEND = "tests.reminders.test_delivery.FailingSmsBackend"
    settings.REMINDER_MAX_ATTEMPTS = 3
    reminder = make_reminder()
    row = delivery(reminder, Channel.SMS)
    now = MORNING
    statuses = []
    for _ in range(3):
        outcome = delivery_send(delivery_id=row.id, now=now)
        statuses.append(outcome.status)
        now = outcome.look_again_at or now
    assert statuses == [
        DeliveryStatus.FAILED_TEMPORARY,
        DeliveryStatus.FAILED_TEMPORARY,
        DeliveryStatus.FAILED_PERMANENT,
    ]
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error, row.not_before) == (
        DeliveryStatus.FAILED_PERMANENT,
        3,
        "sms_temporary_http_503;max_attempts",
        None,
    )
    assert reminder.participant.phone not in row.last_error
    # Given up: later copies of the task do not call the gateway again.
    delivery_send(delivery_id=row.id, now=now + datetime.timedelta(days=1))
    assert FailingSmsBackend.calls == 3


def test_permanent_refusal_is_not_retried(settings):
    settings.SMS_BACKEND = "tests.reminders.test_delivery.RefusingSmsBackend"
    row = delivery(make_reminder(), Channel.SMS)

    outcome = delivery_send(delivery_id=row.id, now=MORNING)

    row.refresh_from_db()
    assert (outcome.retrying, outcome.look_again_at) == (False, None)
    assert (row.status, row.attempts, row.last_error) == (DeliveryStatus.FAILED_PERMANENT, 1, "sms_permanent_http_400")


def test_a_failing_sms_does_not_block_the_email(settings, mailoutbox):
    settings.SMS_BACKEND = "tests.reminders.test_delivery.FailingSmsBackend"
    reminder = make_reminder()

    sms_outcome = delivery_send(delivery_id=delivery(reminder, Channel.SMS).id, now=MORNING)
    email_outcome = delivery_send(delivery_id=delivery(reminder, Channel.EMAIL).id, now=MORNING)

    assert sms_outcome.status == DeliveryStatus.FAILED_TEMPORARY
    assert email_outcome.sent
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("local_time", "deferred_until"),
    [
        (datetime.time(20, 59), None),
        (datetime.time(21, 0), datetime.datetime(2026, 3, 11, 7, 0, tzinfo=VN)),
        (datetime.time(23, 30), datetime.datetime(2026, 3, 11, 7, 0, tzinfo=VN)),
        (datetime.time(6, 59), datetime.datetime(2026, 3, 10, 7, 0, tzinfo=VN)),
        (datetime.time(7, 0), None),
    ],
)
def test_sms_in_quiet_hours_is_deferred_to_their_end(memory_sms, local_time, deferred_until):
    row = delivery(make_reminder(), Channel.SMS)
    now = datetime.datetime.combine(datetime.date(2026, 3, 10), local_time, tzinfo=VN)

    outcome = delivery_send(delivery_id=row.id, now=now)

    row.refresh_from_db()
    if deferred_until is None:
        assert outcome.sent and row.status == DeliveryStatus.SENT
        return
    assert (outcome.status, outcome.look_again_at) == (DeliveryStatus.DEFERRED, deferred_until)
    assert (row.status, row.not_before, row.attempts) == (DeliveryStatus.DEFERRED, deferred_until, 0)
    assert memory_sms.outbox == []
    # Deferred, not dropped: a second before the end nothing, at the end it goes.
    assert not delivery_send(delivery_id=row.id, now=deferred_until - datetime.timedelta(seconds=1)).sent
    assert delivery_send(delivery_id=row.id, now=deferred_until).sent
    assert len(memory_sms.outbox) == 1


def test_quiet_hours_follow_the_persons_preference_and_spare_email(memory_sms, mailoutbox):
    reminder = make_reminder()
    NotificationPreference.objects.filter(participant=reminder.participant).update(
        quiet_start=datetime.time(22, 0), quiet_end=datetime.time(6, 0)
    )
    late = datetime.datetime(2026, 3, 10, 21, 30, tzinfo=VN)
    assert delivery_send(delivery_id=delivery(reminder, Channel.SMS).id, now=late).sent
    assert delivery_send(delivery_id=delivery(reminder, Channel.EMAIL).id, now=late).sent
    other = make_reminder()
    night = datetime.datetime(2026, 3, 10, 23, 0, tzinfo=VN)
    assert delivery_send(delivery_id=delivery(other, Channel.EMAIL).id, now=night).sent  # e-mail has no quiet hours
    assert delivery_send(delivery_id=delivery(other, Channel.SMS).id, now=night).status == DeliveryStatus.DEFERRED


def test_a_worker_dying_after_the_gateway_accepted_does_not_send_twice(settings, memory_sms):
    """The crash window: the claim is committed, the gateway accepts, the outcome is never written."""
    settings.SMS_BACKEND = "tests.reminders.test_delivery.AcceptThenCrashSmsBackend"
    settings.REMINDER_SEND_LEASE_SECONDS = 300
    AcceptThenCrashSmsBackend.crash = True
    row = delivery(make_reminder(), Channel.SMS)

    with pytest.raises(RuntimeError):
        delivery_send(delivery_id=row.id, now=MORNING)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.not_before) == (
        DeliveryStatus.QUEUED,
        1,
        MORNING + datetime.timedelta(seconds=300),
    )
    # A redelivered copy while the lease runs sends nothing; after it, the same key goes to the gateway.
    assert (
        delivery_send(delivery_id=row.id, now=MORNING + datetime.timedelta(seconds=10)).look_again_at == row.not_before
    )
    assert delivery_send(delivery_id=row.id, now=row.not_before).sent
    row.refresh_from_db()
    assert (row.status, row.attempts) == (DeliveryStatus.SENT, 2)
    assert len(memory_sms.outbox) == 1  # the gateway dropped the second request with the same key


def test_last_error_never_holds_the_address(settings, mailoutbox):
    reminder = make_reminder(email="khong-hop-le")  # saved without full_clean: an invalid address
    row = delivery(reminder, Channel.EMAIL)
    delivery_send(delivery_id=row.id, now=MORNING)
    row.refresh_from_db()
    assert (row.status, row.last_error) == (DeliveryStatus.FAILED_PERMANENT, "email_permanent")
    assert mailoutbox == []


# --- Resend, safety net --------------------------------------------------------------------------------------


def test_resend_requeues_only_failed_deliveries_and_keeps_attempts(settings, memory_sms, mailoutbox):
    settings.SMS_BACKEND = "tests.reminders.test_delivery.RefusingSmsBackend"
    reminder = make_reminder()
    sms_row, email_row = delivery(reminder, Channel.SMS), delivery(reminder, Channel.EMAIL)
    delivery_send(delivery_id=sms_row.id, now=MORNING)
    delivery_send(delivery_id=email_row.id, now=MORNING)
    Delivery.objects.filter(pk=sms_row.pk).update(attempts=6)

    with transaction.atomic():
        assert deliveries_resend(reminder_ids=[reminder.id]) == 1

    sms_row.refresh_from_db()
    email_row.refresh_from_db()
    assert (sms_row.status, sms_row.attempts, sms_row.last_error) == (DeliveryStatus.QUEUED, 6, "")
    assert email_row.status == DeliveryStatus.SENT
    # The number was fixed at the gateway: the resent SMS gets its one more attempt; the e-mail is not re-sent.
    settings.SMS_BACKEND = "participants.sms.MemorySmsBackend"
    assert delivery_send(delivery_id=sms_row.id, now=MORNING).sent
    assert not delivery_send(delivery_id=email_row.id, now=MORNING).sent
    assert (len(memory_sms.outbox), len(mailoutbox)) == (1, 1)


@pytest.fixture
def admin_client(client):
    sign_in_verified(client, UserFactory(username="quan.tri", role="admin", is_staff=True, is_superuser=True))
    return client


def test_admin_resend_action(settings, admin_client, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "tests.reminders.test_delivery.RefusingSmsBackend"
    reminder = make_reminder()
    delivery_send(delivery_id=delivery(reminder, Channel.SMS).id, now=MORNING)
    delivery_send(delivery_id=delivery(reminder, Channel.EMAIL).id, now=MORNING)
    untouched = make_reminder()

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(
            reverse("admin:reminders_reminder_changelist"),
            {"action": "resend_failed", "_selected_action": [reminder.id, untouched.id]},
            follow=True,
        )

    assert response.status_code == 200
    assert "1" in " ".join(str(m) for m in response.context["messages"])
    assert delivery(reminder, Channel.SMS).status == DeliveryStatus.QUEUED
    assert delivery(reminder, Channel.EMAIL).status == DeliveryStatus.SENT
    assert delivery(untouched, Channel.SMS).status == DeliveryStatus.QUEUED
    assert len(publishing(callbacks)) == 1  # one batch published on commit


def test_release_due_requeues_only_lost_rows(delivery_queue, django_capture_on_commit_callbacks):
    now = datetime.datetime(2026, 3, 11, 8, 0, tzinfo=VN)
    lost = delivery(make_reminder(), Channel.SMS)
    Delivery.objects.filter(pk=lost.pk).update(
        status=DeliveryStatus.DEFERRED, not_before=now - datetime.timedelta(hours=1)
    )
    waiting = delivery(make_reminder(), Channel.SMS)
    Delivery.objects.filter(pk=waiting.pk).update(
        status=DeliveryStatus.DEFERRED, not_before=now + datetime.timedelta(hours=1)
    )
    fresh = delivery(make_reminder(), Channel.SMS)  # queued a moment ago: its task is on its way
    sent = delivery(make_reminder(), Channel.EMAIL)
    Delivery.objects.filter(pk=sent.pk).update(status=DeliveryStatus.SENT)

    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_release_due(now=now) == 1
    assert delivery_queue() == [("reminders.deliver_batch", [[lost.id]])]
    assert fresh.id != lost.id
    assert set(DELIVERY_SCHEDULES) == {"reminders-release-deferred"}
    assert DELIVERY_SCHEDULES["reminders-release-deferred"]["task"] == "reminders.release_deferred"


# --- Enqueueing on commit, through real Redis ---------------------------------------------------------------


def forget_celery_result_backend() -> None:
    """Publishing a task makes the app cache its (disabled) result backend; tests that later configure one
    (tests/test_celery.py) must not find the stale one."""
    from bhxh_portal.celery import app

    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def delivery_queue(settings, redis_url):
    """A queue of our own on the real Redis broker, so no other worker picks up these messages."""
    import redis

    name = f"test-delivery-{uuid.uuid4().hex[:12]}"
    settings.REMINDER_DELIVERY_QUEUE = name
    client = redis.Redis.from_url(redis_url)

    def published():
        messages = [json.loads(raw) for raw in reversed(client.lrange(name, 0, -1))]
        return [(m["headers"]["task"], json.loads(b64decode(m["body"]))[0]) for m in messages]

    yield published
    client.delete(name)
    forget_celery_result_backend()


@pytest.fixture
def committed_db(transactional_db):
    load_reference_data()


def test_enqueue_publishes_batches_after_commit(settings, delivery_queue, committed_db):
    settings.REMINDER_DELIVERY_BATCH = 2
    reminders = [make_reminder() for _ in range(3)]  # each publishes one batch of its e-mail + SMS as it commits
    assert [args for _task, args in delivery_queue()] == [
        [sorted(r.deliveries.exclude(channel=Channel.INBOX).values_list("id", flat=True))] for r in reminders
    ]
    ids = sorted(Delivery.objects.exclude(channel=Channel.INBOX).values_list("id", flat=True))

    with transaction.atomic():
        deliveries_enqueue(ids[:5])
        assert len(delivery_queue()) == 3  # nothing before the commit

    tasks = delivery_queue()[3:]
    assert tasks == [
        ("reminders.deliver_batch", [ids[:2]]),
        ("reminders.deliver_batch", [ids[2:4]]),
        ("reminders.deliver_batch", [ids[4:5]]),
    ]


def test_a_rolled_back_transaction_enqueues_nothing(delivery_queue, committed_db):
    participant = ParticipantFactory()
    NotificationPreference.objects.create(participant=participant, sms_enabled=True)

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        reminder_record(
            participant=participant,
            kind=KindChoice.CHECKIN_RECORDED,
            subject="checkin:x",
            due_on=datetime.date(2026, 3, 10),
        )
        deliveries_enqueue(list(Delivery.objects.values_list("id", flat=True)))
        raise Abort

    assert delivery_queue() == []
    assert not Reminder.objects.exists() and not Delivery.objects.exists()
