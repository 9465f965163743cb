"""Employer arrears: the payment deadline of a month's compulsory contributions and the late-payment
interest owed on them (Law 41/2024/QH15 Art. 34(4), 40, 41).

- Deadline: the last day of the month after the month the contributions are for (Art. 34(4)).
- Interest: the daily rate in force (0.03 % a day from 01/07/2025, policy parameter
  `late_payment_interest[daily_rate]`) on the amount not paid, for each day after the deadline up to
  and including `as_of`. Days on which no rate is on record (before the 2024 law) are not charged:
  the figure is a floor, and the page says the rate and its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from .money import Month, round_vnd
from .params import ParameterSet

INTEREST_PARAMETER = "late_payment_interest"
INTEREST_KEY = "daily_rate"


@dataclass(frozen=True, slots=True)
class LateInterest:
    """Interest on one month's unpaid amount as of a day; `days` are the days actually charged."""

    month: Month
    amount: int
    deadline: date
    days_late: int
    days_charged: int
    interest: int
    versions: tuple[str, ...]


def payment_deadline(month: Month) -> date:
    """The last day of the following month (Art. 34(4))."""
    return month.plus(1).last_day()


def late_interest(month: Month, amount: int, *, as_of: date, params: ParameterSet) -> LateInterest:
    """Interest owed on `amount` VND of `month` not paid by `as_of` (whole VND, rounded once at the end)."""
    if amount < 0:
        raise ValueError("an unpaid amount cannot be negative")
    deadline = payment_deadline(month)
    days_late = max((as_of - deadline).days, 0)
    first_day = deadline + timedelta(days=1)
    total = Fraction(0)
    charged = 0
    versions: list[str] = []
    for rate in params.history(INTEREST_PARAMETER, INTEREST_KEY):
        start = max(first_day, rate.effective_from)
        end = as_of if rate.effective_to is None else min(as_of, rate.effective_to)
        if end < start:
            continue
        days = (end - start).days + 1
        total += Fraction(str(rate.value)) * amount * days
        charged += days
        versions.append(rate.version)
    return LateInterest(month, amount, deadline, days_late, charged, round_vnd(total), tuple(versions))
