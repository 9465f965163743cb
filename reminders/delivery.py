"""Sending reminders by e-mail and SMS: one idempotent service per delivery row, and thin Celery tasks.

Each channel of a reminder is its own `Delivery` row and its own task, so an SMS gateway that is down never
holds back the e-mail. The row is the truth; tasks only carry its id, and any number of copies of a task
(a retry, a message the broker redelivered after a crash, the safety-net sweep, an admin resend) may run:
`delivery_send` locks the row, and only a row still waiting to be sent is sent.

The crash window (see docs/reminders.md, "Delivery"): the row is claimed (attempts + 1 and a short lease in
`not_before`) and committed BEFORE the provider is called, and the outcome is written after. A worker killed
between the provider's answer and the second write leaves a claimed row, which is sent again once the lease
runs out, with the same idempotency key (`Delivery.public_id`): the SMS gateway drops the second request and
the e-mail carries the same Message-ID. So the person gets one message; the provider may see two requests.
"""

import dataclasses
import datetime
import itertools
import logging
import random
from collections.abc import Iterable

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from participants.signals import records_changed

from . import channels
from .enums import Channel, DeliveryStatus
from .metrics import DELIVERY_ATTEMPTS
from .models import Delivery, NotificationPreference
from .planning import DEFAULT_EMAIL_ENABLED, DEFAULT_SMS_ENABLED
from .rules.quiet_hours import defer_for_quiet_hours
from .texts import reminder_email_body, reminder_email_subject, reminder_sms_text

logger = logging.getLogger(__name__)

# The states in which a row still has to go out; every other state is final (or the inbox's own).
SENDABLE = (DeliveryStatus.QUEUED, DeliveryStatus.FAILED_TEMPORARY, DeliveryStatus.DEFERRED)
RESENDABLE = (DeliveryStatus.FAILED_TEMPORARY, DeliveryStatus.FAILED_PERMANENT)
OUTBOUND = (Channel.EMAIL, Channel.SMS)

# Beat entries for the "sweep" module to sync into django-celery-beat (reminders/schedules.py owns the sync).
DELIVERY_SCHEDULES = {
    "reminders-release-deferred": {
        "task": "reminders.release_deferred",
        "schedule": crontab(minute="*/10"),
        # A run not picked up before the next one is due is dropped: the next one does the same work.
        "options": {"expires": 9 * 60, "queue": getattr(settings, "REMINDER_DELIVERY_QUEUE", "") or None},
        "description": "Safety net: re-queue e-mail/SMS deliveries whose task was lost (reminders/delivery.py).",
    },
}


def _conf(name: str, default):
    return getattr(settings, name, default)


@dataclasses.dataclass(frozen=True)
class SendOutcome:
    """What one call of `delivery_send` did, for the task to act on.

    `look_again_at`: when a task should look at the row again (a retry after a temporary failure, the end of
    quiet hours, a lease held by another worker); None when nothing more is to be done by this caller.
    `retrying`: this call failed temporarily and the row waits for a retry (the task uses Celery's retry).
    """

    status: str
    sent: bool = False
    retrying: bool = False
    look_again_at: datetime.datetime | None = None


@dataclasses.dataclass(frozen=True)
class _Message:
    channel: str
    to: str
    subject: str
    text: str
    client_ref: str
    attempts: int


# --- Enqueueing --------------------------------------------------------------------------------------------


def _route() -> dict:
    queue = _conf("REMINDER_DELIVERY_QUEUE", "")
    return {"queue": queue} if queue else {}


def deliveries_enqueue(delivery_ids: Iterable[int]) -> None:
    """Queue `reminders.deliver_batch` tasks for these delivery rows, REMINDER_DELIVERY_BATCH ids a task.

    Nothing is published before the surrounding transaction commits (at once outside one), so a rolled-back
    transaction sends nothing and a worker never looks for a row it cannot see yet.
    """
    ids = sorted(set(delivery_ids))
    if not ids:
        return
    size = max(1, int(_conf("REMINDER_DELIVERY_BATCH", 200)))
    route = _route()
    for chunk in itertools.batched(ids, size, strict=False):
        # Bind the chunk now: the lambda runs after commit, when the loop variable has moved on. `robust`: a
        # broker that is down must not turn a committed check-in into an error page; the rows stay queued and
        # `deliveries_release_due` picks them up.
        transaction.on_commit(lambda chunk=list(chunk): deliver_batch.apply_async((chunk,), **route), robust=True)


