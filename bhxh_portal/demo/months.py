"""Months and money of the demo history: month indexes, the policy figures of a month, contribution amounts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from benefits.rules.facts import Sex as RuleSex
from benefits.rules.money import round_vnd
from benefits.rules.params import ParameterSet, load_parameter_set, reference_amount
from benefits.rules.retirement_age import statutory_retirement

from .names import REGIONS

# ---------------------------------------------------------------------------------------------
# History bounds of the demo. Every policy figure (base salary, minimum wages, rates, floors,
# ceilings) is read from benefits/data/policy_parameters.json through load_parameter_set().
# ---------------------------------------------------------------------------------------------
FIRST_MONTH = (1995, 1)  # social insurance records start here
VOLUNTARY_START = (2008, 1)  # voluntary social insurance began in 2008 (the rate rows begin later)

DEFAULT_PARTICIPANTS = 300
DEFAULT_SEED = 2026
CHUNK_SIZE = 1_000
EMPLOYER_POOL = 600  # fixed, so that participant i picks the same employer whatever N is
MAX_PARTICIPANTS = 900_000  # the 6-digit random part of generated ID numbers stays below 900000


# ---------------------------------------------------------------------------------------------
# Months and money
# ---------------------------------------------------------------------------------------------
def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def month_date(index: int) -> datetime.date:
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(index: int) -> datetime.date:
    return month_date(index + 1) - datetime.timedelta(days=1)


def _ym(year_month: tuple[int, int]) -> int:
    return year_month[0] * 12 + year_month[1] - 1


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def round_to(amount: int, unit: int) -> int:
    """Round half up to a multiple of `unit`."""
    return (amount + unit // 2) // unit * unit


@cache
def _policy() -> ParameterSet:
    return load_parameter_set()


def _rate(on: datetime.date, key: str) -> Decimal:
    """A contribution rate; before its first row the earliest row stands in (the rules' value_nearest)."""
    found, _exact = _policy().value_nearest("contribution_rate", on, key=key)
    return Decimal(found.value)


def household_share(on: datetime.date, position: int) -> Decimal:
    """The share of the first member's health-insurance contribution paid by the member at this place on a
    household's list (HI Law Art. 13(6); the household_health_shares rows)."""
    found, _exact = _policy().value_nearest("household_health_shares", on)
    shares = found.value["shares"]
    return Decimal(str(shares[min(position, len(shares)) - 1]))


def base_salary(index: int) -> int:
    return _policy().value_on("base_salary", month_date(index)).value


def regional_minimum(region: str, index: int) -> int:
    """The regional minimum wage; before regional minimums existed (or before region IV), the base salary."""
    found = _policy().find("regional_minimum_wage", month_date(index), key=region)
    return base_salary(index) if found is None else found.value


def voluntary_income_floor(index: int) -> int:
    """The rural poverty line; before Law 58/2014 the floor was the general minimum wage (the base salary)."""
    found = _policy().find("voluntary_income_floor", month_date(index))
    return base_salary(index) if found is None else found.value


def salary_ceiling(index: int, scheme: str = "compulsory") -> int:
    """The cap on the salary (or voluntary income) contributions are paid on: a multiple of the reference level."""
    day = month_date(index)
    multiple, _exact = _policy().value_nearest("contribution_ceiling", day, key=scheme)
    return multiple.value["reference_multiple"] * reference_amount(_policy(), day).value


@dataclass(frozen=True, slots=True)
class CompulsoryRates:
    """The compulsory rates in force in one month, per fund; unemployment is None before that insurance began."""

    retirement: Decimal
    sickness_maternity: Decimal
    occupational: Decimal
    health: Decimal
    unemployment: Decimal | None
    employee: tuple[Decimal, ...]  # the employee's parts, each rounded on its own

    @classmethod
    def on(cls, day: datetime.date) -> CompulsoryRates:
        def ui(side: str) -> Decimal | None:
            found = _policy().find("contribution_rate", day, key=f"compulsory.{side}.unemployment")
            return None if found is None else Decimal(found.value)

        employee_ui, employer_ui = ui("employee"), ui("employer")
        employee = (_rate(day, "compulsory.employee.retirement_survivorship"), _rate(day, "compulsory.employee.health"))
        return cls(
            retirement=employee[0] + _rate(day, "compulsory.employer.retirement_survivorship"),
            sickness_maternity=_rate(day, "compulsory.employer.sickness_maternity"),
            occupational=_rate(day, "compulsory.employer.occupational_accident"),
            health=employee[1] + _rate(day, "compulsory.employer.health"),
            unemployment=None if employee_ui is None or employer_ui is None else employee_ui + employer_ui,
            employee=employee if employee_ui is None else (*employee, employee_ui),
        )


def compulsory_amounts(salary: int, rates: CompulsoryRates) -> tuple[int, int, int, int, int, int]:
    """(retirement, sickness-maternity, occupational, health, unemployment, employee share), each rounded half up."""
    s = Decimal(salary)
    return (
        round_vnd(s * rates.retirement),
        round_vnd(s * rates.sickness_maternity),
        round_vnd(s * rates.occupational),
        round_vnd(s * rates.health),
        0 if rates.unemployment is None else round_vnd(s * rates.unemployment),
        sum(round_vnd(s * part) for part in rates.employee),
    )


def retirement_month(birth_date: datetime.date, sex: str, as_of: datetime.date) -> int:
    """Month index in which the normal retirement age is reached: the benefit rules' answer."""
    reached = statutory_retirement(RuleSex(sex), birth_date, _policy(), as_of).reached
    return reached.year * 12 + reached.month - 1


class _Calendar:
    """Per-month figures for one run, so the hot loop does list indexing instead of parameter lookups.

    Amounts are computed once per (rates, salary): months with the same rates share one memo table.
    """

    def __init__(self, as_of: datetime.date) -> None:
        self.as_of = as_of
        self.first = _ym(FIRST_MONTH)
        self.current = month_index(as_of)
        self.last = self.current - 1  # history ends at the month before as_of
        span = range(self.first, self.current + 2)
        self.dates = [month_date(m) for m in span]
        self.base = [base_salary(m) for m in span]
        self.ceiling = [salary_ceiling(m) for m in span]
        self.voluntary_ceiling = [salary_ceiling(m, "voluntary") for m in span]
        self.minimum = {r: [regional_minimum(r, m) for m in span] for r in REGIONS}
        self.voluntary_floor = [voluntary_income_floor(m) for m in span]
        self.household_hi = [
            round_vnd(b * _rate(d, "household.health")) for b, d in zip(self.base, self.dates, strict=True)
        ]
        rates = [CompulsoryRates.on(d) for d in self.dates]
        tables: dict[CompulsoryRates, tuple[CompulsoryRates, dict]] = {}
        self.compulsory = [tables.setdefault(r, (r, {})) for r in rates]  # (rates, salary → amounts) per month
        voluntary: dict[Decimal, tuple[Decimal, dict]] = {}
        self.voluntary = [
            voluntary.setdefault(r, (r, {}))
            for r in (_rate(d, "voluntary.retirement_survivorship") for d in self.dates)
        ]
        self.ui_start = next((m for m, r in zip(span, rates, strict=True) if r.unemployment is not None), span.stop)
        self.voluntary_start = _ym(VOLUNTARY_START)

    def compulsory_amounts(self, k: int, salary: int) -> tuple[int, int, int, int, int, int]:
        rates, memo = self.compulsory[k]
        amounts = memo.get(salary)
        if amounts is None:
            amounts = memo[salary] = compulsory_amounts(salary, rates)
        return amounts

    def voluntary_amount(self, k: int, income: int) -> int:
        rate, memo = self.voluntary[k]
        amount = memo.get(income)
        if amount is None:
            amount = memo[income] = round_vnd(Decimal(income) * rate)
        return amount
