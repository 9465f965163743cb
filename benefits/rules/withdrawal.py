"""The one-time social-insurance payment (BHXH một lần) beside what keeping the record gives, with equal weight.

* Whether it may be asked for, and from when: the old-age rule's test (Law 41/2024/QH15 Art. 70(1)(a), (đ),
  Art. 102): at retirement age with too few years, once contributions have stopped; or, transitionally, with
  contributions before 01/07/2025, 12 months out of insurance and fewer than 20 years. The other cases of
  Art. 70(1)(b)-(e) (emigrating, serious illness, disability, armed forces) are named, not judged.
* Amount (Art. 70(3), 102(2)): 1.5 months of the revalued average per year before 2014, 2 months per year from
  2014 (leftover pre-2014 months carried into the later period); under a year, what was paid, at most 2 months.
  Each calendar month counts once (overlapping periods are merged first), at most at its ceiling. Settled on
  the as-of date when open, else on the first day of the month it opens.
* Less the State's voluntary support received (Art. 70(3), 102(3)): the group's share of the contribution on the
  floor in each supported voluntary month, at most ``max_months`` of them (``voluntary_support``).
* Keeping the record (Art. 71): the pension if contributions go on (the voluntary planner's projection), the
  health-insurance card paid by the fund with a pension (HI Law Art. 12(2) as amended by Law 51/2024/QH15), the
  monthly allowance of Art. 23 at retirement age without a pension, and the social pension (Art. 21) at the age
  ``social_pension_allowance`` sets, for anyone without a pension, whichever side is chosen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from benefits.rules.ceiling import cap_months
from benefits.rules.decisions import ParameterUse, Reason, format_vnd, used
from benefits.rules.facts import ContributionHistory, ContributionMonth, ContributionPeriod, Facts, Person
from benefits.rules.money import Month, round_vnd
from benefits.rules.old_age import _one_time_amount, check_old_age, revalued_average
from benefits.rules.params import ParameterSet, ParameterValue
from benefits.rules.voluntary import VoluntaryPlan, plan_voluntary

__all__ = ["WithdrawalComparison", "compare_withdrawal", "support_paid"]

HEALTH_INSURANCE_LAW = "HI Law Art. 12(2) as amended by Law 51/2024/QH15; Law 41/2024/QH15 Art. 23"
OTHER_CASES_LAW = "Law 41/2024/QH15 Art. 70(1)(b)-(e), Art. 102(1)"


@dataclass(frozen=True)
class WithdrawalComparison:
    as_of: date
    may_withdraw: bool
    case: str | None
    opens_from: Month | None
    settled_on: date | None
    months_total: int
    months_before_2014: int
    months_from_2014: int
    average_salary: int
    gross_amount: int
    support_paid_back: int
    amount: int
    keep: VoluntaryPlan
    pension_eligible_now: bool
    social_pension_age: int
    social_pension_from: date
    social_pension_amount: int
    parameters: tuple[ParameterUse, ...]
    reasons: tuple[Reason, ...]


def support_paid(
    months: Sequence[ContributionMonth], params: ParameterSet, group: str
) -> tuple[int, tuple[ParameterValue, ...]]:
    """The State's support received in the voluntary ``months``: in each month under a support rule, the group's
    share of the rate x the floor then in force, for at most the rule's ``max_months`` months in all."""
    total = 0
    counted = 0
    rows: dict[str, ParameterValue] = {}
    for month in months:
        if month.compulsory:
            continue
        on = month.month.first_day()
        support = params.find("voluntary_support", on)
        floor = params.find("voluntary_income_floor", on)
        rate = params.find("contribution_rate", on, key="voluntary.retirement_survivorship")
        if support is None or floor is None or rate is None or counted >= support.value["max_months"]:
            continue
        counted += 1
        share = Decimal(str(support.value["shares"][group]))
        total += round_vnd(Decimal(floor.value) * Decimal(rate.value) * share)
        for row in (support, floor, rate):
            rows.setdefault(row.version, row)
    return total, tuple(rows.values())


def _birthday(birth: date, years: int) -> date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29/02 in a year without one
        return date(birth.year + years, 3, 1)


