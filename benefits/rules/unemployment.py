"""Unemployment benefit (Law on Employment 74/2025/QH15 Arts. 38-39 from 01/01/2026; Law 38/2013/QH13 Arts. 49-50
for terminations before 01/01/2026). The law is chosen by the termination date; Law 74 Art. 55(4) (claims
filed before 2026 but undecided follow the new law) is not modelled because the filing date is unknown.

* Unemployment-insurance months (Law 74/2025/QH15 Art. 31(1), 35(1)): compulsory months of a job covered by
  the scheme, which began on 01/01/2009 (``unemployment_insured_months[scheme_start]``); a period flagged ``unemployment_insured=False`` (a civil-service post) does not count, nor do
  voluntary months. Months already used by an earlier benefit (``months_used_before``) are the oldest ones
  and count neither for the conditions nor for the duration.
* Conditions: lawful termination; >= 12 months of UI contributions (unused UI months) in the 24 months
  before termination, or in 36 months for contracts of under 12 months; the claim filed within 3 months of
  termination; and, from 2026, not already eligible for a pension. The window is the 24 (36) months ending
  with the termination month (that month is contributed when worked, so it counts).
* "Already eligible for a pension" = the termination is on or after the last day of the retirement month
  (the retirement point of Decree 135/2020) and the minimum pension years are met by then. Under Law 38 only
  people already *receiving* a pension were excluded; the calculator assumes the person is not.
* Amount: 60 % of the average of the last 6 months of UI contributions, each month's salary at most 20 x
  the regional minimum wage of that month (the UI ceiling, Art. 34(2)), capped at 5 x the regional minimum
  wage of the last contribution month (its region).
* Duration: 3 months for 12-36 contribution months, +1 for each further full 12 months, at most 12, counting
  the unused UI months up to the termination.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from benefits.rules.ceiling import cap_months, ceiling_reason
from benefits.rules.decisions import ParameterUse, Reason, format_vnd, percent, plain_decimal, used
from benefits.rules.facts import ContributionHistory, ContributionMonth, Facts, UnemploymentEvent
from benefits.rules.money import Month, add_months, round_vnd
from benefits.rules.params import ParameterSet, ParameterValue
from benefits.rules.retirement_age import statutory_retirement

__all__ = [
    "UnemploymentDecision",
    "benefit_duration_months",
    "check_unemployment",
    "is_unemployment_month",
    "months_used_by_awards",
    "unemployment_months",
]


@dataclass(frozen=True)
class UnemploymentDecision:
    eligible: bool
    window_first: Month
    window_last: Month
    months_in_window: int
    total_months: int
    months_used_before: int
    benefit_months: int
    average_salary: int
    cap: int
    monthly_benefit: int
    apply_by: date
    pension_eligible: bool
    parameters: tuple[ParameterUse, ...]
    reasons: tuple[Reason, ...]


def benefit_duration_months(total_months: int, rule: ParameterValue) -> int:
    """``min(max, base + (N - threshold) // step)`` for N >= threshold, else base (Law 74 Art. 39(2))."""
    value = rule.value
    extra = (
        max(0, total_months - value["base_duration_contribution_months"])
        // value["extra_month_per_contribution_months"]
    )
    return int(min(value["max_duration_months"], value["base_duration_months"] + extra))


def is_unemployment_month(month: ContributionMonth, rule: ParameterValue) -> bool:
    """Whether a month counts as unemployment insurance (Law 74/2025/QH15 Art. 31(1)).

    Compulsory months only, once the scheme existed, unless the period is flagged as not covered.
    """
    if not month.compulsory or month.unemployment_insured is False:
        return False
    return month.month.first_day() >= date.fromisoformat(rule.value["scheme_start"])


def unemployment_months(history: ContributionHistory, rule: ParameterValue) -> ContributionHistory:
    """Only the unemployment-insurance months of ``history`` (``rule``: ``unemployment_insured_months``)."""
    return ContributionHistory(tuple(m for m in history.months if is_unemployment_month(m, rule)))


def months_used_by_awards(
    history: ContributionHistory, params: ParameterSet, awards: Iterable[tuple[date, int]], before: date
) -> int:
    """Unemployment-insurance months used by the benefits awarded before ``before`` (Law 74/2025/QH15 Art. 35(1)).

    An award of ``n`` months used the contribution months that gave it (Art. 39(2) read backwards: 36 for the
    first 3 months, 12 for each further month), at most the unused UI months before it started. Months kept
    when a benefit stopped early (Art. 41(5)) are not credited back: the award records do not say why it
    stopped (a documented choice). An award from before the first ``unemployment_benefit`` row used every
    unused month before it.
    """
    counting = params.value_on("unemployment_insured_months", before)
    insured = unemployment_months(history, counting)
    used = 0
    for start, months in sorted(awards):
        if start >= before:
            continue
        available = insured.count(None, None, Month.of(start).plus(-1)) - used
        found = params.find("unemployment_benefit", start)
        if found is None:
            # Before the first rule on record (Law 38/2013 from 2015), no months were kept for a later claim: the
            # benefit used every month before it (a documented choice, docs/rules.md).
            used += max(0, available)
            continue
        rule = found.value
        base, base_contribution = rule["base_duration_months"], rule["base_duration_contribution_months"]
        step = rule["extra_month_per_contribution_months"]
        gave = base_contribution + (months - base) * step if months >= base else months * step
        used += max(0, min(gave, available))
    return used


def check_unemployment(
    facts: Facts, params: ParameterSet, as_of: date, event: UnemploymentEvent
) -> UnemploymentDecision:
    """Unemployment benefit for the job that ended on ``event.termination_date``."""
    ended = event.termination_date
    end_month = Month.of(ended)
    conditions = params.value_on("unemployment_conditions", ended)
    benefit = params.value_on("unemployment_benefit", ended)
    cond = conditions.value
    as_of_month = Month.of(as_of)
    history = facts.history.up_to(min(end_month, as_of_month))
    counting = params.value_on("unemployment_insured_months", ended)
    rows: list[ParameterValue] = [conditions, benefit, counting]
    reasons: list[Reason] = []

    insured = unemployment_months(history, counting)
    used_before = min(event.months_used_before, len(insured.months))
    # An earlier benefit used the oldest months; only the rest count again (Art. 35(1)).
    unused = ContributionHistory(insured.months[used_before:])
    short = event.contract_months is not None and event.contract_months < cond["short_contract_below_months"]
    window = cond["short_contract_window_months"] if short else cond["window_months"]
    first = end_month.plus(1 - window)
    in_window = unused.count(None, first, end_month)
    total = len(unused.months)

    reasons.append(
        Reason(
            code="lawful_termination",
            met=event.lawful,
            detail="The contract ended lawfully."
            if event.lawful
            else "Unilateral termination in breach of the Labour Code excludes the benefit.",
            law=conditions.source,
            figures={"termination_date": ended},
        )
    )
    pension_eligible = False
    if cond["excludes_pension_eligible"]:
        retirement = statutory_retirement(facts.person.sex, facts.person.birth_date, params, as_of)
        min_years = params.value_on("pension_min_years", ended)
        rows += [retirement.parameter, min_years]
        all_months = history.count()
        pension_eligible = ended >= retirement.reached.last_day() and all_months >= min_years.value * 12
        reasons.append(
            Reason(
                code="not_pension_eligible",
                met=not pension_eligible,
                detail=(
                    f"Already eligible for a pension when the job ended (retirement month "
                    f"{retirement.reached.display()}, {all_months} months of insurance)."
                    if pension_eligible
                    else "Not yet eligible for a pension when the job ended."
                ),
                law=conditions.source,
                figures={
                    "termination_date": ended,
                    "reached_month": retirement.reached,
                    "total_months": all_months,
                    "required_years": min_years.value,
                },
            )
        )
    window_detail = (
        f"{in_window} months of unemployment insurance in {first.display()}-{end_month.display()}"
        f" ({window} months{' for a contract under 12 months' if short else ''}; {cond['min_months']} needed)."
    )
    window_figures: dict[str, object] = {
        "actual_months": in_window,
        "required_months": cond["min_months"],
        "window_months": window,
        "window_first": first,
        "window_last": end_month,
        "short_contract": short,
    }
    if in_window < cond["min_months"] and end_month > as_of_month:
        needed = cond["min_months"] - in_window
        if needed <= end_month.minus(as_of_month):
            window_detail += f" Contributing every month up to {as_of_month.plus(needed).display()} would qualify."
            window_figures["qualify_by"] = as_of_month.plus(needed)
    reasons.append(
        Reason(
            code="contribution_months_in_window",
            met=in_window >= cond["min_months"],
            detail=window_detail,
            law=conditions.source,
            required=f"{cond['min_months']} months",
            actual=f"{in_window} months",
            figures=window_figures,
        )
    )
    apply_by = add_months(ended, cond["filing_months"])
    in_time = as_of <= apply_by
    reasons.append(
        Reason(
            code="filing_deadline",
            met=in_time,
            detail=f"The claim must be filed by {apply_by:%d/%m/%Y} ({cond['filing_months']} months after the"
            " termination)" + ("." if in_time else "; that date has passed."),
            law=conditions.source,
            figures={"apply_by": apply_by, "filing_months": cond["filing_months"], "termination_date": ended},
        )
    )
    eligible = event.lawful and not pension_eligible and in_window >= cond["min_months"] and in_time

    capped = cap_months(insured, params, unemployment=True)
    last_months = capped.history.latest(benefit.value["average_months"])
    average = round_vnd(Fraction(sum(m.salary for m in last_months), len(last_months))) if last_months else 0
    cap = 0
    monthly = 0
    duration = 0
    if eligible:
        region = last_months[-1].region
        wage = params.value_on("regional_minimum_wage", last_months[-1].month.first_day(), key=region.value)
        rows.append(wage)
        cap = round_vnd(Decimal(wage.value) * Decimal(benefit.value["cap_minimum_wage_multiple"]))
        uncapped = round_vnd(Decimal(average) * Decimal(benefit.value["rate"]))
        monthly = min(uncapped, cap)
        duration = benefit_duration_months(total, benefit)
        ceiling = ceiling_reason(capped, (m.month for m in last_months))
        if ceiling is not None:
            rows.extend(capped.rows(m.month for m in last_months))
            reasons.append(ceiling)
        reasons.append(
            Reason(
                code="benefit_amount",
                met=True,
                detail=f"{Decimal(benefit.value['rate']) * 100:.0f} % of the last {len(last_months)} months' average "
                f"{format_vnd(average)} = {format_vnd(uncapped)}; cap {benefit.value['cap_minimum_wage_multiple']} x"
                f" {format_vnd(wage.value)} (region {region.value}) = {format_vnd(cap)}"
                + (": capped." if uncapped > cap else "."),
                law=f"{benefit.source}; {wage.source}",
                figures={
                    "monthly_vnd": monthly,
                    "rate_percent": percent(benefit.value["rate"]),
                    "average_vnd": average,
                    "average_months": len(last_months),
                    "uncapped_vnd": uncapped,
                    "cap_vnd": cap,
                    "cap_multiple": plain_decimal(benefit.value["cap_minimum_wage_multiple"]),
                    "minimum_wage_vnd": wage.value,
                    "region": region.value,
                    "capped": uncapped > cap,
                },
            )
        )
        not_counted = len(history.select()) - len(insured.months)
        duration_detail = (
            f"{total} months of unemployment insurance give {duration} months of benefit"
            f" (at most {benefit.value['max_duration_months']})."
        )
        if not_counted:
            duration_detail += (
                f" {not_counted} months of social insurance were not unemployment insurance (before 01/2009,"
                " voluntary, or a post outside the scheme) and do not count."
            )
        if used_before:
            duration_detail += f" {used_before} months were used by an earlier benefit and do not count again."
        reasons.append(
            Reason(
                code="benefit_duration",
                met=True,
                detail=duration_detail,
                law=f"{benefit.source}; {counting.source}",
                figures={
                    "duration_months": duration,
                    "total_months": total,
                    "max_duration_months": benefit.value["max_duration_months"],
                    "not_counted_months": not_counted,
                    "used_before_months": used_before,
                },
            )
        )
    return UnemploymentDecision(
        eligible=eligible,
        window_first=first,
        window_last=end_month,
        months_in_window=in_window,
        total_months=total,
        months_used_before=used_before,
        benefit_months=duration,
        average_salary=average,
        cap=cap,
        monthly_benefit=monthly,
        apply_by=apply_by,
        pension_eligible=pension_eligible,
        parameters=used(*rows),
        reasons=tuple(reasons),
    )
