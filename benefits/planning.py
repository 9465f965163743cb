"""The planners behind the public pages and their API: run a rule with the policy figures, shape the answer.

One implementation for the HTML pages (:mod:`benefits.planner_views`) and the API (:mod:`benefits.api.planners`):
the ``*_run`` functions read the parameters (one query) and call the pure rule; the ``*_answer`` functions turn
its decision into the JSON of docs/api.md (dates ISO, months ``YYYY-MM``, money whole VND).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from benefits.rules.calculator import parse_request
from benefits.rules.decisions import ParameterUse, Reason
from benefits.rules.household import HouseholdMember, HouseholdPremium, household_premium
from benefits.rules.voluntary import PlanInputError, VoluntaryPlan, plan_voluntary
from benefits.rules.withdrawal import WithdrawalComparison, compare_withdrawal

from . import selectors
from .formatting import format_money

HOUSEHOLD_SUPPORT_GROUPS = ["none", "near_poor", "student", "agriculture_average"]
VOLUNTARY_SUPPORT_GROUPS = ["poor", "near_poor", "ethnic_minority", "other"]
# Every cycle some year's rules allow; the rule says which are allowed on the date asked.
VOLUNTARY_CYCLES = [1, 3, 6, 12, 24, 36, 48, 60]


def _month(value) -> str | None:
    return None if value is None else str(value)


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


_PLAN_MESSAGES = {
    "out_of_range": _("The income must be between %(floor)s and %(ceiling)s a month."),
    "not_allowed": _("Pay monthly, every 3, 6 or 12 months, or ahead for up to %(max_years_ahead)s years."),
    "unknown": _("Choose one of the groups."),
}


def voluntary_run(data: dict) -> VoluntaryPlan:
    """The plan for the validated request of ``VoluntaryRequestSerializer`` in JSON form (``as_rules_json``);
    raises :class:`InputError` for a 400."""
    request = parse_request(data)
    with _plan_errors():
        return plan_voluntary(
            request.person,
            request.periods,
            selectors.parameter_set_get(),
            request.as_of,
            income=data["monthly_income"],
            group=data["support_group"],
            cycle_months=int(data["cycle_months"]),
            supported_months_used=data["supported_months_used"],
        )


@contextmanager
def _plan_errors(field: str | None = None):
    """A :class:`PlanInputError` of the rules as an :class:`InputError` (on ``field`` when given, else the rule's),
    its message in the active language."""
    try:
        yield
    except PlanInputError as exc:
        figures = {
            key: format_money(value) if key in ("floor", "ceiling") else value for key, value in exc.figures.items()
        }
        raise InputError({field or exc.field: [str(_PLAN_MESSAGES[exc.code] % figures)]}) from exc


def voluntary_answer(plan: VoluntaryPlan) -> dict[str, Any]:
    return {
        "as_of": plan.as_of.isoformat(),
        "first_month": str(plan.start),
        "monthly_income": plan.income,
        "income_floor": plan.floor,
        "income_ceiling": plan.ceiling,
        "support_group": plan.group,
        "cycle_months": plan.cycle_months,
        "contribution_per_month": plan.contribution_per_month,
        "per_cycle": {
            "before_support": plan.per_cycle_before_support,
            "support": plan.support_per_cycle,
            "after_support": plan.per_cycle_after_support,
        },
        "support": {
            "share_percent": float(plan.support_share_percent),
            "per_month": plan.support_per_month,
            "months_left": plan.supported_months_left,
        },
        "paying_ahead_discount_applied": False,
        "past_months": plan.past_months,
        "required_months": plan.required_months,
        "minimum_years_reached": _month(plan.minimum_reached),
        "retirement_month": str(plan.retirement_month),
        "pension_start": plan.pension_start.isoformat(),
        "pension_rate_percent": None if plan.pension_rate_percent is None else float(plan.pension_rate_percent),
        "estimated_monthly_pension": plan.estimated_monthly_pension,
        "estimate_provisional": plan.estimate_provisional,
        "can_withdraw_after_stopping": plan.joined_before_2025_07,
        "parameters": parameters_json(plan.parameters),
        "reasons": reasons_json(plan.reasons),
    }


def withdrawal_run(data: dict) -> WithdrawalComparison:
    """Both sides for the validated request of ``WithdrawalRequestSerializer`` in JSON form; :class:`InputError`."""
    request = parse_request(data)
    with _plan_errors("future_monthly_income"):
        return compare_withdrawal(
            request.person,
            request.periods,
            selectors.parameter_set_get(),
            request.as_of,
            group=data["support_group"],
            future_income=data.get("future_monthly_income"),
        )


def withdrawal_answer(result: WithdrawalComparison) -> dict[str, Any]:
    keep = result.keep
    return {
        "as_of": result.as_of.isoformat(),
        "withdraw": {
            "may_withdraw": result.may_withdraw,
            "case": result.case,
            "opens_from": _month(result.opens_from),
            "settled_on": None if result.settled_on is None else result.settled_on.isoformat(),
            "months": {
                "total": result.months_total,
                "before_2014": result.months_before_2014,
                "from_2014": result.months_from_2014,
            },
            "average_salary": result.average_salary,
            "gross_amount": result.gross_amount,
            "state_support_paid_back": result.support_paid_back,
            "amount": result.amount,
        },
        "keep": {
            "months_kept": result.months_total,
            "pension_eligible_now": result.pension_eligible_now,
            "future_monthly_income": keep.income,
            "minimum_years_reached": _month(keep.minimum_reached),
            "pension_start": keep.pension_start.isoformat(),
            "pension_rate_percent": None if keep.pension_rate_percent is None else float(keep.pension_rate_percent),
            "estimated_monthly_pension": keep.estimated_monthly_pension,
            "health_insurance_with_pension": True,
        },
        "social_pension": {
            "age": result.social_pension_age,
            "from": result.social_pension_from.isoformat(),
            "monthly_amount": result.social_pension_amount,
        },
        "parameters": parameters_json(result.parameters),
        "reasons": reasons_json(result.reasons),
    }
