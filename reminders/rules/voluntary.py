"""Voluntary social-insurance payment reminders.

Law 41/2024/QH15 Art. 36(2) lets a voluntary participant pay monthly or every 3, 6 or 12 months (or years in
advance, or a lump sum for missing years, which have no recurring deadline). The deadline of each cycle is not
in the law text available to us (notes §2.3). The default here is the previous regime's rule as quoted by a
public voluntary-SI calculator ("thời hạn đóng"): within the month for monthly payment, within the 3 months for
3-monthly, within the first 4 months for 6-monthly and within the first 7 months for 12-monthly payment. It is
a parameter (``deadline_months``) to check against Decree 159/2025/NĐ-CP and Circular 11/2025/TT-BNV
(docs/reminders.md, "Choices to verify").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from types import MappingProxyType

from benefits.rules.money import Month
from reminders.rules.base import Detail, Due, Kind, lead_times, require_day
from reminders.rules.facts import PaymentCycle, VoluntaryFacts

__all__ = ["VOLUNTARY_DEADLINE_MONTHS", "VOLUNTARY_LEAD_DAYS", "due_voluntary_payment_due", "voluntary_deadline"]

# Deadline = the last day of this month of the period (1 = the period's first month).
VOLUNTARY_DEADLINE_MONTHS: Mapping[PaymentCycle, int] = MappingProxyType(
    {
        PaymentCycle.MONTHLY: 1,
        PaymentCycle.EVERY_3_MONTHS: 3,
        PaymentCycle.EVERY_6_MONTHS: 4,
        PaymentCycle.EVERY_12_MONTHS: 7,
    }
)
VOLUNTARY_LEAD_DAYS: tuple[int, ...] = (7, 1)


def _deadline_month(cycle: PaymentCycle, deadline_months: Mapping[PaymentCycle, int]) -> int:
    months = deadline_months[cycle]
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= cycle:
        raise ValueError(f"the deadline of a {int(cycle)}-month period must be in month 1 to {int(cycle)}")
    return months


def voluntary_deadline(
    period_first: Month,
    cycle: PaymentCycle,
    *,
    deadline_months: Mapping[PaymentCycle, int] = VOLUNTARY_DEADLINE_MONTHS,
) -> date:
    """The last day to pay the period that starts in ``period_first`` (Law 41/2024/QH15 Art. 36(2); the
    per-cycle deadline is a choice to verify, see the module docstring)."""
    return period_first.plus(_deadline_month(PaymentCycle(cycle), deadline_months) - 1).last_day()


def due_voluntary_payment_due(
    facts: VoluntaryFacts,
    *,
    on: date,
    lead_days: Iterable[int] = VOLUNTARY_LEAD_DAYS,
    deadline_months: Mapping[PaymentCycle, int] = VOLUNTARY_DEADLINE_MONTHS,
) -> list[Due]:
    """The deadline of an unpaid period is ``n`` days after ``on`` for one of ``lead_days``.

    Periods run from ``first_month`` in steps of the cycle; a period is unpaid while ``paid_through`` is before
    its last month; periods starting after ``last_month`` are not reminded. The deadline is always a month's
    last day, so 29/02 in leap years and 28/02 otherwise, and one lead time matches one day. Legal basis: Law
    41/2024/QH15 Art. 36(2) (payment methods); deadline per cycle: see the module docstring.
    """
    require_day(on)
    leads = lead_times(lead_days, "lead_days")
    deadline_at = _deadline_month(facts.cycle, deadline_months)
    found: list[Due] = []
    for lead in leads:
        deadline = on + timedelta(days=lead)
        deadline_month = Month.of(deadline)
        if deadline != deadline_month.last_day():
            continue
        period_first = deadline_month.plus(1 - deadline_at)
        offset = period_first.minus(facts.first_month)
        if offset < 0 or offset % facts.cycle:
            continue
        if facts.last_month is not None and period_first > facts.last_month:
            continue
        period_last = period_first.plus(facts.cycle - 1)
        if facts.paid_through is not None and facts.paid_through >= period_last:
            continue
        details: dict[str, Detail] = {
            "period_first": str(period_first),
            "period_last": str(period_last),
            "cycle_months": int(facts.cycle),
            "deadline": deadline.isoformat(),
            "days_left": lead,
        }
        found.append(Due(Kind.VOLUNTARY_PAYMENT_DUE, f"voluntary:{period_first}", on, details))
    return found
