"""Facts the rules reason about: the person, their contribution months and the life events asked about.

Periods arrive as ranges of whole months; :meth:`ContributionHistory.from_periods` turns them into one record
per month. Merging rule (a documented choice, see docs/rules.md):

* A month covered by a compulsory and a voluntary period counts **once, as compulsory**. A person in
  compulsory SI is outside the voluntary scheme (Law 41/2024/QH15 Art. 2(4)(a)), so the voluntary row is
  treated as a data overlap, not as extra insurance time.
* A month covered by several periods of the same scheme counts once; its salary, region and hazardous flag
  come from the period with the highest salary (the first listed on a tie).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from benefits.rules.money import Month

__all__ = [
    "ContributionHistory",
    "ContributionMonth",
    "ContributionPeriod",
    "Events",
    "Facts",
    "MaternityEvent",
    "Person",
    "Region",
    "Scheme",
    "Sector",
    "Sex",
    "SicknessEvent",
    "UnemploymentEvent",
]


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class Scheme(StrEnum):
    COMPULSORY = "compulsory"
    VOLUNTARY = "voluntary"


class Sector(StrEnum):
    """Whose pay scale a period is on: the State's salary scale (Law 41/2024/QH15 Art. 72(1)) or the employer's."""

    STATE = "state"
    PRIVATE = "private"


class Region(StrEnum):
    """Minimum-wage regions of Decree 293/2025/NĐ-CP (and 74/2024 before it)."""

    I = "I"  # noqa: E741 - the legal name of the region
    II = "II"
    III = "III"
    IV = "IV"


@dataclass(frozen=True)
class Person:
    sex: Sex
    birth_date: date


@dataclass(frozen=True)
class ContributionMonth:
    """One month of insurance.

    ``unemployment_insured`` says whether the month was also an unemployment-insurance month: ``None`` means
    "the default" (a compulsory month counts once the scheme existed, which the unemployment rule reads from the
    parameter data), ``False`` a post outside the scheme (a civil servant), ``True`` covered. ``sector`` is
    the pay scale (state scale or employer-set pay) the salary was on; ``group`` the letter of Law 41/2024/QH15
    Art. 2(1) the person was insured under (``"a"``, a labour contract, by default).
    """

    month: Month
    scheme: Scheme
    salary: int
    region: Region = Region.I
    hazardous: bool = False
    unemployment_insured: bool | None = None
    sector: Sector = Sector.PRIVATE
    group: str = "a"

    @property
    def compulsory(self) -> bool:
        return self.scheme is Scheme.COMPULSORY


@dataclass(frozen=True)
class ContributionPeriod:
    """A declared range of months, ``start`` and ``end`` inclusive."""

    start: Month
    end: Month
    scheme: Scheme
    monthly_salary: int
    region: Region = Region.I
    hazardous: bool = False
    unemployment_insured: bool | None = None
    sector: Sector = Sector.PRIVATE
    group: str = "a"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        if self.monthly_salary < 0:
            raise ValueError("monthly_salary must not be negative")

    def months(self) -> Iterable[ContributionMonth]:
        for index in range(self.start.index, self.end.index + 1):
            yield ContributionMonth(
                Month.from_index(index),
                self.scheme,
                self.monthly_salary,
                self.region,
                self.hazardous,
                self.unemployment_insured,
                self.sector,
                self.group,
            )


def _wins(candidate: ContributionMonth, current: ContributionMonth) -> bool:
    if candidate.compulsory != current.compulsory:
        return candidate.compulsory
    return candidate.salary > current.salary


@dataclass(frozen=True)
class ContributionHistory:
    """Contribution months, one per calendar month, in ascending order."""

    months: tuple[ContributionMonth, ...] = ()
    _by_month: dict[Month, ContributionMonth] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_month = {m.month: m for m in self.months}
        if len(by_month) != len(self.months):
            raise ValueError("a month appears twice; build the history with from_periods")
        ordered = tuple(sorted(self.months, key=lambda m: m.month))
        object.__setattr__(self, "months", ordered)
        object.__setattr__(self, "_by_month", by_month)

    @classmethod
    def from_periods(cls, periods: Iterable[ContributionPeriod]) -> ContributionHistory:
        """Merge possibly overlapping periods into one record per month (rule in the module docstring)."""
        merged: dict[Month, ContributionMonth] = {}
        for period in periods:
            for month in period.months():
                current = merged.get(month.month)
                if current is None or _wins(month, current):
                    merged[month.month] = month
        return cls(tuple(merged.values()))

    def up_to(self, last: Month) -> ContributionHistory:
        """Only the months on or before ``last`` (months after the as-of month are never counted)."""
        return ContributionHistory(tuple(m for m in self.months if m.month <= last))

    def get(self, month: Month) -> ContributionMonth | None:
        return self._by_month.get(month)

    def is_compulsory(self, month: Month) -> bool:
        found = self._by_month.get(month)
        return found is not None and found.compulsory

    def count(self, scheme: Scheme | None = None, first: Month | None = None, last: Month | None = None) -> int:
        """Months of ``scheme`` (any when ``None``) between ``first`` and ``last`` inclusive."""
        return len(self.select(scheme, first, last))

    def select(
        self, scheme: Scheme | None = None, first: Month | None = None, last: Month | None = None
    ) -> tuple[ContributionMonth, ...]:
        return tuple(
            m
            for m in self.months
            if (scheme is None or m.scheme is scheme)
            and (first is None or m.month >= first)
            and (last is None or m.month <= last)
        )

    def latest(
        self, count: int, scheme: Scheme | None = None, last: Month | None = None
    ) -> tuple[ContributionMonth, ...]:
        """The ``count`` most recent months on or before ``last`` (not necessarily consecutive), oldest first."""
        chosen = self.select(scheme, None, last)
        return chosen[-count:] if count else ()


@dataclass(frozen=True)
class Facts:
    """What the rules know about one person."""

    person: Person
    history: ContributionHistory


@dataclass(frozen=True)
class SicknessEvent:
    """Sickness leave starting on ``start_date``; ``hazardous`` overrides the month's flag when given."""

    start_date: date
    hazardous: bool | None = None


@dataclass(frozen=True)
class MaternityEvent:
    """A birth. ``child_order`` is the order of the (first) child of this birth among the mother's children.

    ``mother_qualifies`` matters only for a father's request: whether the mother herself qualifies for the
    childbirth lump sum (then she, not he, receives it). Unknown to the calculator, so it defaults to False
    and the decision says it assumed so.
    """

    birth_date: date
    children: int = 1
    child_order: int = 1
    caesarean: bool = False
    premature_under_32_weeks: bool = False
    pregnancy_rest: bool = False
    infertility_treatment: bool = False
    mother_qualifies: bool = False

    def __post_init__(self) -> None:
        if self.children < 1:
            raise ValueError("children must be at least 1")
        if self.child_order < 1:
            raise ValueError("child_order must be at least 1")


@dataclass(frozen=True)
class UnemploymentEvent:
    """End of a job. ``contract_months`` is the contract's length; ``None`` for an indefinite contract.

    ``months_used_before`` is the number of unemployment-insurance months an earlier benefit already used
    (Law 74/2025/QH15 Art. 35(1)): they do not count again.
    """

    termination_date: date
    lawful: bool
    contract_months: int | None = None
    months_used_before: int = 0

    def __post_init__(self) -> None:
        if self.months_used_before < 0:
            raise ValueError("months_used_before must not be negative")


@dataclass(frozen=True)
class Events:
    sickness: SicknessEvent | None = None
    maternity: MaternityEvent | None = None
    unemployment: UnemploymentEvent | None = None
