"""The planners behind the public pages and their API: run a rule with the policy figures, shape the answer.

One implementation for the HTML pages (:mod:`benefits.planner_views`) and the API (:mod:`benefits.api.planners`):
the ``*_run`` functions read the parameters (one query) and call the pure rule; the ``*_answer`` functions turn
its decision into the JSON of docs/api.md (dates ISO, months ``YYYY-MM``, money whole VND).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from benefits.rules.decisions import ParameterUse, Reason
from benefits.rules.household import HouseholdMember, HouseholdPremium, household_premium

from . import selectors

HOUSEHOLD_SUPPORT_GROUPS = ["none", "near_poor", "student", "agriculture_average"]


class InputError(ValueError):
    """Input the serializer could not judge (it needs the policy figures): field errors for a 400."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def reasons_json(reasons: Iterable[Reason]) -> list[dict[str, object]]:
    return [reason.as_dict() for reason in reasons]


def parameters_json(uses: Iterable[ParameterUse]) -> list[dict[str, str]]:
    return [{"name": u.name, "version": u.version, "source": u.source, "mark": u.mark} for u in uses]


def household_run(on: date, groups: Sequence[str]) -> HouseholdPremium:
    return household_premium([HouseholdMember(group) for group in groups], selectors.parameter_set_get(), on)


def household_answer(result: HouseholdPremium) -> dict[str, Any]:
    return {
        "on": result.on.isoformat(),
        "base_salary": result.base_salary,
        "first_member_monthly": result.first_member_monthly,
        "members": [
            {
                "number": m.number,
                "support_group": m.support_group,
                "position": m.position,
                "share_percent": float(m.share_percent),
                "full_monthly": m.full_monthly,
                "support_monthly": m.support_monthly,
                "monthly": m.monthly,
                "per_cycle": {str(cycle): amount for cycle, amount in m.per_cycle.items()},
            }
            for m in result.members
        ],
        "monthly_total": result.monthly_total,
        "per_cycle_total": {str(cycle): amount for cycle, amount in result.per_cycle_total.items()},
        "base_salary_changes": {str(cycle): day.isoformat() for cycle, day in result.base_salary_changes.items()},
        "parameters": parameters_json(result.parameters),
        "reasons": reasons_json(result.reasons),
    }
