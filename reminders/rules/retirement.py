"""Retirement approaching: a reminder some months before the pension starts.

The pension starts on the 1st of the month after the retirement age of Labour Code 2019 Art. 169 and Decree
135/2020/NĐ-CP Art. 4-5 is reached (notes §4.1, §4.3). Six months gives time to settle missing months (up to 6
may be paid as a lump sum, Law 41/2024/QH15 Art. 33(7)) and to prepare the pension file. The lead is a
parameter.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from benefits.rules.money import add_months
from reminders.rules.base import Due, Kind, lead_times, require_day
from reminders.rules.facts import RetirementFacts

__all__ = ["RETIREMENT_LEAD_MONTHS", "due_retirement_approaching"]

RETIREMENT_LEAD_MONTHS: tuple[int, ...] = (6,)


def due_retirement_approaching(
    facts: RetirementFacts, *, on: date, lead_months: Iterable[int] = RETIREMENT_LEAD_MONTHS
) -> list[Due]:
    """``on`` is ``n`` calendar months before ``pension_start`` for one of ``lead_months``.

    The same day ``n`` months earlier, clamped to the month's end (a start on 31/08 is reminded on 28/02, or
    29/02 in a leap year). Pension starts are normally the 1st, which every month has. Legal basis: Labour
    Code 2019 Art. 169; Decree 135/2020/NĐ-CP Art. 4-5.
    """
    require_day(on)
    leads = lead_times(lead_months, "lead_months")
    subject = f"retirement:{facts.pension_start.isoformat()}"
    return [
        Due(
            Kind.RETIREMENT_APPROACHING,
            subject,
            on,
            {"pension_start": facts.pension_start.isoformat(), "months_left": lead},
        )
        for lead in leads
        if add_months(facts.pension_start, -lead) == on
    ]
