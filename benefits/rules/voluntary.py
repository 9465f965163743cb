"""Voluntary social insurance: what joining costs per payment cycle, after the State's support, and what it pays.

* Contribution (Law 41/2024/QH15 Art. 36(1)): 22 % (``contribution_rate[voluntary.retirement_survivorship]``)
  of the chosen monthly income, which lies between the floor (the rural poverty line,
  ``voluntary_income_floor``) and the ceiling (20 x the reference level, Art. 31(2), ``contribution_ceiling``).
* Cycles (Art. 36(2), ``voluntary_payment_modes``): 1, 3, 6 or 12 months, or ahead for up to 5 years; the
  discount for paying ahead is not computed (the amount shown is before it).
* State support (Art. 31(2); Decree 159/2025/NĐ-CP Art. 5, ``voluntary_support``): a share, by group, of the
  contribution on the floor, for at most 120 months; it never exceeds the contribution (the income is at least
  the floor and the share at most 1).
* Pension projection: the past months plus a voluntary month at the chosen income every month from the plan's
  first month until the later of the retirement month and the month the minimum years are reached; the old-age
  rule then gives the rate and the estimate (each year's income revalued with the latest table, later months
  at 1.00, so in today's money).
* If they stop: the months are kept (Art. 71); a one-time payment only in the cases of Art. 70 and 102.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from benefits.rules.ceiling import social_insurance_ceiling
from benefits.rules.decisions import ParameterUse, Reason, format_vnd, percent, plain_decimal, used
from benefits.rules.facts import ContributionHistory, ContributionPeriod, Facts, Person, Scheme
from benefits.rules.money import Month, round_vnd
from benefits.rules.old_age import OldAgeDecision, check_old_age
from benefits.rules.params import ParameterSet
from benefits.rules.retirement_age import statutory_retirement

__all__ = ["PlanInputError", "VoluntaryPlan", "allowed_cycles", "plan_voluntary"]

STOP_LAW = "Law 41/2024/QH15 Art. 70(1), Art. 71, Art. 102; Art. 36(2)(e); Art. 23"


class PlanInputError(ValueError):
    """An input the policy figures rule out (``field``: which one), with the figures to say why."""

    def __init__(self, field: str, code: str, figures: dict[str, int]):
        super().__init__(f"{field}: {code} {figures}")
        self.field = field
        self.code = code
        self.figures = figures


@dataclass(frozen=True)
class VoluntaryPlan:
    as_of: date
    start: Month
    income: int
    floor: int
    ceiling: int
    group: str
    cycle_months: int
    contribution_per_month: int
    support_share_percent: Decimal
    support_per_month: int
    supported_months_left: int
    per_cycle_before_support: int
    support_per_cycle: int
    per_cycle_after_support: int
    paying_ahead: bool
    past_months: int
    required_months: int
    minimum_reached: Month | None
    retirement_month: Month
    pension_start: date
    pension_rate_percent: Decimal | None
    estimated_monthly_pension: int
    estimate_provisional: bool
    joined_before_2025_07: bool
    parameters: tuple[ParameterUse, ...]
    reasons: tuple[Reason, ...]


def allowed_cycles(params: ParameterSet, on: date) -> tuple[int, ...]:
    """The cycles in months on ``on``: the modes of Art. 36(2), then whole years ahead up to the limit."""
    modes = params.value_on("voluntary_payment_modes", on).value
    ahead = tuple(12 * years for years in range(2, modes["max_years_ahead"] + 1))
    return (*modes["cycles_months"], *ahead)


def plan_voluntary(
    person: Person,
    periods: Sequence[ContributionPeriod],
    params: ParameterSet,
    as_of: date,
    *,
    income: int,
    group: str,
    cycle_months: int,
    supported_months_used: int = 0,
) -> VoluntaryPlan:
    """The plan for joining (or going on with) voluntary SI on ``as_of``; raises :class:`PlanInputError`."""
    rate = params.value_on("contribution_rate", as_of, key="voluntary.retirement_survivorship")
    floor = params.value_on("voluntary_income_floor", as_of)
    ceiling = social_insurance_ceiling(params, Scheme.VOLUNTARY, as_of)
    support = params.value_on("voluntary_support", as_of)
    modes = params.value_on("voluntary_payment_modes", as_of)
    withdrawal = params.value_on("one_time_payment", as_of)
    assert ceiling is not None  # the voluntary ceiling row is open-ended from 2016
    if not floor.value <= income <= ceiling.amount:
        raise PlanInputError("monthly_income", "out_of_range", {"floor": floor.value, "ceiling": ceiling.amount})
    if cycle_months not in allowed_cycles(params, as_of):
        raise PlanInputError("cycle_months", "not_allowed", {"max_years_ahead": modes.value["max_years_ahead"]})
    shares = support.value["shares"]
    if group not in shares:
        raise PlanInputError("support_group", "unknown", {})

    as_of_month = Month.of(as_of)
    history = ContributionHistory.from_periods(periods).up_to(as_of_month)
    past = len(history.months)
    start = max(as_of_month, history.months[-1].month.plus(1)) if history.months else as_of_month
    rate_value = Decimal(rate.value)
    per_month = round_vnd(Decimal(income) * rate_value)
    share = Decimal(str(shares[group]))
    support_per_month = round_vnd(Decimal(floor.value) * rate_value * share)
    left = max(0, support.value["max_months"] - supported_months_used)
    support_cycle = support_per_month * min(cycle_months, left)
    before = per_month * cycle_months

    min_years = params.value_on("pension_min_years", as_of)
    required = min_years.value * 12
    missing = max(0, required - past)
    reached = start.plus(missing - 1) if missing else None
    retirement = statutory_retirement(person.sex, person.birth_date, params, as_of)
    last = max(retirement.reached, reached or retirement.reached)
    future = (
        (ContributionPeriod(start, last, Scheme.VOLUNTARY, income),) if start <= last else ()
    )  # past the retirement month with the years met: nothing more to pay
    pension_start = max(last.plus(1).first_day(), as_of)
    projection: OldAgeDecision = check_old_age(
        Facts(person, ContributionHistory.from_periods((*periods, *future))), params, pension_start
    )
    first_month = history.months[0].month if history.months else start
    cutoff = withdrawal.value["contributions_before"]
    joined_early = cutoff is None or first_month.first_day() < date.fromisoformat(cutoff)

    reasons = [
        Reason(
            code="voluntary_contribution",
            met=True,
            detail=f"{percent(rate_value)} % of the chosen income {format_vnd(income)}: {format_vnd(per_month)} a"
            f" month, {format_vnd(before)} for {cycle_months} months. The income may be from"
            f" {format_vnd(floor.value)} to {format_vnd(ceiling.amount)}.",
            law=f"{rate.source}; {floor.source}; {ceiling.rows[0].source}",
            figures={
                "rate_percent": percent(rate_value),
                "income_vnd": income,
                "per_month_vnd": per_month,
                "cycle_months": cycle_months,
                "per_cycle_vnd": before,
                "floor_vnd": floor.value,
                "ceiling_vnd": ceiling.amount,
            },
        ),
        Reason(
            code="voluntary_support",
            met=support_cycle > 0,
            detail=f"The State pays {percent(share)} % of the contribution on the floor: {format_vnd(support_per_month)}"
            f" a month, for at most {support.value['max_months']} months ({left} left); {format_vnd(support_cycle)}"
            f" for this cycle.",
            law=support.source,
            figures={
                "share_percent": percent(share),
                "support_per_month_vnd": support_per_month,
                "max_months": support.value["max_months"],
                "left_months": left,
                "support_per_cycle_vnd": support_cycle,
            },
        ),
    ]
    if cycle_months > 12:
        reasons.append(
            Reason(
                code="voluntary_paying_ahead",
                met=True,
                detail=f"Paying {cycle_months} months ahead (at most {modes.value['max_years_ahead']} years) is"
                " discounted; the amount shown is before the discount.",
                law=modes.source,
                figures={"cycle_months": cycle_months, "max_years_ahead": modes.value["max_years_ahead"]},
            )
        )
    reasons.append(
        Reason(
            code="voluntary_minimum_years",
            met=missing == 0,
            detail=f"{past} months counted so far of the {required} needed for a pension"
            + (
                f"; paying every month from {start.display()} they are reached in {reached.display()}."
                if reached
                else "."
            ),
            law=min_years.source,
            figures={"past_months": past, "required_months": required, **({"reached": reached} if reached else {})},
        )
    )
    rate_percent = projection.pension_rate_percent
    reasons.append(
        Reason(
            code="voluntary_pension_projection",
            met=rate_percent is not None,
            detail=f"Contributing until {last.display()}, the pension could start on {pension_start:%d/%m/%Y} at"
            f" {rate_percent or 0} % of the average income: about {format_vnd(projection.estimated_monthly_pension)}"
            " a month in today's money (incomes revalued with the latest table, no later rise assumed).",
            law=next(r.law for r in projection.reasons if r.code == "pension_rate"),
            figures={
                "last_month": last,
                "pension_start": pension_start,
                "rate_percent": plain_decimal(rate_percent or 0),
                "estimate_vnd": projection.estimated_monthly_pension,
            },
        )
    )
    reasons.append(
        Reason(
            code="voluntary_if_you_stop",
            met=joined_early,
            detail="If you stop, the months are kept and count again when you resume (Art. 71). "
            + (
                "Having contributed before 01/07/2025, a one-time payment may be asked for after 12 months out of"
                " insurance while under 20 years (Art. 70(1)(đ))."
                if joined_early
                else "Having joined from 01/07/2025, a one-time payment is possible only in the cases of Art. 70(1)"
                "(a)-(e), such as retirement age with fewer than 15 years."
            )
            + " At retirement age with too few years, up to 60 missing months may be paid at once (Art. 36(2)(e))"
            " or a monthly allowance taken (Art. 23).",
            law=STOP_LAW,
            figures={"past_months": past, "months_out": withdrawal.value["months_out_of_insurance"]},
        )
    )
    return VoluntaryPlan(
        as_of=as_of,
        start=start,
        income=income,
        floor=floor.value,
        ceiling=ceiling.amount,
        group=group,
        cycle_months=cycle_months,
        contribution_per_month=per_month,
        support_share_percent=percent(share),
        support_per_month=support_per_month,
        supported_months_left=left,
        per_cycle_before_support=before,
        support_per_cycle=support_cycle,
        per_cycle_after_support=before - support_cycle,
        paying_ahead=cycle_months > 12,
        past_months=past,
        required_months=required,
        minimum_reached=reached,
        retirement_month=retirement.reached,
        pension_start=pension_start,
        pension_rate_percent=rate_percent,
        estimated_monthly_pension=projection.estimated_monthly_pension,
        estimate_provisional=projection.estimate_provisional,
        joined_before_2025_07=joined_early,
        parameters=tuple(
            {
                u.version: u
                for u in (
                    *used(rate, floor, *ceiling.rows, support, modes, withdrawal, min_years),
                    *projection.parameters,
                )
            }.values()
        ),
        reasons=tuple(reasons),
    )