def compare_withdrawal(
    person: Person,
    periods: Sequence[ContributionPeriod],
    params: ParameterSet,
    as_of: date,
    *,
    group: str = "other",
    future_income: int | None = None,
) -> WithdrawalComparison:
    """Both sides on ``as_of``: the one-time payment (whether, when, how much) and what the record keeps.

    ``group`` is the person's voluntary-support group (it also sets the social-pension age); ``future_income``
    the monthly income of the projection if contributions go on (the floor when ``None``). Raises
    :class:`~benefits.rules.voluntary.PlanInputError` for an income outside the floor and ceiling.
    """
    as_of_month = Month.of(as_of)
    history = ContributionHistory.from_periods(periods).up_to(as_of_month)
    decision = check_old_age(Facts(person, history), params, as_of)
    one_time = decision.one_time_payment
    settled_on = as_of if one_time.open else (one_time.open_from.first_day() if one_time.open_from else None)
    months = cap_months(history, params).history.months
    split = params.value_on("one_time_payment", as_of).value["split_year"]
    before = sum(1 for m in months if m.month.year < split)
    gross = average = 0
    rows: list[ParameterValue] = []
    if settled_on is not None:
        rule = params.value_on("one_time_payment", settled_on)
        average, _provisional, tables = revalued_average(months, params, settled_on)
        gross, amount_rows = _one_time_amount(months, average, rule, params)
        rows += [rule, *tables, *amount_rows]
    support, support_rows = support_paid(months, params, group)
    support = min(support, gross)
    floor = params.value_on("voluntary_income_floor", as_of)
    keep = plan_voluntary(
        person,
        periods,
        params,
        as_of,
        income=floor.value if future_income is None else future_income,
        group=group,
        cycle_months=1,
    )
    social = params.value_on("social_pension_allowance", as_of)
    social_age = social.value["min_age_poor_or_near_poor" if group in ("poor", "near_poor") else "min_age"]
    social_from = _birthday(person.birth_date, social_age)
    amount = gross - support

    if one_time.open:
        withdraw_detail = (
            f"A one-time payment of {format_vnd(amount)} may be asked for now ({one_time.case}): {len(months)}"
            f" months, {before} before {split}, at the average {format_vnd(average)}, less {format_vnd(support)}"
            " of State support. The months paid out no longer count towards a pension."
        )
    elif settled_on is not None:
        withdraw_detail = (
            f"If no more contributions are made, a one-time payment of about {format_vnd(amount)} could be asked"
            f" for from {one_time.open_from.display() if one_time.open_from else ''}."
        )
    else:
        withdraw_detail = (
            "No one-time payment under Art. 70(1)(a) or (đ): a first contribution from 01/07/2025, or 20 years"
            " or more, rule out the early payment; at retirement age with too few years it opens."
        )
    figures: dict[str, object] = {
        "amount_vnd": amount,
        "gross_vnd": gross,
        "support_vnd": support,
        "average_vnd": average,
        "total_months": len(months),
        "before_months": before,
        "after_months": len(months) - before,
        "split_year": split,
    }
    if one_time.open_from is not None and not one_time.open:
        figures["open_from"] = one_time.open_from
    reasons = [
        Reason(
            code="withdrawal_payment",
            met=one_time.open,
            detail=withdraw_detail,
            law=f"{one_time.law}; {params.value_on('voluntary_support', as_of).source}",
            figures=figures,
        ),
        Reason(
            code="withdrawal_other_cases",
            met=False,
            detail="Emigrating, a listed serious illness, 81 % loss of working capacity or leaving the armed forces"
            " also open it; they are not judged here.",
            law=OTHER_CASES_LAW,
        ),
        Reason(
            code="keep_pension",
            met=True,
            detail=f"Keeping the {len(months)} months (Art. 71) and contributing on, the pension could start on"
            f" {keep.pension_start:%d/%m/%Y}, about {format_vnd(keep.estimated_monthly_pension)} a month in today's"
            " money, for life, with the health-insurance card the fund pays for.",
            law=f"{decision.reasons[1].law}; {HEALTH_INSURANCE_LAW}",
            figures={
                "kept_months": len(months),
                "pension_start": keep.pension_start,
                "estimate_vnd": keep.estimated_monthly_pension,
                "income_vnd": keep.income,
            },
        ),
        Reason(
            code="keep_social_pension",
            met=True,
            detail=f"Without a pension, the social pension of {format_vnd(social.value['monthly_amount'])} a month"
            f" from age {social_age} ({social_from:%d/%m/%Y}), whichever is chosen; until then, at retirement age,"
            " the record kept may pay a monthly allowance instead (Art. 23).",
            law=social.source,
            figures={"amount_vnd": social.value["monthly_amount"], "age": social_age, "from_date": social_from},
        ),
    ]
    return WithdrawalComparison(
        as_of=as_of,
        may_withdraw=one_time.open,
        case=None
        if one_time.case is None
        else ("retirement_age" if "retirement" in one_time.case else "out_of_insurance"),
        opens_from=None if one_time.open else one_time.open_from,
        settled_on=settled_on,
        months_total=len(months),
        months_before_2014=before,
        months_from_2014=len(months) - before,
        average_salary=average,
        gross_amount=gross,
        support_paid_back=support,
        amount=amount,
        keep=keep,
        pension_eligible_now=decision.eligible,
        social_pension_age=social_age,
        social_pension_from=social_from,
        social_pension_amount=social.value["monthly_amount"],
        parameters=tuple(
            {u.version: u for u in (*used(*rows, *support_rows, social, floor), *keep.parameters)}.values()
        ),
        reasons=tuple(reasons),
    )
