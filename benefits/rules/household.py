"""Health-insurance premium of a household (HI Law Art. 12(5), 13(6) as amended by Law 51/2024/QH15; Decree
188/2025/NĐ-CP).

* The first member pays ``household.health`` (4.5 %) of the base salary in force on the payment date; the
  second, third and fourth 70 %, 60 % and 50 % of the first member's amount, the fifth and later 40 %
  (``household_health_shares``). Each share is rounded to whole VND per month.
* A member the State supports (near-poor household, pupil or student, household of average living standard in
  farming) joins in that group (HI Law Art. 12(4)): 4.5 % of the base salary less the State's least share
  (``health_insurance_support``), and takes no place in the household's order.
* A cycle of 3, 6 or 12 months costs its months times the monthly amount at the payment date's base salary
  (the amount in force when paying); a base-salary change within the cycle is reported with its date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from benefits.rules.decisions import ParameterUse, Reason, format_vnd, percent, used
from benefits.rules.money import Month, add_months, round_vnd
from benefits.rules.params import ParameterSet, ParameterValue

__all__ = ["CYCLES", "HouseholdMember", "HouseholdPremium", "MemberPremium", "household_premium"]

#: The payment cycles of a household (months); the law's cycles, kept with the rule that reads them.
CYCLES = (3, 6, 12)
NO_SUPPORT = "none"


@dataclass(frozen=True)
class HouseholdMember:
    """One person on the household's list; ``support_group`` is a key of ``health_insurance_support`` or none."""

    support_group: str = NO_SUPPORT


@dataclass(frozen=True)
class MemberPremium:
    number: int
    support_group: str
    position: int | None
    share_percent: Decimal
    full_monthly: int
    support_monthly: int
    monthly: int
    per_cycle: dict[int, int]


@dataclass(frozen=True)
class HouseholdPremium:
    on: date
    base_salary: int
    first_member_monthly: int
    members: tuple[MemberPremium, ...]
    monthly_total: int
    per_cycle_total: dict[int, int]
    base_salary_changes: dict[int, date]
    parameters: tuple[ParameterUse, ...]
    reasons: tuple[Reason, ...]


def _next_change(params: ParameterSet, on: date, base: ParameterValue, cycle: int) -> date | None:
    """The first day of a base salary other than ``base`` within the ``cycle`` months from ``on``."""
    end = add_months(on, cycle)
    for row in params.history("base_salary"):
        if on < row.effective_from < end and row.version != base.version:
            return row.effective_from
    return None


def household_premium(members: Sequence[HouseholdMember], params: ParameterSet, on: date) -> HouseholdPremium:
    """What each member and the household pay a month and per 3, 6, 12 months, paying on ``on``.

    Raises ``ValueError`` for an unknown support group and ``ParameterNotFoundError`` when no figures cover ``on``.
    """
    rate = params.value_on("contribution_rate", on, key="household.health")
    shares_row = params.value_on("household_health_shares", on)
    support_row = params.value_on("health_insurance_support", on)
    base = params.value_on("base_salary", on)
    support_shares = support_row.value["shares"]
    shares = shares_row.value["shares"]
    full = Decimal(base.value) * Decimal(rate.value)
    first = round_vnd(full)
    rows: list[MemberPremium] = []
    position = 0
    for number, member in enumerate(members, start=1):
        if member.support_group == NO_SUPPORT:
            position += 1
            share = Decimal(str(shares[min(position, len(shares)) - 1]))
            monthly_full = round_vnd(full * share)
            support = 0
            place: int | None = position
        elif member.support_group in support_shares:
            share = Decimal(1)
            monthly_full = first
            support = round_vnd(full * Decimal(str(support_shares[member.support_group])))
            place = None
        else:
            raise ValueError(f"unknown support group {member.support_group!r}")
        monthly = monthly_full - support
        rows.append(
            MemberPremium(
                number=number,
                support_group=member.support_group,
                position=place,
                share_percent=percent(share),
                full_monthly=monthly_full,
                support_monthly=support,
                monthly=monthly,
                per_cycle={cycle: monthly * cycle for cycle in CYCLES},
            )
        )
    monthly_total = sum(row.monthly for row in rows)
    changes = {cycle: change for cycle in CYCLES if (change := _next_change(params, on, base, cycle)) is not None}
    reasons = [
        Reason(
            code="household_first_member",
            met=True,
            detail=f"The first member pays {percent(rate.value)} % of the base salary {format_vnd(base.value)}"
            f" in force on {on:%d/%m/%Y}: {format_vnd(first)} a month.",
            law=f"{rate.source}; {base.source}",
            figures={
                "rate_percent": percent(rate.value),
                "base_salary_vnd": base.value,
                "on": on,
                "first_vnd": first,
            },
        ),
        Reason(
            code="household_shares",
            met=True,
            detail="The 2nd, 3rd and 4th members pay "
            + ", ".join(f"{percent(s)} %" for s in shares[1:-1])
            + f" of the first member's amount, the 5th and later {percent(shares[-1])} %.",
            law=shares_row.source,
            figures={
                "second_percent": percent(shares[1]),
                "third_percent": percent(shares[2]),
                "fourth_percent": percent(shares[3]),
                "fifth_percent": percent(shares[-1]),
                "members": position,
            },
        ),
    ]
    if position < len(rows):
        reasons.append(
            Reason(
                code="household_state_support",
                met=True,
                detail="Members the State supports join in their own group, at the full rate less the State's"
                " share, and do not count in the household's order.",
                law=support_row.source,
                figures={"supported": len(rows) - position},
            )
        )
    for cycle, change in sorted(changes.items()):
        reasons.append(
            Reason(
                code="household_base_salary_change",
                met=True,
                detail=f"The base salary changes on {change:%d/%m/%Y}, within a {cycle}-month cycle paid on"
                f" {on:%d/%m/%Y}; the amount is that of the payment date.",
                law=base.source,
                figures={"cycle_months": cycle, "changes_on": change, "first_month": Month.of(on)},
            )
        )
        break  # the shortest cycle that crosses it says it for the longer ones too
    return HouseholdPremium(
        on=on,
        base_salary=base.value,
        first_member_monthly=first,
        members=tuple(rows),
        monthly_total=monthly_total,
        per_cycle_total={cycle: monthly_total * cycle for cycle in CYCLES},
        base_salary_changes=changes,
        parameters=used(rate, shares_row, support_row, base),
        reasons=tuple(reasons),
    )
