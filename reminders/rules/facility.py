"""The quarterly window to change the registered initial facility.

A card holder may change their registered initial facility (nơi đăng ký KCB ban đầu) in the first 15 days of
each quarter (Law on Health Insurance Art. 26 as amended by Law 51/2024/QH15, notes §8.3). The reminder goes on
the 1st day of the quarter (01/01, 01/04, 01/07, 01/10) to every holder of a card valid that day.
"""

from __future__ import annotations

from datetime import date, timedelta

from reminders.rules.base import Detail, Due, Kind, day_of_month, require_day
from reminders.rules.facts import CardFacts

__all__ = ["FACILITY_WINDOW_DAYS", "due_facility_change_window", "quarter_of"]

FACILITY_WINDOW_DAYS = 15
QUARTER_FIRST_MONTHS = (1, 4, 7, 10)


def quarter_of(day: date) -> int:
    """1 to 4."""
    return (day.month - 1) // 3 + 1


def due_facility_change_window(
    card: CardFacts, *, on: date, window_days: int = FACILITY_WINDOW_DAYS, remind_on_day: int = 1
) -> list[Due]:
    """``on`` is day ``remind_on_day`` of a quarter and the card is valid on it.

    Every card counts, employer-renewed or not: anyone may change facility. The subject is the quarter
    (``facility-window:2027-Q1``), so a card replaced during the quarter does not cause a second reminder.
    Legal basis: Law on Health Insurance Art. 26 (as amended by Law 51/2024/QH15).
    """
    require_day(on)
    day_of_month(window_days, "window_days", last=28)
    day_of_month(remind_on_day, "remind_on_day", last=window_days)
    if on.month not in QUARTER_FIRST_MONTHS or on.day != remind_on_day or card.valid_to < on:
        return []
    window_start = on.replace(day=1)
    details: dict[str, Detail] = {
        "window_start": window_start.isoformat(),
        "window_end": (window_start + timedelta(days=window_days - 1)).isoformat(),
        "quarter": quarter_of(on),
    }
    return [Due(Kind.FACILITY_CHANGE_WINDOW, f"facility-window:{on.year:04d}-Q{quarter_of(on)}", on, details)]
