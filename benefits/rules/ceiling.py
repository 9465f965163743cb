"""The ceiling on the monthly salary (or chosen income) that contributions and benefits are computed on.

* Social insurance: **20 x the reference level** in force in the month, for compulsory salaries (Law
  41/2024/QH15 Art. 31(1)(đ)) and voluntary incomes (Art. 31(2)); before 01/07/2025 the same multiple of the
  base salary (Law 58/2014/QH13 Art. 89(3), 87(1)) and, before 2016, of the general minimum wage (Law
  71/2006/QH11 Art. 94(3)). Parameter ``contribution_ceiling[<scheme>]``; the reference amount is
  :func:`~benefits.rules.params.reference_amount` of the month. 46,800,000 until 30/06/2026, 50,600,000 from
  01/07/2026.
* Unemployment insurance: **20 x the regional minimum wage** of the month's region (Law on Employment
  74/2025/QH15 Art. 34(2); Law 38/2013/QH13 Art. 58(2) before 2026). Parameter
  ``unemployment_contribution_ceiling``.

The cap is applied month by month, before any average: a benefit or a pension is never computed on more than
the ceiling of each month. A month for which no ceiling row is in force is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from benefits.rules.decisions import Reason, format_vnd, plain_decimal
from benefits.rules.facts import ContributionHistory, ContributionMonth, Region, Scheme
from benefits.rules.money import Month, round_vnd
from benefits.rules.params import ParameterSet, ParameterValue, reference_amount

__all__ = [
    "CappedHistory",
    "Ceiling",
    "cap_months",
    "ceiling_reason",
    "contribution_basis",
    "social_insurance_ceiling",
    "unemployment_ceiling",
]

SOCIAL_INSURANCE = "social_insurance"
UNEMPLOYMENT = "unemployment"


@dataclass(frozen=True)
class Ceiling:
    """The highest monthly salary counted on a day, and the rows it was computed from."""

    amount: int
    multiple: Decimal
    base: int
    kind: str
    rows: tuple[ParameterValue, ...]


def social_insurance_ceiling(params: ParameterSet, scheme: Scheme, on: date) -> Ceiling | None:
    """20 x the reference level (base salary before 01/07/2025) on ``on``; ``None`` when no ceiling was in force."""
    return params.memo(("si_ceiling", scheme, on), lambda: _social_insurance_ceiling(params, scheme, on))


def _social_insurance_ceiling(params: ParameterSet, scheme: Scheme, on: date) -> Ceiling | None:
    rule = params.find("contribution_ceiling", on, key=scheme.value)
    if rule is None:
        return None
    reference = reference_amount(params, on)
    multiple = Decimal(str(rule.value["reference_multiple"]))
    amount = round_vnd(Decimal(reference.value) * multiple)
    return Ceiling(amount, plain_decimal(multiple), int(reference.value), SOCIAL_INSURANCE, (rule, reference))


def unemployment_ceiling(params: ParameterSet, region: Region, on: date) -> Ceiling | None:
    """20 x the regional minimum wage of ``region`` on ``on``; ``None`` when no ceiling or wage was in force."""
    return params.memo(("ui_ceiling", region, on), lambda: _unemployment_ceiling(params, region, on))


def _unemployment_ceiling(params: ParameterSet, region: Region, on: date) -> Ceiling | None:
    rule = params.find("unemployment_contribution_ceiling", on)
    wage = params.find("regional_minimum_wage", on, key=region.value)
    if rule is None or wage is None:
        return None
    multiple = Decimal(str(rule.value["minimum_wage_multiple"]))
    amount = round_vnd(Decimal(wage.value) * multiple)
    return Ceiling(amount, plain_decimal(multiple), int(wage.value), UNEMPLOYMENT, (rule, wage))


def contribution_basis(params: ParameterSet, salary: int, scheme: Scheme, on: date) -> int:
    """The salary contributions are computed on: ``salary``, at most the social-insurance ceiling of ``on``."""
    ceiling = social_insurance_ceiling(params, scheme, on)
    return salary if ceiling is None else min(salary, ceiling.amount)


@dataclass(frozen=True)
class CappedMonth:
    month: Month
    salary: int
    ceiling: Ceiling


@dataclass(frozen=True)
class CappedHistory:
    """A history whose salaries are at most each month's ceiling, and the months that were lowered."""

    history: ContributionHistory
    capped: tuple[CappedMonth, ...]

    def rows(self, months: Iterable[Month] | None = None) -> tuple[ParameterValue, ...]:
        """The parameter rows behind the caps of ``months`` (every capped month when ``None``)."""
        wanted = None if months is None else set(months)
        return tuple(row for item in self.capped if wanted is None or item.month in wanted for row in item.ceiling.rows)


def cap_months(history: ContributionHistory, params: ParameterSet, *, unemployment: bool = False) -> CappedHistory:
    """Each month's salary capped at its ceiling: social insurance by default, unemployment insurance on request."""
    months: list[ContributionMonth] = []
    capped: list[CappedMonth] = []
    for item in history.months:
        on = item.month.first_day()
        ceiling = (
            unemployment_ceiling(params, item.region, on)
            if unemployment
            else social_insurance_ceiling(params, item.scheme, on)
        )
        if ceiling is not None and item.salary > ceiling.amount:
            capped.append(CappedMonth(item.month, item.salary, ceiling))
            item = replace(item, salary=ceiling.amount)
        months.append(item)
    return CappedHistory(ContributionHistory(tuple(months)), tuple(capped))


def ceiling_reason(capped: CappedHistory, used: Iterable[Month]) -> Reason | None:
    """A reason saying the salary of some of the months ``used`` was lowered to the ceiling; ``None`` if none was."""
    wanted = set(used)
    hits = [item for item in capped.capped if item.month in wanted]
    if not hits:
        return None
    latest = hits[-1]
    ceiling = latest.ceiling
    basis = "the regional minimum wage" if ceiling.kind == UNEMPLOYMENT else "the reference level"
    return Reason(
        code="salary_ceiling",
        met=True,
        detail=f"{len(hits)} month(s) counted at the ceiling of {ceiling.multiple} x {basis}, not the salary paid"
        f" (latest {latest.month.display()}: {format_vnd(latest.salary)} counted as {format_vnd(ceiling.amount)}).",
        law=ceiling.rows[0].source,
        figures={
            "capped_months": len(hits),
            "ceiling_vnd": ceiling.amount,
            "salary_vnd": latest.salary,
            "ceiling_multiple": ceiling.multiple,
            "base_vnd": ceiling.base,
            "latest_month": latest.month,
            "basis": ceiling.kind,
        },
    )
