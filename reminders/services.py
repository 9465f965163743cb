"""Writes of the reminder ledger. Every function is idempotent by the ledger's unique keys."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from .enums import Channel, DeliveryStatus
from .models import Delivery, NotificationPreference, Reminder


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
    The in-app inbox is delivered at once; e-mail and SMS deliveries are created by `deliveries_plan`.
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
    Delivery.objects.create(reminder=reminder, channel=Channel.INBOX, status=DeliveryStatus.DELIVERED, sent_at=now)
    return reminder, True


def reminders_mark_read(*, participant=None, user=None, public_ids=None) -> int:
    """Mark the recipient's unread reminders read (all, or those listed); returns how many changed."""
    rows = Reminder.objects.filter(read_at__isnull=True)
    rows = rows.filter(participant=participant) if participant is not None else rows.filter(user=user)
    if public_ids is not None:
        rows = rows.filter(public_id__in=public_ids)
    return rows.update(read_at=timezone.now())


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
