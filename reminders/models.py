"""The reminder ledger: one row per person, kind, subject and due date, and one delivery per channel.

The unique constraints are the idempotency: a sweep run twice, two beat processes or a retried task
can try to create the same reminder or delivery as often as they like; the database keeps one.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import Channel, DeliveryStatus, KindChoice, SweepChunkKind


class Reminder(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("participant"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("user"),
        help_text=_("For reminders to employer users, who have no participant record."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=KindChoice.choices)
    subject = models.CharField(
        _("subject"), max_length=100, help_text=_("What the reminder is about, as a stable key.")
    )
    due_on = models.DateField(_("due on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Figures for the message text (dates, amounts, facility names): never ID or phone numbers.
    context = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.CheckConstraint(
                condition=Q(participant__isnull=False, user__isnull=True)
                | Q(participant__isnull=True, user__isnull=False),
                name="reminder_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["participant", "kind", "subject", "due_on"],
                condition=Q(participant__isnull=False),
                name="reminder_unique_per_participant",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "subject", "due_on"],
                condition=Q(user__isnull=False),
                name="reminder_unique_per_user",
            ),
            models.CheckConstraint(condition=Q(kind__in=KindChoice.values), name="reminder_kind_valid"),
        ]
        indexes = [
            models.Index(fields=["participant", "-created_at"], name="reminder_participant_recent"),
            models.Index(fields=["user", "-created_at"], name="reminder_user_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%d/%m/%Y}"


class Delivery(models.Model):
    """One channel's attempt(s) to bring a reminder to its person; `public_id` is the idempotency key
    handed to e-mail and SMS providers, so a retried send cannot reach the person twice."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("reminder")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    provider_ref = models.CharField(_("provider reference"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["reminder_id", "channel"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["reminder", "channel"], name="delivery_one_per_channel"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="delivery_channel_valid"),
            models.CheckConstraint(condition=Q(status__in=DeliveryStatus.values), name="delivery_status_valid"),
        ]
        indexes = [models.Index(fields=["status", "not_before"], name="delivery_pending")]

    def __str__(self) -> str:
        return f"{self.reminder} – {self.get_channel_display()}: {self.get_status_display()}"


class NotificationPreference(models.Model):
    """A participant's consent per channel and quiet hours. The in-app inbox is always on."""

    participant = models.OneToOneField(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("participant"),
    )
    email_enabled = models.BooleanField(_("by e-mail"), default=True)
    sms_enabled = models.BooleanField(_("by SMS"), default=False)
    quiet_start = models.TimeField(_("quiet hours from"), default=datetime.time(21, 0))
    quiet_end = models.TimeField(_("quiet hours until"), default=datetime.time(7, 0))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.participant)


class SweepChunk(models.Model):
    """One key range of one day's sweep: written when its task is sent, marked done in the chunk's own
    transaction. A chunk whose message the broker lost (Redis hands a message over before the worker records
    it, so a worker killed in between loses it) stays not done, and ``sweep_repair`` sends it again once the
    day's sweep has stopped moving (reminders/tasks.py)."""

    on = models.DateField(_("day swept"))
    kind = models.CharField(_("keys of"), max_length=12, choices=SweepChunkKind.choices)
    lo = models.BigIntegerField(_("from key"))
    hi = models.BigIntegerField(_("to key (excluded)"))
    sent_at = models.DateTimeField(_("sent at"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["on", "kind", "lo"]
        verbose_name = _("sweep chunk")
        verbose_name_plural = _("sweep chunks")
        constraints = [
            models.UniqueConstraint(fields=["on", "kind", "lo"], name="sweep_chunk_one_per_range"),
            models.CheckConstraint(condition=Q(kind__in=SweepChunkKind.values), name="sweep_chunk_kind_valid"),
        ]
        indexes = [models.Index(fields=["on", "done_at"], name="sweep_chunk_progress")]

    def __str__(self) -> str:
        return f"{self.on} {self.kind} [{self.lo}, {self.hi})"
