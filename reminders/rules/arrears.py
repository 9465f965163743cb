"""Employer-arrears reminders: the employer has not paid the compulsory contributions of a month.

An employer pays each month's contributions by the last day of the following month (Law 41/2024/QH15
Art. 34(4), notes §2.1); a month still unpaid after that is in arrears (late-payment interest, Art. 40-41).
The reminder goes out once a month on the 10th, as the official VssID app does, to the employee concerned and
to the employer's users. The day and the grace period are parameters.
"""

from __future__ import annotations

from datetime import date

from benefits.rules.money import Month
from reminders.rules.base import Detail, Due, Kind, day_of_month, require_day
from reminders.rules.facts import ArrearsFacts

__all__ = ["ARREARS_GRACE_MONTHS", "ARREARS_SEND_DAY", "due_employer_arrears", "overdue_months"]

ARREARS_SEND_DAY = 10
ARREARS_GRACE_MONTHS = 1  # the deadline is the last day of the month after the contribution month


def overdue_months(facts: ArrearsFacts, *, on: date, grace_months: int = ARREARS_GRACE_MONTHS) -> tuple[Month, ...]:
    """The unpaid months whose deadline (the last day of the month ``grace_months`` after them) is before
    ``on`` (Law 41/2024/QH15 Art. 34(4)). On any day of month X that is every month up to X - 1 - grace."""
    require_day(on)
    if isinstance(grace_months, bool) or not isinstance(grace_months, int) or grace_months < 0:
        raise ValueError(f"grace_months must be a whole number >= 0, got {grace_months!r}")
    latest_overdue = Month.of(on).plus(-1 - grace_months)
    return tuple(month for month in facts.unpaid_months if month <= latest_overdue)


def due_employer_arrears(
    facts: ArrearsFacts,
    *,
    on: date,
    send_day: int = ARREARS_SEND_DAY,
    grace_months: int = ARREARS_GRACE_MONTHS,
) -> list[Due]:
    """On ``send_day`` of each month, when the employer has at least one month past its payment deadline.

    One reminder per employer and calendar month (subject ``arrears:<employer>:<YYYY-MM of on>``), however
    many months are unpaid; the details give the first and last unpaid month and how many. Legal basis: Law
    41/2024/QH15 Art. 34(4) (deadline), Art. 40-41 (late payment).
    """
    require_day(on)
    day_of_month(send_day, "send_day", last=28)  # every month has the day, so no month is skipped
    if on.day != send_day:
        return []
    months = overdue_months(facts, on=on, grace_months=grace_months)
    if not months:
        return []
    details: dict[str, Detail] = {
        "employer_id": facts.employer_id,
        "first_unpaid_month": str(months[0]),
        "last_unpaid_month": str(months[-1]),
        "unpaid_months": len(months),
    }
    if facts.affected_employees is not None:
        details["affected_employees"] = facts.affected_employees
    return [Due(Kind.EMPLOYER_ARREARS, f"arrears:{facts.employer_id}:{Month.of(on)}", on, details)]
