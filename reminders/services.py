"""Writes of the reminder ledger. Every function is idempotent by the ledger's unique keys."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from participants.models import Participant
from participants.signals import records_changed

from .delivery import deliveries_enqueue
from .enums import Channel, DeliveryStatus, KindChoice
from .metrics import REMINDERS_CREATED
from .models import Delivery, NotificationPreference, Reminder
from .planning import DEFAULT_EMAIL_ENABLED, DEFAULT_SMS_ENABLED, channel_statuses


def reminder_record(
    *,
    participant=None,
    user=None,
    kind: str,
    subject: str,
    due_on: datetime.date,
    context: dict | None = None,
) -> tuple[Reminder, bool]:
    """Put a reminder in the ledger once, with its in-app delivery; returns (reminder, created).

    Runs inside the caller's transaction when there is one (a check-in and its notice commit together).
    The in-app inbox is delivered at once; e-mail and SMS get a delivery row each, `queued` or `skipped` by
    the person's consent and addresses (`planning.channel_statuses`), and the queued ones are enqueued for
    sending when the transaction commits (`delivery.deliveries_enqueue`).
    """
    recipient = {"participant": participant} if participant is not None else {"user": user}
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                **recipient, kind=kind, subject=subject, due_on=due_on, context=context or {}
            )
    except IntegrityError:
        # Already in the ledger (a re-run, a second beat, a retried task): nothing new to do.
        return Reminder.objects.get(**recipient, kind=kind, subject=subject, due_on=due_on), False
    now = timezone.now()
    plan = _channel_plan(participant=participant, user=user)
    deliveries = Delivery.objects.bulk_create(
        Delivery(reminder=reminder, channel=channel, status=status, sent_at=now if channel == Channel.INBOX else None)
        for channel, status in plan.items()
    )
    # Published when the caller's transaction commits: a check-in rolled back sends no e-mail or SMS.
    deliveries_enqueue([d.id for d in deliveries if d.status == DeliveryStatus.QUEUED])
    transaction.on_commit(REMINDERS_CREATED.labels("event").inc)
    return reminder, True


def _channel_plan(*, participant, user) -> dict[str, str]:
    if participant is not None:
        preference = NotificationPreference.objects.filter(participant=participant).first()
        return channel_statuses(
            email_enabled=preference.email_enabled if preference else DEFAULT_EMAIL_ENABLED,
            sms_enabled=preference.sms_enabled if preference else DEFAULT_SMS_ENABLED,
            has_email=bool(participant.email),
            has_phone=bool(participant.phone),
        )
    # Employer users: no preference row and no phone on the account; e-mail when they have an address.
    return channel_statuses(
        email_enabled=DEFAULT_EMAIL_ENABLED, sms_enabled=False, has_email=bool(user.email), has_phone=False
    )


def reminders_mark_read(*, participant=None, user=None, public_ids=None) -> int:
    """Mark the recipient's unread reminders read (all, or those listed); returns how many changed."""
    rows = Reminder.objects.filter(read_at__isnull=True)
    rows = rows.filter(participant=participant) if participant is not None else rows.filter(user=user)
    if public_ids is not None:
        rows = rows.filter(public_id__in=public_ids)
    changed = rows.update(read_at=timezone.now())
    if participant is not None:
        records_changed.send(sender=Participant, pks=[participant.pk])
    else:
        records_changed.send(sender=type(user), pks=[user.pk])
    return changed


def notification_preference_set(
    *, participant, email_enabled: bool, sms_enabled: bool, quiet_start: datetime.time, quiet_end: datetime.time
) -> NotificationPreference:
    """Save the participant's channel consent and quiet hours (one row per participant)."""
    preference, _created = NotificationPreference.objects.update_or_create(
        participant=participant,
        defaults={
            "email_enabled": email_enabled,
            "sms_enabled": sms_enabled,
            "quiet_start": quiet_start,
            "quiet_end": quiet_end,
        },
    )
    return preference


def checkin_notice_record(sender, *, checkin, facility, **kwargs) -> None:
    """Receiver of checkin.signals.checkin_recorded: the visit goes into the person's inbox (and, by their
    consent, e-mail and SMS) in the transaction that records it. Connected in RemindersConfig.ready()."""
    reminder_record(
        participant=checkin.participant,
        kind=KindChoice.CHECKIN_RECORDED,
        subject=f"checkin:{checkin.public_id}",
        due_on=timezone.localdate(checkin.checked_in_at),
        context={
            "facility_name": facility.name,
            "facility_code": facility.code,
            "checked_in_at": checkin.checked_in_at.isoformat(),
        },
    )
