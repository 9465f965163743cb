"""The facts each rule reads: plain frozen dataclasses filled by a selector from the database.

Ids are the records' public UUIDs as strings (they go into the ledger's subject key); never an ID number,
a phone or a name. Months are :class:`~benefits.rules.money.Month`, the month type the benefit rules use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum

from benefits.rules.money import Month
from reminders.rules.base import day_of_month

__all__ = [
    "ArrearsFacts",
    "CardFacts",
    "CheckinFacts",
    "ChildCardFacts",
    "PaymentCycle",
    "RetirementFacts",
    "UnemploymentFacts",
    "VoluntaryFacts",
]


@dataclass(frozen=True, slots=True)
class CardFacts:
    """A person's current health-insurance card.

    ``valid_to`` is the last day the card is valid. ``renews_through_employer`` is true while the person has an
    open compulsory employment: the employer's contributions extend the card, so the person is not asked to
    renew it (a late employer is the arrears reminder's business).
    """

    card_id: str
    valid_to: date
    renews_through_employer: bool
    household: bool = False


@dataclass(frozen=True, slots=True)
class ChildCardFacts:
    """The current card of a child under 16 linked to the parent reminded (a confirmed family link)."""

    link_id: str
    card_id: str
    valid_to: date


class PaymentCycle(IntEnum):
    """Voluntary-SI payment methods with a recurring deadline (Law 41/2024/QH15 Art. 36(2)); value = months.

    Paying many years in advance, or a lump sum for the missing years, is settled when registered and has no
    recurring deadline, so it has no member here and no reminder.
    """

    MONTHLY = 1
    EVERY_3_MONTHS = 3
    EVERY_6_MONTHS = 6
    EVERY_12_MONTHS = 12


@dataclass(frozen=True, slots=True)
class VoluntaryFacts:
    """A voluntary-SI participant's current payment method.

    * ``first_month``: the first month of the current method; periods of ``cycle`` months follow from it.
    * ``paid_through``: the last month paid without a gap from the start (None: nothing paid yet).
    * ``last_month``: the last month the person is registered for (None: open-ended).
    """

    cycle: PaymentCycle
    first_month: Month
    paid_through: Month | None = None
    last_month: Month | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "cycle", PaymentCycle(self.cycle))
        if self.last_month is not None and self.last_month < self.first_month:
            raise ValueError("last_month cannot be before first_month")


@dataclass(frozen=True, slots=True)
class ArrearsFacts:
    """Months an employer has not paid compulsory contributions for.

    For an employee: the months of their own record the employer left unpaid. For the employer's users: the
    months unpaid for any employee, with ``affected_employees`` the number of employees concerned. Months whose
    payment deadline has not passed yet may be included; the rule leaves them out.
    """

    employer_id: str
    unpaid_months: tuple[Month, ...]
    affected_employees: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "unpaid_months", tuple(sorted(set(self.unpaid_months))))
        if self.affected_employees is not None and self.affected_employees < 1:
            raise ValueError("affected_employees must be at least 1 when given")


@dataclass(frozen=True, slots=True)
class UnemploymentFacts:
    """An unemployment-benefit decision.

    * ``benefit_start``: the first day of the benefit (Law 74/2025/QH15 Art. 39(3)).
    * ``benefit_months``: how many months the benefit lasts (Art. 39(2)).
    * ``ended_on``: the last day of the benefit when it was stopped early (a new job, …); None otherwise.
    * ``report_day``: the day of the month the employment-service centre set for the monthly job-search
      notice, when known; None means the day of the month the benefit started (a choice, see docs).
    """

    claim_id: str
    benefit_start: date
    benefit_months: int
    ended_on: date | None = None
    report_day: int | None = None

    def __post_init__(self) -> None:
        if self.benefit_months < 1:
            raise ValueError("benefit_months must be at least 1")
        if self.report_day is not None:
            day_of_month(self.report_day, "report_day")


@dataclass(frozen=True, slots=True)
class RetirementFacts:
    """``pension_start``: the first day of the pension, normally the 1st of the month after the retirement age
    is reached (Decree 135/2020/NĐ-CP appendix; Law 41/2024/QH15 Art. 69, 101), as computed by
    ``benefits.rules.retirement_age``."""

    pension_start: date


@dataclass(frozen=True, slots=True)
class CheckinFacts:
    """A check-in recorded at a clinic desk; ``checked_in_at`` is an aware datetime (stored in UTC)."""

    checkin_id: str
    checked_in_at: datetime

    def __post_init__(self) -> None:
        if self.checked_in_at.utcoffset() is None:
            raise ValueError("checked_in_at must be an aware datetime")