def _schedule(delivery_id: int, at: datetime.datetime) -> None:
    deliver.apply_async((delivery_id,), eta=at, **_route())


# --- Sending -----------------------------------------------------------------------------------------------


def _backoff_seconds(attempts: int, retry_after: int | None) -> float:
    """Exponential backoff with full jitter (a random wait up to base * 2^(n-1), capped), never less than
    what the provider asked for: many rows failing together do not come back together."""
    base = float(_conf("REMINDER_RETRY_BASE_SECONDS", 60))
    cap = float(_conf("REMINDER_RETRY_CAP_SECONDS", 3600))
    ceiling = min(cap, base * 2 ** max(0, attempts - 1))
    wait = random.uniform(0, ceiling)
    if retry_after:
        wait = max(wait, float(retry_after))
    return max(wait, 1.0)


def _error_code(channel: str, kind: str, exc: Exception) -> str:
    # A code, never the exception text: the row is shown in the admin, and no address, number or message
    # text may end up there.
    status = getattr(exc.__cause__, "status", None)
    return f"{channel}_{kind}" + (f"_http_{status}" if isinstance(status, int) else "")


def _preference(participant) -> NotificationPreference:
    preference = getattr(participant, "notification_preference", None)
    if preference is None:
        preference = NotificationPreference(
            participant=participant, email_enabled=DEFAULT_EMAIL_ENABLED, sms_enabled=DEFAULT_SMS_ENABLED
        )
    return preference


def _final(delivery: Delivery, status: str, code: str = "") -> SendOutcome:
    delivery.status = status
    delivery.last_error = code
    delivery.not_before = None
    delivery.save(update_fields=["status", "last_error", "not_before", "updated_at"])
    logger.info("Delivery %s (%s): %s %s", delivery.public_id, delivery.channel, status, code)
    return SendOutcome(status=status)


