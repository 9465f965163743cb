"""Maternity benefits for a birth (Law 41/2024/QH15 Arts. 50, 53, 58, 59, 94-95; Law 58/2014/QH13 before 01/07/2025).

Mother (compulsory SI):
* Qualifies with >= 6 compulsory months in the 12 months before the birth (Art. 50(2)); >= 3 in 12 when she
  had >= 12 months in total and rested on medical order (Art. 50(3)); >= 6 in 24 after infertility
  treatment (Art. 50(5), new in Law 41).
* The window (Circular 12/2025/TT-BNV Art. 8): a birth before the 15th excludes the birth month; a birth on
  or after the 15th includes it when that month was contributed.
* Leave (Labour Code Art. 139(1)): 6 months, +1 per extra child of a multiple birth; from 01/07/2026 7 months
  when the child is the second (Population Law 113/2025/QH15). Choice for the open question [U] "twins as
  1st and 2nd": the 7 months apply when ``child_order`` (the first child of this birth) is 2; twins with
  ``child_order`` 1 get 6 + 1.
* Monthly benefit (Art. 59(1)): 100 % of the average of the 6 latest compulsory months up to the window's
  last month (not necessarily consecutive; the months there are when fewer than 6), each month's salary at
  most 20 x the reference level of that month (Art. 31(1), :mod:`benefits.rules.ceiling`).
* Lump sum (Art. 58): 2 x the reference level of the birth month, per child.

Father:
* Paternity leave (Art. 53(2)) needs no minimum, only being in compulsory SI at the birth (we check the
  birth month or the month before): 5 working days, 7 for a caesarean or a birth under 32 weeks, 10 for twins,
  14 for twins by caesarean, +3 per child from the third; from 01/07/2026 10 days for a second child. Paid at
  the 6-month average / 24 per day (Art. 59(2)).
* Lump sum (Art. 58(1) second paragraph) when the mother does not qualify herself and he has >= 6 compulsory
  months in the 12 before the birth. The calculator cannot know the mother's status: ``mother_qualifies``
  defaults to False and the reason says so.

Voluntary SI (Art. 94-95, births from 01/07/2025): 2,000,000 per child when >= 6 months of voluntary (or
mixed) contributions are in the 12 months before the birth and the person does not qualify under compulsory
SI (Art. 94(4)). At least one voluntary month must be in the window; a purely compulsory record is judged
under compulsory SI only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from benefits.rules.ceiling import cap_months, ceiling_reason
from benefits.rules.decisions import ParameterUse, Reason, format_vnd, plain_decimal, used
from benefits.rules.facts import ContributionHistory, Facts, MaternityEvent, Scheme, Sex
from benefits.rules.money import Month, round_vnd
from benefits.rules.params import ParameterSet, ParameterValue, reference_amount

__all__ = ["MaternityDecision", "check_maternity", "paternity_days", "qualifying_window"]


@dataclass(frozen=True)
class MaternityDecision:
    eligible: bool
    beneficiary: Sex
    window_first: Month
    window_last: Month
    months_in_window: int
    qualifies_compulsory: bool
    leave_months: int
    leave_days: int
    average_salary: int
    monthly_benefit: int
    leave_benefit: int
    lump_sum: int
    voluntary_allowance: int
    parameters: tuple[ParameterUse, ...]
    reasons: tuple[Reason, ...]


def qualifying_window(
    birth: date, history: ContributionHistory, months: int, cutoff_day: int, scheme: Scheme | None
) -> tuple[Month, Month]:
    """First and last month of the ``months`` before the birth (Circular 12/2025/TT-BNV Art. 8).

    A birth on or after ``cutoff_day`` counts the birth month when it was contributed (in ``scheme``).
    """
    birth_month = Month.of(birth)
    found = history.get(birth_month)
    paid = found is not None and (scheme is None or found.scheme is scheme)
    last = birth_month if birth.day >= cutoff_day and paid else birth_month.plus(-1)
    return last.plus(1 - months), last


def paternity_days(rule: ParameterValue, event: MaternityEvent) -> int:
    """Working days of paternity leave (Art. 53(2), as amended for a second child from 01/07/2026)."""
    value = rule.value
    surgical = event.caesarean
    if event.children == 1:
        days = value["caesarean_or_premature"] if surgical or event.premature_under_32_weeks else value["single"]
    else:
        days = value["twins_caesarean"] if surgical else value["twins"]
        days += value["per_child_from_third"] * (event.children - 2)
    second = value["second_child"]
    if second is not None and event.child_order == 2:
        days = max(days, second)
    return int(days)


def _average(history: ContributionHistory, last: Month, count: int) -> int:
    months = history.latest(count, Scheme.COMPULSORY, last)
    if not months:
        return 0
    return round_vnd(Fraction(sum(m.salary for m in months), len(months)))


def check_maternity(facts: Facts, params: ParameterSet, as_of: date, event: MaternityEvent) -> MaternityDecision:
    """Maternity (mother) or paternity (father) benefits for the birth in ``event``."""
    birth = event.birth_date
    as_of_month = Month.of(as_of)
    capped = cap_months(facts.history.up_to(as_of_month), params)
    history = capped.history
    conditions = params.value_on("maternity_conditions", birth)
    benefit = params.value_on("maternity_benefit", birth)
    allowance_rule = params.value_on("childbirth_allowance", birth)
    voluntary_rule = params.find("voluntary_maternity_allowance", birth)
    cond = conditions.value
    first, last = qualifying_window(birth, history, cond["window_months"], cond["birth_day_cutoff"], Scheme.COMPULSORY)
    in_window = history.count(Scheme.COMPULSORY, first, last)
    rows: list[ParameterValue] = [conditions, benefit, allowance_rule]
    reasons: list[Reason] = []
    window_text = f"{first.display()}-{last.display()}"
    window_figures: dict[str, object] = {"window_first": first, "window_last": last, "birth_date": birth}

    mother = facts.person.sex is Sex.FEMALE
    if mother and event.pregnancy_rest:
        qualifies, required, total, required_total = _pregnancy_rest(history, in_window, last, cond)
        route = "pregnancy rest on medical order"
        window_figures |= {"route": "pregnancy_rest", "total_months": total, "required_total_months": required_total}
    elif mother and event.infertility_treatment and cond["infertility_window_months"] is not None:
        inf_first = last.plus(1 - cond["infertility_window_months"])
        in_window = history.count(Scheme.COMPULSORY, inf_first, last)
        window_text = f"{inf_first.display()}-{last.display()}"
        required = cond["infertility_min_months"]
        qualifies = in_window >= required
        route = "infertility treatment"
        window_figures |= {"route": "infertility", "window_first": inf_first}
    else:
        required = cond["min_months"]
        qualifies = in_window >= required
        route = "standard"
        window_figures["route"] = "standard"
    window_figures |= {
        "actual_months": in_window,
        "required_months": required,
        "birth_month_counts": last == Month.of(birth),
    }
    cutoff_note = f"birth on {birth:%d/%m/%Y}: " + (
        "the birth month counts" if last == Month.of(birth) else "the birth month is excluded"
    )
    detail = f"{in_window} compulsory months in {window_text} ({cutoff_note}; {route} rule, {required} needed)."
    if not qualifies and last > as_of_month:
        short = required - in_window
        possible = last.minus(as_of_month)
        if short <= possible:
            detail += f" Contributing every month up to {as_of_month.plus(short).display()} would qualify."
            window_figures["qualify_by"] = as_of_month.plus(short)
    reference = reference_amount(params, birth)
    rows.append(reference)
    lump_per_child = round_vnd(Decimal(reference.value) * Decimal(allowance_rule.value["reference_multiple"]))
    average = _average(history, last, benefit.value["average_months"])
    averaged = [m.month for m in history.latest(benefit.value["average_months"], Scheme.COMPULSORY, last)]
    ceiling = ceiling_reason(capped, averaged)

    if mother:
        reasons.append(
            Reason(
                code="compulsory_months_before_birth",
                met=qualifies,
                detail=detail,
                law=conditions.source,
                required=f"{required} months",
                actual=f"{in_window} months",
                figures=window_figures,
            )
        )
        leave_rule = params.value_on("maternity_leave", birth)
        rows.append(leave_rule)
        leave_months, leave_days, lump_sum, paid_leave = 0, 0, 0, False
        if qualifies:
            base = leave_rule.value["base_months"]
            second = leave_rule.value["second_child_base_months"]
            if second is not None and event.child_order == 2:
                base = second
            leave_months = base + leave_rule.value["extra_child_months"] * (event.children - 1)
            lump_sum = lump_per_child * event.children
            paid_leave = True
            if ceiling is not None:
                rows.extend(capped.rows(averaged))
                reasons.append(ceiling)
            reasons.append(
                Reason(
                    code="maternity_leave",
                    met=True,
                    detail=f"{leave_months} months of leave for child no. {event.child_order}"
                    f" ({event.children} born) at {format_vnd(average)} a month (100 % of the 6-month average).",
                    law=f"{leave_rule.source}; {benefit.source}",
                    figures={
                        "leave_months": leave_months,
                        "child_order": event.child_order,
                        "children": event.children,
                        "monthly_vnd": average,
                        "total_vnd": average * leave_months,
                        "average_months": benefit.value["average_months"],
                    },
                )
            )
            reasons.append(
                Reason(
                    code="childbirth_lump_sum",
                    met=True,
                    detail=f"{allowance_rule.value['reference_multiple']} x {format_vnd(reference.value)}"
                    f" x {event.children} = {format_vnd(lump_sum)}.",
                    law=allowance_rule.source,
                    figures={
                        "amount_vnd": lump_sum,
                        "per_child_vnd": lump_per_child,
                        "reference_vnd": reference.value,
                        "reference_multiple": plain_decimal(allowance_rule.value["reference_multiple"]),
                        "children": event.children,
                    },
                )
            )
        compulsory_ok = qualifies
    else:
        leave_months = 0
        paternity_rule = params.value_on("paternity_leave", birth)
        rows.append(paternity_rule)
        insured = history.is_compulsory(Month.of(birth)) or history.is_compulsory(Month.of(birth).plus(-1))
        leave_days = paternity_days(paternity_rule, event) if insured else 0
        paid_leave = insured
        if insured and ceiling is not None:
            rows.extend(capped.rows(averaged))
            reasons.append(ceiling)
        paternity_figures: dict[str, object] = {
            "birth_month": Month.of(birth),
            "previous_month": Month.of(birth).plus(-1),
        }
        if insured:
            paternity_figures |= {
                "leave_days": leave_days,
                "amount_vnd": _paternity_amount(average, leave_days, benefit),
                "average_vnd": average,
                "daily_divisor": int(benefit.value["daily_divisor"]),
                "start_within_days": paternity_rule.value["start_within_days"],
            }
        reasons.append(
            Reason(
                code="paternity_leave",
                met=insured,
                detail=(
                    f"{leave_days} working days at {format_vnd(average)} / {benefit.value['daily_divisor']} a day"
                    f" = {format_vnd(_paternity_amount(average, leave_days, benefit))}, to start within"
                    f" {paternity_rule.value['start_within_days']} days of the birth."
                    if insured
                    else "Not in compulsory insurance at the birth: no paternity leave."
                ),
                law=paternity_rule.source,
                figures=paternity_figures,
            )
        )
        lump_sum = lump_per_child * event.children if qualifies and not event.mother_qualifies else 0
        reasons.append(
            Reason(
                code="childbirth_lump_sum_father",
                met=lump_sum > 0,
                detail=detail
                + (
                    " The mother qualifies herself, so she receives the lump sum."
                    if event.mother_qualifies
                    else " Assumes the mother does not qualify herself (otherwise she receives it)."
                ),
                law=allowance_rule.source,
                required=f"{required} months",
                actual=f"{in_window} months",
                figures={**window_figures, "amount_vnd": lump_sum, "mother_qualifies": event.mother_qualifies},
            )
        )
        compulsory_ok = insured or lump_sum > 0

    voluntary_allowance = 0
    if voluntary_rule is not None:
        rows.append(voluntary_rule)
        v = voluntary_rule.value
        v_first, v_last = qualifying_window(birth, history, v["window_months"], cond["birth_day_cutoff"], None)
        v_months = history.count(None, v_first, v_last)
        has_voluntary = history.count(Scheme.VOLUNTARY, v_first, v_last) > 0
        v_ok = has_voluntary and v_months >= v["min_months"] and not compulsory_ok
        if v_ok:
            voluntary_allowance = v["amount_per_child"] * event.children
        if has_voluntary:
            reasons.append(
                Reason(
                    code="voluntary_maternity_allowance",
                    met=v_ok,
                    detail=f"{v_months} months of voluntary or mixed insurance in {v_first.display()}-{v_last.display()}"
                    f" ({v['min_months']} needed)"
                    + ("; compulsory maternity benefits take precedence." if compulsory_ok else ".")
                    + (f" Allowance {format_vnd(voluntary_allowance)}." if v_ok else ""),
                    law=voluntary_rule.source,
                    required=f"{v['min_months']} months",
                    actual=f"{v_months} months",
                    figures={
                        "actual_months": v_months,
                        "required_months": v["min_months"],
                        "window_first": v_first,
                        "window_last": v_last,
                        "compulsory_ok": compulsory_ok,
                        "amount_vnd": voluntary_allowance,
                        "per_child_vnd": v["amount_per_child"],
                        "children": event.children,
                    },
                )
            )

    eligible = compulsory_ok or voluntary_allowance > 0
    monthly = average if paid_leave else 0
    if mother:
        leave_benefit = monthly * leave_months
    else:
        leave_benefit = _paternity_amount(monthly, leave_days, benefit)
    return MaternityDecision(
        eligible=eligible,
        beneficiary=facts.person.sex,
        window_first=first,
        window_last=last,
        months_in_window=in_window,
        qualifies_compulsory=qualifies,
        leave_months=leave_months,
        leave_days=leave_days,
        average_salary=average,
        monthly_benefit=monthly,
        leave_benefit=leave_benefit,
        lump_sum=lump_sum,
        voluntary_allowance=voluntary_allowance,
        parameters=used(*rows),
        reasons=tuple(reasons),
    )


def _pregnancy_rest(
    history: ContributionHistory, in_window: int, last: Month, cond: dict[str, int]
) -> tuple[bool, int, int, int]:
    """Whether the pregnancy-rest route qualifies, the months it needs in the window, the total and its minimum."""
    total = history.count(Scheme.COMPULSORY, last=last)
    required = cond["pregnancy_rest_min_months"]
    required_total = cond["pregnancy_rest_min_total_months"]
    return total >= required_total and in_window >= required, required, total, required_total


def _paternity_amount(average: int, days: int, benefit: ParameterValue) -> int:
    return round_vnd(Fraction(average * days, int(benefit.value["daily_divisor"])))
