"""Old-age pension: eligibility, rate, estimated amount, one-time payment (Law 41/2024/QH15 Arts. 64-73, 98-104).

* Eligible when the statutory retirement age is reached (the pension starts on the 1st of the next month)
  and the minimum years are met under the law in force on ``as_of``: 15 years from 01/07/2025 (Art. 64(1),
  Art. 98), 20 years before (Law 58/2014/QH13 Art. 54). Whole years of 12 months count (Art. 5(6)).
* Only months on or before the as-of month count; later contributions are never assumed.
* Rate (Art. 66(1), 99(1)): women 45 % at 15 years +2 %/year; men 45 % at 20 years +2 %/year, and men with
  15-<20 years 40 % +1 %/year; max 75 %. For the rate, leftover months 1-6 count as half a year, 7-11 as
  a whole year (Art. 5(6)).
* Estimate: rate x the average of all counted months, each revalued with the coefficient table for the year
  the pension would be settled (Art. 72(2), 73(2), 104); a missing table makes the estimate provisional.
  Raised to 1 x the reference level for people who joined before 01/07/2025 with >= 20 compulsory years
  (Art. 141(11)). The estimate is given whenever the years for a rate are met, even before the pension
  age (a projection, not an entitlement): a documented choice.
* One-time payment (Art. 70, 102) is reported while it is open: (a) at pension age with too few years, or
  (đ) transitional, contributions before 01/07/2025, 12 months out of insurance, fewer than 20 years.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from benefits.rules.ceiling import cap_months, ceiling_reason
from benefits.rules.decisions import ParameterUse, Reason, format_vnd, plain_decimal, used
from benefits.rules.facts import ContributionMonth, Facts, Scheme, Sector, Sex
from benefits.rules.money import Month, round_vnd
from benefits.rules.params import ParameterSet, ParameterValue, reference_amount
from benefits.rules.retirement_age import RetirementAge, statutory_retirement

__all__ = [
    "OldAgeDecision",
    "OneTimePayment",
    "check_old_age",
    "half_years_for_benefit",
    "pension_rate_percent",
    "revalued_average",
]


@dataclass(frozen=True)
class OneTimePayment:
    """The one-time SI payment (BHXH một lần): open now, or from which month if the person stops contributing."""

    open: bool
    open_from: Month | None
    case: str | None
    amount: int
    law: str


@dataclass(frozen=True)
class OldAgeDecision:
    eligible: bool
    retirement: RetirementAge
    counted_months: int
    compulsory_months: int
    voluntary_months: int
    required_years: int
    months_missing: int
    pension_rate_percent: Decimal | None
    average_salary: int
    estimated_monthly_pension: int
    estimate_provisional: bool
    minimum_pension_applied: bool
    assumptions: tuple[str, ...]
    eligible_from: Month | None
    one_time_payment: OneTimePayment
    parameters: tuple[ParameterUse, ...]
    reasons: tuple[Reason, ...]

    @property
    def retirement_month(self) -> Month:
        return self.retirement.reached

    @property
    def pension_start(self) -> date:
        return self.retirement.pension_start


def half_years_for_benefit(months: int) -> int:
    """Contribution time in half-years for benefit amounts (Art. 5(6)): 1-6 leftover months = 1/2, 7-11 = 1."""
    years, rest = divmod(months, 12)
    if rest == 0:
        extra = 0
    elif rest <= 6:
        extra = 1
    else:
        extra = 2
    return years * 2 + extra


def pension_rate_percent(sex: Sex, months: int, min_years: int, schedule: ParameterValue) -> Decimal | None:
    """The pension rate in percent for ``months`` of contributions; ``None`` below the minimum years."""
    if months < min_years * 12:
        return None
    years = Decimal(half_years_for_benefit(months)) / 2
    brackets = [b for b in schedule.value[sex.value] if years >= b["from_years"]]
    if not brackets:
        return None
    bracket = brackets[-1]
    rate = Decimal(bracket["base_percent"]) + Decimal(bracket["per_year_percent"]) * (years - bracket["from_years"])
    return min(rate, Decimal(schedule.value["max_percent"]))


def _coefficient(table: ParameterValue, year: int) -> tuple[Decimal, bool]:
    """Coefficient for salaries of ``year``; True when the year is later than the table (1.00 assumed)."""
    by_year = table.value["by_year"]
    if str(year) in by_year:
        return Decimal(by_year[str(year)]), False
    first = min(int(y) for y in by_year)
    if year < first:
        before = table.value["before_first_year"]
        # Voluntary SI began in 2008, so its column has no "before" value; earlier rows use the first year.
        return Decimal(before if before is not None else by_year[str(first)]), False
    return Decimal(1), True


def _state_months(
    months: Sequence[ContributionMonth], params: ParameterSet, settle: date
) -> tuple[tuple[ContributionMonth, ...], ParameterValue | None, bool]:
    """The state-scale months that enter the average (Art. 72(1)): the last N years of them, N by the date
    contributions started; whether they are revalued to the reference level (joined before 2016, Art. 73(1)(a))."""
    state = tuple(m for m in months if m.compulsory and m.sector is Sector.STATE)
    rule = params.find("state_scale_average", settle)
    if not state or rule is None:
        return state, None, False
    joined = months[0].month.first_day()
    bands = [b for b in rule.value["bands"] if joined < date.fromisoformat(b["joined_before"])]
    if bands:
        state = state[-bands[0]["years"] * 12 :]
    to_reference = joined < date.fromisoformat(rule.value["reference_revaluation_joined_before"])
    return state, rule, to_reference


def revalued_average(
    months: Sequence[ContributionMonth], params: ParameterSet, settle: date
) -> tuple[int, bool, tuple[ParameterValue, ...]]:
    """Average monthly salary/income revalued for a benefit settled on ``settle`` (Art. 72, 73, 104).

    Employer-set pay and voluntary income: every month, revalued with the coefficient table (Art. 72(2),
    73(2), 104). Months on the State's salary scale (Art. 72(1), (3)): only the last N years of them, their
    average weighing as many months as the person has on that scale; revalued to the reference level of the
    settlement date for people who joined before 2016 (Art. 73(1)(a)), with the table otherwise.

    Returns the average, whether it is provisional (no table for the settlement year, or salaries later
    than the table), and the rows used.
    """
    if not months:
        return 0, False, ()
    tables: dict[Scheme, ParameterValue] = {}
    provisional = False
    for scheme in sorted({m.scheme for m in months}):
        table, exact = params.value_nearest("revaluation_coefficients", settle, key=scheme.value)
        tables[scheme] = table
        provisional = provisional or not exact
    state, state_rule, to_reference = _state_months(months, params, settle)
    extra: list[ParameterValue] = []
    reference = reference_amount(params, settle) if to_reference else None

    def revalued(month: ContributionMonth, by_reference: bool) -> Decimal:
        nonlocal provisional
        if by_reference and reference is not None:
            base = params.find("reference_level", month.month.first_day()) or params.find(
                "base_salary", month.month.first_day()
            )
            if base is not None:
                return Decimal(month.salary) * Decimal(reference.value) / Decimal(base.value)
        coefficient, beyond = _coefficient(tables[month.scheme], month.month.year)
        provisional = provisional or beyond
        return Decimal(month.salary) * coefficient

    others = [m for m in months if not (m.compulsory and m.sector is Sector.STATE)]
    total = Fraction(sum((revalued(m, False) for m in others), Decimal(0)))
    if state:
        state_average = Fraction(sum((revalued(m, True) for m in state), Decimal(0))) / len(state)
        state_count = len(months) - len(others)
        total += state_average * state_count
        if state_rule is not None:
            extra.append(state_rule)
        if reference is not None:
            extra.append(reference)
    return round_vnd(total / len(months)), provisional, (*tables.values(), *extra)


def _retirement_fund_rate(params: ParameterSet, scheme: Scheme, on: date) -> tuple[Decimal, tuple[ParameterValue, ...]]:
    if scheme is Scheme.VOLUNTARY:
        value, _ = params.value_nearest("contribution_rate", on, key="voluntary.retirement_survivorship")
        return Decimal(value.value), (value,)
    employee, _ = params.value_nearest("contribution_rate", on, key="compulsory.employee.retirement_survivorship")
    employer, _ = params.value_nearest("contribution_rate", on, key="compulsory.employer.retirement_survivorship")
    return Decimal(employee.value) + Decimal(employer.value), (employee, employer)


def _one_time_amount(
    months: Sequence[ContributionMonth], average: int, rule: ParameterValue, params: ParameterSet
) -> tuple[int, tuple[ParameterValue, ...]]:
    """Art. 70(3) / 102(2): 1.5 months of the average per year before 2014, 2 months per year from 2014."""
    value = rule.value
    if len(months) < 12:
        contributed = Decimal(0)
        rows: list[ParameterValue] = []
        for month in months:
            rate, rate_rows = _retirement_fund_rate(params, month.scheme, month.month.first_day())
            rows.extend(rate_rows)
            contributed += Decimal(month.salary) * rate
        cap = Decimal(average) * Decimal(value["less_than_year_cap_months"])
        return round_vnd(min(contributed, cap)), tuple(rows)
    split = value["split_year"]
    before = sum(1 for m in months if m.month.year < split)
    after = len(months) - before
    per_before = Fraction(Decimal(value["months_per_year_before_split"]))
    per_after = Fraction(Decimal(value["months_per_year_from_split"]))
    if after:
        # Leftover pre-2014 months are carried into the 2014+ period.
        whole_before, leftover = divmod(before, 12)
        years_factor = per_before * whole_before + per_after * Fraction(half_years_for_benefit(after + leftover), 2)
    else:
        years_factor = per_before * Fraction(half_years_for_benefit(before), 2)
    return round_vnd(Fraction(average) * years_factor), ()


def _max_top_up(rule: ParameterValue | None) -> int:
    return 0 if rule is None else int(rule.value["max_missing_months"])


def _monthly_allowance(params: ParameterSet, on: date, age_months: int) -> tuple[Reason, ParameterValue] | None:
    """The monthly allowance of Art. 23 for someone at retirement age without a pension, below the social-pension
    age: paid from their own contributions, at least the social pension (Decree 176/2025/NĐ-CP)."""
    social = params.find("social_pension_allowance", on)
    if social is None or age_months >= social.value["min_age"] * 12:
        return None
    amount = social.value["monthly_amount"]
    reason = Reason(
        code="monthly_allowance_option",
        met=True,
        detail=f"Instead of a one-time payment, a monthly allowance paid from the person's own contributions may be"
        f" asked for until the social-pension age of {social.value['min_age']}, at least {format_vnd(amount)} a"
        " month; the State pays the health insurance meanwhile.",
        law=f"Law 41/2024/QH15 Art. 23; {social.source}",
        figures={"minimum_vnd": amount, "social_pension_age": social.value["min_age"]},
    )
    return reason, social


def _voluntary_lump_sum(params: ParameterSet, on: date, missing: int) -> tuple[Reason, list[ParameterValue]] | None:
    """Paying the missing months as a voluntary member (Law 41/2024/QH15 Art. 36(2)(e); Decree 159/2025/NĐ-CP
    Art. 7: at most 60 months at once), and what it costs at the lowest income on ``on``, with and without the
    State's support (Decree 159/2025/NĐ-CP Art. 5: a share of the contribution on the rural poverty line, for at
    most 120 months). ``None`` when more months are missing than may be paid, or the rule is not in force."""
    rule = params.find("voluntary_top_up", on)
    if rule is None or missing > rule.value["max_missing_months"]:
        return None
    rate, _exact = params.value_nearest("contribution_rate", on, key="voluntary.retirement_survivorship")
    floor = params.value_on("voluntary_income_floor", on)
    support = params.value_on("voluntary_support", on)
    per_month = round_vnd(Decimal(floor.value) * Decimal(rate.value))
    cost = per_month * missing
    shares = support.value["shares"]
    supported_months = min(missing, support.value["max_months"])
    support_per_month = round_vnd(Decimal(floor.value) * Decimal(rate.value) * Decimal(str(shares["other"])))
    most_per_month = round_vnd(Decimal(floor.value) * Decimal(rate.value) * Decimal(str(max(shares.values()))))
    with_support = cost - support_per_month * supported_months
    reason = Reason(
        code="voluntary_top_up",
        met=True,
        detail=f"The {missing} missing months may be paid in one lump sum as a voluntary member (at most"
        f" {rule.value['max_missing_months']}): at the lowest income {format_vnd(floor.value)} and"
        f" {Decimal(rate.value) * 100:.0f} %, {format_vnd(per_month)} a month, {format_vnd(cost)} in all;"
        f" {format_vnd(with_support)} after the State's support of {format_vnd(support_per_month)} a month"
        f" (more for poor and near-poor households and ethnic minorities, up to {format_vnd(most_per_month)}).",
        law=f"{rule.source}; {support.source}",
        required=f"at most {rule.value['max_missing_months']} months",
        actual=f"{missing} months",
        figures={
            "missing_months": missing,
            "max_missing_months": rule.value["max_missing_months"],
            "income_vnd": floor.value,
            "rate_percent": plain_decimal(Decimal(rate.value) * 100),
            "per_month_vnd": per_month,
            "cost_vnd": cost,
            "support_per_month_vnd": support_per_month,
            "cost_with_support_vnd": with_support,
            "most_support_per_month_vnd": most_per_month,
            "income_unconfirmed": floor.mark == "M",
        },
    )
    return reason, [rule, rate, floor, support]


def _age_months(birth: date, on: date) -> int:
    months = Month.of(on).minus(Month.of(birth))
    return months - 1 if on.day < birth.day else months


def _years_months(months: int) -> str:
    return f"{months // 12} years {months % 12} months"


def check_old_age(facts: Facts, params: ParameterSet, as_of: date, event: None = None) -> OldAgeDecision:
    """Old-age pension status on ``as_of`` (Law 41/2024/QH15 Art. 64, 66, 70, 72-73, 98-104, 141(11))."""
    person = facts.person
    as_of_month = Month.of(as_of)
    # Every salary counts at most at its month's ceiling (Art. 31(1)), in the average and the one-time payment.
    capped = cap_months(facts.history.up_to(as_of_month), params)
    history = capped.history
    retirement = statutory_retirement(person.sex, person.birth_date, params, as_of)
    min_years_row = params.value_on("pension_min_years", as_of)
    schedule = params.value_on("pension_rate_schedule", as_of)
    one_time_rule = params.value_on("one_time_payment", as_of)
    minimum_rule = params.value_on("pension_minimum", as_of)
    top_up_rule = params.find("pension_top_up", as_of)

    total = len(history.months)
    compulsory = history.count(Scheme.COMPULSORY)
    voluntary = total - compulsory
    min_years: int = min_years_row.value
    missing = max(0, min_years * 12 - total)
    rate = pension_rate_percent(person.sex, total, min_years, schedule)
    age_reached = as_of >= retirement.pension_start
    eligible = age_reached and missing == 0
    eligible_from = None if eligible else max(as_of_month.plus(missing), retirement.reached).plus(1)

    settle = max(retirement.pension_start, as_of)
    average, provisional, tables = revalued_average(history.months, params, settle)
    estimate = round_vnd(Fraction(average) * Fraction(rate) / 100) if rate is not None else 0
    calculated = estimate
    minimum_applied = False
    minimum_figures: dict[str, object] = {}
    rows_used: list[ParameterValue] = [retirement.parameter, min_years_row, schedule, one_time_rule, *tables]
    assumptions: list[str] = []
    if rate is not None:
        joined_before = minimum_rule.value["joined_before"]
        first_compulsory = history.select(Scheme.COMPULSORY)[:1]
        joined_in_time = bool(first_compulsory) and (
            joined_before is None or first_compulsory[0].month.first_day() < date.fromisoformat(joined_before)
        )
        # Art. 141(11) names the groups of Art. 2(1) entitled to it; the person's group is that of the latest
        # compulsory month (the others, such as household-business owners, are not).
        groups = minimum_rule.value.get("groups")
        in_group = groups is None or (bool(first_compulsory) and history.select(Scheme.COMPULSORY)[-1].group in groups)
        if joined_in_time and in_group and compulsory >= minimum_rule.value["min_compulsory_years"] * 12:
            reference = reference_amount(params, settle)
            floor = round_vnd(Decimal(reference.value) * Decimal(minimum_rule.value["reference_multiple"]))
            rows_used += [minimum_rule, reference]
            if estimate < floor:
                estimate, minimum_applied = floor, True
                minimum_figures = {
                    "reference_vnd": reference.value,
                    "reference_multiple": plain_decimal(minimum_rule.value["reference_multiple"]),
                }
        table_text = "; ".join(t.source for t in tables)
        assumptions = [
            f"Rate from the {total} months counted up to {as_of.isoformat()}; no later contributions are assumed.",
            "Average over the whole contribution period (employer-set pay, Art. 72(2); voluntary income, Art. 104);"
            " months on the State's salary scale by Art. 72(1) and 73(1) (the last years by the year of joining).",
            f"Each year's salary revalued with the coefficients for benefits settled in {settle.year} ({table_text})"
            + (
                ", provisional: the table for that year is not published yet, the latest one is used."
                if provisional
                else "."
            ),
            "Normal conditions: no reduction for early retirement (Art. 65-66(3)) and no later indexation (Art. 67).",
        ]
        if minimum_applied:
            assumptions.append("Raised to the minimum pension of 1 x the reference level (Art. 141(11)).")

    reasons: list[Reason] = []
    age_text = f"{retirement.years}y{retirement.months}m"
    current_age = _age_months(person.birth_date, as_of)
    reasons.append(
        Reason(
            code="retirement_age_reached",
            met=age_reached,
            detail=(
                f"Statutory retirement age (normal conditions) {age_text} is reached in "
                f"{retirement.reached.display()}; the pension can start on {retirement.pension_start:%d/%m/%Y}."
            ),
            law=retirement.parameter.source,
            required=age_text,
            actual=f"{current_age // 12}y{current_age % 12}m",
            figures={
                "age_years": retirement.years,
                "age_months": retirement.months,
                "reached_month": retirement.reached,
                "pension_start": retirement.pension_start,
                "current_age_years": current_age // 12,
                "current_age_months": current_age % 12,
            },
        )
    )
    if missing:
        years_detail = (
            f"{missing} more months needed; with contributions every month from {as_of_month.plus(1).display()}"
            f" the pension could start from {eligible_from.display() if eligible_from else ''}."
        )
    else:
        years_detail = f"The minimum of {min_years} years is met."
    reasons.append(
        Reason(
            code="minimum_contribution_years",
            met=missing == 0,
            detail=f"{_years_months(total)} of contributions counted up to {as_of_month.display()}. {years_detail}",
            law=min_years_row.source,
            required=f"{min_years * 12} months",
            actual=f"{total} months",
            figures={
                "required_years": min_years,
                "required_months": min_years * 12,
                "actual_months": total,
                "missing_months": missing,
                "counted_up_to": as_of_month,
                **({"eligible_from": eligible_from} if eligible_from is not None else {}),
            },
        )
    )
    rate_figures: dict[str, object] = {"actual_months": total, "required_years": min_years}
    if rate is not None:
        rate_figures |= {
            "rate_percent": plain_decimal(rate),
            "rate_years": plain_decimal(Decimal(half_years_for_benefit(total)) / 2),
        }
        rate_detail = (
            f"{_years_months(total)} count as {Decimal(half_years_for_benefit(total)) / 2} years for the rate:"
            f" {rate.normalize():f} %."
        )
    else:
        rate_detail = f"No pension rate below {min_years} years."
    reasons.append(
        Reason(
            code="pension_rate",
            met=rate is not None,
            detail=rate_detail,
            law=schedule.source,
            actual=None if rate is None else f"{rate.normalize():f} %",
            figures=rate_figures,
        )
    )
    if rate is not None:
        reasons.append(
            Reason(
                code="pension_estimate",
                met=True,
                detail=f"Estimated {format_vnd(estimate)} per month = {rate.normalize():f} % x revalued average "
                f"{format_vnd(average)}. Assumptions: " + " ".join(assumptions),
                law="; ".join(t.source for t in tables),
                actual=str(estimate),
                figures={
                    "estimate_vnd": estimate,
                    "average_vnd": average,
                    "rate_percent": plain_decimal(rate),
                    "calculated_vnd": calculated,
                    "minimum_applied": minimum_applied,
                    "provisional": provisional,
                    "settle_year": settle.year,
                },
            )
        )
    if minimum_applied:
        reasons.append(
            Reason(
                code="minimum_pension",
                met=True,
                detail=f"The pension is raised to the minimum of {format_vnd(estimate)}.",
                law=minimum_rule.source,
                figures={"minimum_vnd": estimate, "calculated_vnd": calculated, **minimum_figures},
            )
        )
    last_compulsory = bool(history.months) and history.months[-1].compulsory
    if (
        top_up_rule is not None
        and last_compulsory
        and age_reached
        and 0 < missing <= top_up_rule.value["max_missing_months"]
    ):
        rows_used.append(top_up_rule)
        reasons.append(
            Reason(
                code="top_up_missing_months",
                met=True,
                detail=f"The {missing} missing months may be paid in one lump sum to qualify for the pension.",
                law=top_up_rule.source,
                required=f"at most {top_up_rule.value['max_missing_months']} months",
                actual=f"{missing} months",
                figures={"missing_months": missing, "max_missing_months": top_up_rule.value["max_missing_months"]},
            )
        )
    if age_reached and missing:
        allowance = _monthly_allowance(params, as_of, current_age)
        if allowance is not None:
            rows_used.append(allowance[1])
            reasons.append(allowance[0])
    if age_reached and missing and not (last_compulsory and missing <= _max_top_up(top_up_rule)):
        lump = _voluntary_lump_sum(params, as_of, missing)
        if lump is not None:
            reason, lump_rows = lump
            rows_used.extend(lump_rows)
            reasons.append(reason)

    one_time, extra_rows = _one_time_payment(
        history.months, as_of_month, age_reached, missing, average, one_time_rule, params
    )
    rows_used.extend(extra_rows)
    if one_time.open or one_time.open_from is not None:
        one_time_figures: dict[str, object] = {
            "months_out_of_insurance": one_time_rule.value["months_out_of_insurance"],
            "max_years": one_time_rule.value["max_years"],
        }
        if one_time.open:
            detail = (
                f"A one-time payment of about {format_vnd(one_time.amount)} may be requested instead of a pension"
                f" ({one_time.case}); it ends the rights for the months paid out."
            )
            # Same test as in _one_time_payment: the retirement-age case wins over the transitional one.
            one_time_figures |= {
                "amount_vnd": one_time.amount,
                "case": "retirement_age" if age_reached and missing else "out_of_insurance",
            }
        else:
            detail = (
                f"A one-time payment could be requested from {one_time.open_from.display() if one_time.open_from else ''}"
                " if no further contributions are made (12 months out of insurance, fewer than 20 years)."
            )
            one_time_figures["open_from"] = one_time.open_from
        reasons.append(
            Reason(
                code="one_time_payment", met=one_time.open, detail=detail, law=one_time.law, figures=one_time_figures
            )
        )

    ceiling = ceiling_reason(capped, (m.month for m in history.months))
    if ceiling is not None and (rate is not None or one_time.open):
        rows_used.extend(capped.rows())
        reasons.append(ceiling)

    return OldAgeDecision(
        eligible=eligible,
        retirement=retirement,
        counted_months=total,
        compulsory_months=compulsory,
        voluntary_months=voluntary,
        required_years=min_years,
        months_missing=missing,
        pension_rate_percent=rate,
        average_salary=average,
        estimated_monthly_pension=estimate,
        estimate_provisional=provisional,
        minimum_pension_applied=minimum_applied,
        assumptions=tuple(assumptions),
        eligible_from=eligible_from,
        one_time_payment=one_time,
        parameters=used(*rows_used),
        reasons=tuple(reasons),
    )


def _one_time_payment(
    months: Sequence[ContributionMonth],
    as_of_month: Month,
    age_reached: bool,
    missing: int,
    average: int,
    rule: ParameterValue,
    params: ParameterSet,
) -> tuple[OneTimePayment, tuple[ParameterValue, ...]]:
    value = rule.value
    if not months:
        return OneTimePayment(False, None, None, 0, rule.source), ()
    contributions_before = value["contributions_before"]
    had_early = contributions_before is None or months[0].month.first_day() < date.fromisoformat(contributions_before)
    transitional = had_early and len(months) < value["max_years"] * 12
    out_from = months[-1].month.plus(value["months_out_of_insurance"] + 1)
    case = None
    # Art. 70(1)(a) is for someone who stopped: still contributing in the as-of month or the one before, the
    # payment opens only once contributions stop.
    contributing = months[-1].month >= as_of_month.plus(-1)
    if age_reached and missing and contributing:
        return OneTimePayment(False, months[-1].month.plus(1), None, 0, rule.source), ()
    if age_reached and missing:
        case = "retirement age reached with too few years"
    elif transitional and as_of_month >= out_from:
        case = "12 months out of insurance with fewer than 20 years"
    if case is None:
        return OneTimePayment(False, out_from if transitional else None, None, 0, rule.source), ()
    amount, rows = _one_time_amount(months, average, rule, params)
    return OneTimePayment(True, None, case, amount, rule.source), rows