def _claim(delivery_id: int, now: datetime.datetime) -> tuple[_Message | None, SendOutcome | None]:
    """Decide, under the row lock, whether this call sends; if so, record the attempt and a lease first."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("reminder__participant__notification_preference", "reminder__user")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            # Gone, or another worker holds the lock right now and will finish the job.
            return None, SendOutcome(status="")
        if delivery.channel not in OUTBOUND or delivery.status not in SENDABLE:
            return None, SendOutcome(status=delivery.status)
        if delivery.not_before is not None and delivery.not_before > now:
            # Quiet hours not over, a retry not yet due, or another worker's lease still running.
            return None, SendOutcome(status=delivery.status, look_again_at=delivery.not_before)
        if delivery.attempts >= int(_conf("REMINDER_MAX_ATTEMPTS", 6)) and delivery.status != DeliveryStatus.QUEUED:
            # The last attempt's worker died before writing its outcome. (A queued row past the cap is one an
            # admin resent: it gets its one more attempt.)
            return None, _final(delivery, DeliveryStatus.FAILED_PERMANENT, "max_attempts")

        reminder = delivery.reminder
        participant = reminder.participant
        if participant is not None:
            preference = _preference(participant)
            consent = preference.email_enabled if delivery.channel == Channel.EMAIL else preference.sms_enabled
            to = participant.email if delivery.channel == Channel.EMAIL else participant.phone
            language = participant.preferred_language
        else:
            # Employer users have no preference row and no phone: e-mail only, in the site's language.
            preference = None
            consent = delivery.channel == Channel.EMAIL
            to = reminder.user.email if delivery.channel == Channel.EMAIL else ""
            language = settings.LANGUAGE_CODE
        # Consent and address are checked again at send time: they may have changed since the row was queued
        # (an SMS deferred overnight is not sent if the person switched SMS off in the evening).
        if not consent:
            return None, _final(delivery, DeliveryStatus.SKIPPED, "no_consent")
        if not to:
            return None, _final(delivery, DeliveryStatus.SKIPPED, "no_address")

        if delivery.channel == Channel.SMS and preference is not None:
            send_at = defer_for_quiet_hours(now, start=preference.quiet_start, end=preference.quiet_end)
            if send_at > now:
                delivery.status = DeliveryStatus.DEFERRED
                delivery.not_before = send_at
                delivery.save(update_fields=["status", "not_before", "updated_at"])
                return None, SendOutcome(status=DeliveryStatus.DEFERRED, look_again_at=send_at)

        delivery.attempts += 1
        delivery.not_before = now + datetime.timedelta(seconds=int(_conf("REMINDER_SEND_LEASE_SECONDS", 300)))
        delivery.save(update_fields=["attempts", "not_before", "updated_at"])

    with translation.override(language):
        if delivery.channel == Channel.EMAIL:
            subject, text = reminder_email_subject(reminder), reminder_email_body(reminder)
        else:
            subject, text = "", reminder_sms_text(reminder)
    message = _Message(
        channel=delivery.channel,
        to=to,
        subject=subject,
        text=text,
        client_ref=str(delivery.public_id),
        attempts=delivery.attempts,
    )
    return message, None


def _record(delivery_id: int, message: _Message, now: datetime.datetime, result: tuple) -> SendOutcome:
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update(of=("self",)).get(pk=delivery_id)
        if delivery.status in (DeliveryStatus.SENT, DeliveryStatus.DELIVERED):
            # A copy of this task running after a lease ran out got there first; same message, same key.
            return SendOutcome(status=delivery.status)
        kind, value = result
        if kind == "sent":
            delivery.status = DeliveryStatus.SENT
            delivery.provider_ref = str(value)[:200]
            delivery.sent_at = now
            delivery.not_before = None
            delivery.last_error = ""
            delivery.save(update_fields=["status", "provider_ref", "sent_at", "not_before", "last_error", "updated_at"])
            logger.info("Delivery %s (%s) sent, attempt %s", delivery.public_id, message.channel, delivery.attempts)
            return SendOutcome(status=DeliveryStatus.SENT, sent=True)
        if kind == "permanent":
            return _final(delivery, DeliveryStatus.FAILED_PERMANENT, value)
        code, retry_after = value
        if delivery.attempts >= int(_conf("REMINDER_MAX_ATTEMPTS", 6)):
            return _final(delivery, DeliveryStatus.FAILED_PERMANENT, f"{code};max_attempts")
        retry_at = now + datetime.timedelta(seconds=_backoff_seconds(delivery.attempts, retry_after))
        delivery.status = DeliveryStatus.FAILED_TEMPORARY
        delivery.last_error = code
        delivery.not_before = retry_at
        delivery.save(update_fields=["status", "last_error", "not_before", "updated_at"])
        logger.info("Delivery %s (%s): %s, retry at %s", delivery.public_id, message.channel, code, retry_at)
        return SendOutcome(status=DeliveryStatus.FAILED_TEMPORARY, retrying=True, look_again_at=retry_at)


def delivery_send(*, delivery_id: int, now: datetime.datetime | None = None) -> SendOutcome:
    """Send one e-mail or SMS delivery if, and only if, it is still waiting to be sent; idempotent.

    Writes the row twice: the claim (attempts + 1, a lease in `not_before`) before calling the provider,
    the outcome after: `sent` with the provider's reference; `failed_temporary` with the retry time in
    `not_before`; `failed_permanent` with an error code on a refusal or after REMINDER_MAX_ATTEMPTS;
    `deferred` until the end of the person's quiet hours (SMS only); `skipped` when consent or address is gone.
    Raises nothing for a delivery outcome; an unexpected error (a misconfigured backend) propagates and
    leaves the claim, which the lease and `deliveries_release_due` turn into another attempt later.
    `now` is for tests.
    """
    now = now or timezone.now()
    message, outcome = _claim(delivery_id, now)
    if outcome is not None:
        return outcome
    try:
        if message.channel == Channel.EMAIL:
            reference = channels.send_email(
                to=message.to, subject=message.subject, body=message.text, client_ref=message.client_ref
            )
        else:
            reference = channels.send_sms(to=message.to, text=message.text, client_ref=message.client_ref)
    except channels.ChannelPermanentError as exc:
        result = ("permanent", _error_code(message.channel, "permanent", exc))
    except channels.ChannelTemporaryError as exc:
        result = ("temporary", (_error_code(message.channel, "temporary", exc), exc.retry_after))
    else:
        result = ("sent", reference)
    outcome = _record(delivery_id, message, now, result)
    DELIVERY_ATTEMPTS.labels(message.channel, outcome.status).inc()
    return outcome


# --- Operators: the safety net and the admin's resend ------------------------------------------------------


def deliveries_release_due(*, now: datetime.datetime | None = None, limit: int = 10_000) -> int:
    """Queue again the rows whose task was lost; returns how many. Changes no row.

    A row is lost when its `not_before` (end of quiet hours, retry time, a dead worker's lease) passed more
    than REMINDER_RELEASE_GRACE_SECONDS ago, or when it has sat queued and untouched for
    REMINDER_RELEASE_STALE_SECONDS (an enqueue that never reached the broker). A row that was not lost only
    gets a duplicate task, which `delivery_send` ignores.
    """
    now = now or timezone.now()
    grace = datetime.timedelta(seconds=int(_conf("REMINDER_RELEASE_GRACE_SECONDS", 600)))
    stale = datetime.timedelta(seconds=int(_conf("REMINDER_RELEASE_STALE_SECONDS", 3600)))
    ids = list(
        Delivery.objects.filter(channel__in=OUTBOUND, status__in=SENDABLE)
        .filter(
            Q(not_before__lte=now - grace)
            | Q(status=DeliveryStatus.QUEUED, not_before__isnull=True, updated_at__lte=now - stale)
        )
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    deliveries_enqueue(ids)
    return len(ids)


@transaction.atomic
def deliveries_resend(*, reminder_ids: Iterable[int]) -> int:
    """Queue again the failed e-mail and SMS deliveries of these reminders; returns how many.

    Failed rows (temporarily or for good) go back to `queued`, keeping their attempts, and are enqueued on
    commit. Sent, delivered, skipped and still-pending rows are left alone: a resend never sends twice.
    A row that already used REMINDER_MAX_ATTEMPTS gets one more attempt, without automatic retries.
    """
    rows = Delivery.objects.select_for_update(of=("self",)).filter(
        reminder_id__in=list(reminder_ids), channel__in=OUTBOUND, status__in=RESENDABLE
    )
    ids = list(rows.values_list("id", flat=True))
    Delivery.objects.filter(id__in=ids).update(
        status=DeliveryStatus.QUEUED, not_before=None, last_error="", updated_at=timezone.now()
    )
    records_changed.send(sender=Delivery, pks=ids)
    deliveries_enqueue(ids)
    return len(ids)


# --- Tasks: ids in, one service call per id ----------------------------------------------------------------


@shared_task(name="reminders.deliver_batch", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_batch(delivery_ids: list[int]) -> int:
    """Send each delivery of the batch; returns how many went out. A row that must wait (retry, quiet hours)
    gets its own `reminders.deliver` task, so one failing row never holds back the rest of the batch."""
    sent = 0
    for delivery_id in delivery_ids:
        try:
            outcome = delivery_send(delivery_id=delivery_id)
        except Exception as exc:
            # The row keeps its claim; it is tried again when the lease ends (and counts as an attempt).
            logger.error("Delivery id=%s: unexpected %s", delivery_id, type(exc).__name__)
            lease = int(_conf("REMINDER_SEND_LEASE_SECONDS", 300))
            _schedule(delivery_id, timezone.now() + datetime.timedelta(seconds=lease))
            continue
        sent += outcome.sent
        if outcome.look_again_at is not None:
            _schedule(delivery_id, outcome.look_again_at)
    return sent


@shared_task(
    bind=True,
    name="reminders.deliver",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    # The cap is the row's `attempts` (REMINDER_MAX_ATTEMPTS), which also counts attempts made by batches.
    max_retries=None,
)
def deliver(self, delivery_id: int) -> str:
    """Send one delivery; retried by Celery (backoff with jitter, computed by the service) while it fails
    temporarily, and woken again at the end of quiet hours."""
    outcome = delivery_send(delivery_id=delivery_id)
    if outcome.retrying and not self.request.called_directly:
        raise self.retry(eta=outcome.look_again_at, **_route())
    if outcome.look_again_at is not None:
        _schedule(delivery_id, outcome.look_again_at)
    return outcome.status


@shared_task(name="reminders.release_deferred", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def release_deferred() -> int:
    """Safety net on beat (DELIVERY_SCHEDULES): queue again deliveries whose task was lost."""
    return deliveries_release_due()
