"""The result every rule returns, the stable kind codes, and small checks shared by the rules.

A rule answers one question: "what is due ON this day?". It takes the facts and a day and returns a list of
:class:`Due`; an empty list means nothing is due that day. The daily sweep calls each rule with ``on`` = today
(local date, Asia/Ho_Chi_Minh); a day the sweep missed is caught up by calling the rule with that day. A rule
never answers "what should have been sent before": that is the backfill's job, so a rule stays a pure
function of its inputs and cannot send the same reminder twice for two different days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Final
from zoneinfo import ZoneInfo

__all__ = ["LOCAL_TZ", "Detail", "Due", "Kind"]

# The country has one time zone and no daylight saving; "a day" for a reminder is a day on this clock.
LOCAL_TZ: Final = ZoneInfo("Asia/Ho_Chi_Minh")

type Detail = str | int | bool


class Kind(StrEnum):
    """Stable codes: stored in the ledger and used to pick the message text, so never renamed."""

    CARD_EXPIRING = "card_expiring"
    CARD_EXPIRED = "card_expired"
    VOLUNTARY_PAYMENT_DUE = "voluntary_payment_due"
    EMPLOYER_ARREARS = "employer_arrears"
    JOB_SEARCH_REPORT_DUE = "job_search_report_due"
    RETIREMENT_APPROACHING = "retirement_approaching"
    FACILITY_CHANGE_WINDOW = "facility_change_window"
    CHECKIN_RECORDED = "checkin_recorded"
    HOUSEHOLD_PAYMENT_DUE = "household_payment_due"
    CHILD_CARD_EXPIRING = "child_card_expiring"


@dataclass(frozen=True, slots=True)
class Due:
    """One reminder due on one day.

    * ``kind``: what the reminder is about.
    * ``subject``: a stable key of the thing reminded about (``"card:<id>:2026-12-31"``). With the person,
      ``(person, kind, subject, due_on)`` is unique in the ledger, which is what makes a re-run of the sweep
      (or a backfill over days already swept) send nothing twice.
    * ``due_on``: the local day the reminder is due to go out (the ``on`` the rule was asked about).
    * ``details``: what the message needs (the deadline, days left, the month…), JSON-ready: ``str``, ``int``
      and ``bool`` only, days as ISO ``YYYY-MM-DD`` and months as ``YYYY-MM``. Never personal data: the
      message is written from these at send time. Read-only (``dict(due.details)`` gives a JSON-ready copy)
      and left out of the hash (a mapping is unhashable).
    """

    kind: Kind
    subject: str
    due_on: date
    details: Mapping[str, Detail] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))

    @property
    def ledger_key(self) -> tuple[Kind, str, date]:
        """The part of the ledger's unique key that comes from the rule (the person is added by the caller)."""
        return (self.kind, self.subject, self.due_on)


def require_day(on: date) -> None:
    """``datetime`` is a subclass of ``date``; a datetime here would compare wrongly, so refuse it loudly."""
    if isinstance(on, datetime) or not isinstance(on, date):
        raise TypeError(f"`on` must be a date (a local day), not {type(on).__name__}")


def lead_times(values: Iterable[int], name: str) -> tuple[int, ...]:
    """Check lead times (days or months before a deadline): whole numbers >= 0; duplicates collapse.

    Sorted longest first, so the reminders of one subject come out in the order they are sent.
    """
    checked: set[int] = set()
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be whole numbers >= 0, got {value!r}")
        checked.add(value)
    return tuple(sorted(checked, reverse=True))


def day_of_month(value: int, name: str, *, last: int = 31) -> int:
    """Check a day-of-month parameter (1..last)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= last:
        raise ValueError(f"{name} must be a day of the month from 1 to {last}, got {value!r}")
    return value
