"""Sickness benefit (Law 41/2024/QH15 Arts. 42-45; Law 58/2014/QH13 Arts. 24-28 before 01/07/2025).

* Eligible when a compulsory period covers the month the sickness starts or the month before it.
* Days per calendar year (Art. 43(1)): by whole years of compulsory SI, <15 / 15-<30 / >=30 years:
  30 / 40 / 60 working days, or 40 / 50 / 70 in heavy, hazardous work.
* Daily amount (Art. 45): 75 % of the salary of the month immediately before the leave month, / 24; that
  salary is at most 20 x the reference level of its month (Art. 31(1), :mod:`benefits.rules.ceiling`).
  Art. 45(1) adds that leave in the first month of joining or re-joining uses that month's salary; we follow
  the law there (the API contract's "latest compulsory month before" would otherwise reach back to an old job).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from benefits.rules.ceiling import cap_months, ceiling_reason
from benefits.rules.decisions import ParameterUse, Reason, format_vnd, percent, used
from benefits.rules.facts import ContributionMonth, Facts, Scheme, SicknessEvent
from benefits.rules.money import Month, round_vnd
from benefits.rules.params import ParameterSet

__all__ = ["SicknessDecision", "check_sickness"]


@dataclass(frozen=True)
class SicknessDecision:
    eligible: bool
    start_date: date
    basis_month: Month | None
    basis_salary: int
    compulsory_years: int
    hazardous: bool
    days_per_year: int
    daily_amount: int
    parameters: tuple[ParameterUse, ...]
    reasons: tuple[Reason, ...]


def _quota(table: list[dict[str, int]], years: int) -> int:
    return [row["days"] for row in table if years >= row["from_years"]][-1]


def check_sickness(facts: Facts, params: ParameterSet, as_of: date, event: SicknessEvent | None) -> SicknessDecision:
    """Sickness benefit for leave starting on the event date, or on ``as_of`` when there is no event."""
    start = event.start_date if event is not None else as_of
    rule = params.value_on("sickness_benefit", start)
    capped = cap_months(facts.history.up_to(Month.of(as_of)), params)
    history = capped.history
    sick_month = Month.of(start)
    previous = history.get(sick_month.plus(-1))
    current = history.get(sick_month)
    basis: ContributionMonth | None = None
    if previous is not None and previous.compulsory:
        basis = previous
    elif current is not None and current.compulsory:
        basis = current
    eligible = basis is not None
    years = history.count(Scheme.COMPULSORY, last=sick_month) // 12
    if event is not None and event.hazardous is not None:
        hazardous = event.hazardous
    else:
        hazardous = basis is not None and basis.hazardous
    table = rule.value["quota"]["hazardous" if hazardous else "normal"]
    days = _quota(table, years) if eligible else 0
    salary = basis.salary if basis is not None else 0
    daily = round_vnd(Decimal(salary) * Decimal(rule.value["rate"]) / Decimal(rule.value["daily_divisor"]))

    cover_figures: dict[str, object] = {"leave_month": sick_month, "previous_month": sick_month.plus(-1)}
    if basis is None:
        cover_figures["basis"] = "none"
        cover = (
            f"No compulsory insurance in {sick_month.display()} or {sick_month.plus(-1).display()};"
            " voluntary insurance has no sickness benefit."
        )
    elif basis is previous:
        cover_figures |= {"basis": "previous", "basis_month": basis.month}
        cover = f"Compulsory insurance in {basis.month.display()}, the month before the leave."
    else:
        cover_figures |= {"basis": "current", "basis_month": basis.month}
        cover = f"First month of (re-)joining compulsory insurance: {basis.month.display()} is used."
    rows = [rule]
    reasons = [
        Reason(
            code="compulsory_insurance_at_sickness",
            met=eligible,
            detail=cover,
            law=rule.source,
            required="compulsory insurance in the leave month or the month before",
            actual=str(basis.month) if basis else "none",
            figures=cover_figures,
        ),
    ]
    if basis is not None:
        ceiling = ceiling_reason(capped, (basis.month,))
        if ceiling is not None:
            rows.extend(capped.rows((basis.month,)))
            reasons.append(ceiling)
        kind = "heavy or hazardous work" if hazardous else "normal conditions"
        reasons.append(
            Reason(
                code="sickness_days_quota",
                met=True,
                detail=f"{years} whole years of compulsory insurance, {kind}: up to {days} working days a year.",
                law=rule.source,
                actual=f"{years} years",
                figures={"compulsory_years": years, "quota_days": days, "hazardous": hazardous},
            )
        )
        reasons.append(
            Reason(
                code="sickness_daily_amount",
                met=True,
                detail=f"{rule.value['rate'] * 100:.0f} % of {format_vnd(salary)} ({basis.month.display()})"
                f" / {rule.value['daily_divisor']} = {format_vnd(daily)} per day.",
                law=rule.source,
                figures={
                    "daily_vnd": daily,
                    "salary_vnd": salary,
                    "basis_month": basis.month,
                    "rate_percent": percent(rule.value["rate"]),
                    "daily_divisor": int(rule.value["daily_divisor"]),
                },
            )
        )
    return SicknessDecision(
        eligible=eligible,
        start_date=start,
        basis_month=basis.month if basis else None,
        basis_salary=salary,
        compulsory_years=years,
        hazardous=hazardous,
        days_per_year=days,
        daily_amount=daily if eligible else 0,
        parameters=used(*rows),
        reasons=tuple(reasons),
    )
