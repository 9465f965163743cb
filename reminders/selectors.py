"""Reads of the reminder ledger, with a fixed number of queries whatever the history."""

from django.db.models import Prefetch

from .models import Delivery, Reminder

INBOX_PAGE_SIZE = 30


def _for_recipient(queryset, *, participant=None, user=None):
    return queryset.filter(participant=participant) if participant is not None else queryset.filter(user=user)


def reminder_list_for_recipient(*, participant=None, user=None, limit: int = INBOX_PAGE_SIZE) -> list[Reminder]:
    """The newest reminders with their deliveries (2 queries)."""
    rows = _for_recipient(Reminder.objects.all(), participant=participant, user=user)
    deliveries = Prefetch("deliveries", queryset=Delivery.objects.order_by("channel"))
    return list(rows.order_by("-created_at", "-id").prefetch_related(deliveries)[:limit])


def reminder_unread_count(*, participant=None, user=None) -> int:
    return _for_recipient(Reminder.objects.filter(read_at__isnull=True), participant=participant, user=user).count()
