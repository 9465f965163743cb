"""Reads of the reminder ledger, with a fixed number of queries whatever the history."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from benefits.rules.money import Month
from participants.enums import ContributionStatus, Scheme
from participants.models import ContributionRecord, VoluntaryEnrolment

from .models import Delivery, Reminder
from .rules import PaymentCycle, voluntary_deadline

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


@dataclass(frozen=True)
class VoluntaryPayment:
    """The next voluntary social-insurance period the person has to pay, and by when."""

    period_first: datetime.date
    period_last: datetime.date
    deadline: datetime.date


def voluntary_payment_next_get(*, participant, today: datetime.date) -> VoluntaryPayment | None:
    """The first unpaid period of the person's open voluntary enrolment, with the same deadline the payment
    reminders use (reminders.rules.voluntary_deadline), so the home page and the notices agree (issue 17,
    items 6 and 7). None without an open enrolment. 2 queries."""
    enrolment = (
        VoluntaryEnrolment.objects.filter(participant=participant, last_month__isnull=True)
        .order_by("-first_month")
        .first()
    )
    if enrolment is None:
        return None
    paid = (
        ContributionRecord.objects.filter(
            participant=participant,
            scheme=Scheme.VOLUNTARY,
            status=ContributionStatus.PAID,
            month__gte=enrolment.first_month,
        )
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    cycle = PaymentCycle(enrolment.cycle)
    first = Month.of(enrolment.first_month)
    period_first = first
    if paid is not None:
        paid_periods = Month.of(paid).minus(first) // cycle + 1
        period_first = first.plus(paid_periods * cycle)
    if period_first.first_day() > today.replace(day=1) + datetime.timedelta(days=366):
        return None  # paid well ahead
    return VoluntaryPayment(
        period_first=period_first.first_day(),
        period_last=period_first.plus(cycle - 1).first_day(),
        deadline=voluntary_deadline(period_first, cycle),
    )
