"""The pure calculator behind ``POST /api/v1/calculator/``: facts in, one JSON-ready dict out.

The API serializer validates the request; :func:`parse_request` only converts the already valid JSON shape
into facts, and :func:`calculate` runs every rule with the same parameter set. Only months up to the as-of
month are counted anywhere. Overlapping periods are merged as described in :mod:`benefits.rules.facts`: a
month covered by both schemes counts once (as compulsory) in every total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from benefits.rules.decisions import Reason
from benefits.rules.facts import (
    ContributionHistory,
    ContributionPeriod,
    Events,
    Facts,
    MaternityEvent,
    Person,
    Region,
    Scheme,
    Sector,
    Sex,
    SicknessEvent,
    UnemploymentEvent,
)
from benefits.rules.maternity import MaternityDecision, check_maternity
from benefits.rules.money import Month
from benefits.rules.old_age import OldAgeDecision, check_old_age
from benefits.rules.params import ParameterSet
from benefits.rules.sickness import SicknessDecision, check_sickness
from benefits.rules.unemployment import UnemploymentDecision, check_unemployment

__all__ = ["CalculatorRequest", "CalculatorResult", "as_response", "calculate", "evaluate", "parse_request"]


@dataclass(frozen=True)
class CalculatorRequest:
    as_of: date
    person: Person
    periods: tuple[ContributionPeriod, ...]
    events: Events = field(default_factory=Events)


@dataclass(frozen=True)
class CalculatorResult:
    """All decisions for one request, before they are shaped into the response."""

    history: ContributionHistory
    old_age: OldAgeDecision
    sickness: SicknessDecision
    maternity: MaternityDecision | None
    unemployment: UnemploymentDecision | None


def _event_kwargs(data: Mapping[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    return {name: convert(data[name]) for name, convert in fields.items() if name in data}


def parse_request(data: Mapping[str, Any]) -> CalculatorRequest:
    """Turn the (already validated) request JSON into a :class:`CalculatorRequest`."""
    periods = tuple(
        ContributionPeriod(
            start=Month.parse(p["start"]),
            end=Month.parse(p["end"]),
            scheme=Scheme(p["scheme"]),
            monthly_salary=int(p["monthly_salary"]),
            region=Region(p.get("region") or "I"),
            hazardous=bool(p.get("hazardous", False)),
            unemployment_insured=None if p.get("unemployment_insured") is None else bool(p["unemployment_insured"]),
            sector=Sector(p.get("sector") or "private"),
            group=p.get("group") or "a",
        )
        for p in data.get("periods", ())
    )
    raw_events = data.get("events") or {}
    sickness = raw_events.get("sickness")
    maternity = raw_events.get("maternity")
    unemployment = raw_events.get("unemployment")
    events = Events(
        sickness=SicknessEvent(
            start_date=date.fromisoformat(sickness["start_date"]),
            **_event_kwargs(sickness, {"hazardous": bool}),
        )
        if sickness
        else None,
        maternity=MaternityEvent(
            birth_date=date.fromisoformat(maternity["birth_date"]),
            **_event_kwargs(
                maternity,
                {
                    "children": int,
                    "child_order": int,
                    "caesarean": bool,
                    "premature_under_32_weeks": bool,
                    "pregnancy_rest": bool,
                    "infertility_treatment": bool,
                    "mother_qualifies": bool,
                },
            ),
        )
        if maternity
        else None,
        unemployment=UnemploymentEvent(
            termination_date=date.fromisoformat(unemployment["termination_date"]),
            lawful=bool(unemployment["lawful"]),
            contract_months=None
            if unemployment.get("contract_months") is None
            else int(unemployment["contract_months"]),
            months_used_before=int(unemployment.get("months_used_before") or 0),
        )
        if unemployment
        else None,
    )
    person = data["person"]
    return CalculatorRequest(
        as_of=date.fromisoformat(data["as_of"]),
        person=Person(sex=Sex(person["sex"]), birth_date=date.fromisoformat(person["birth_date"])),
        periods=periods,
        events=events,
    )


def evaluate(request: CalculatorRequest, params: ParameterSet) -> CalculatorResult:
    """Run every rule for the request; the decisions keep reasons, parameter versions and extra figures."""
    history = ContributionHistory.from_periods(request.periods).up_to(Month.of(request.as_of))
    facts = Facts(request.person, history)
    events = request.events
    return CalculatorResult(
        history=history,
        old_age=check_old_age(facts, params, request.as_of),
        sickness=check_sickness(facts, params, request.as_of, events.sickness),
        maternity=check_maternity(facts, params, request.as_of, events.maternity) if events.maternity else None,
        unemployment=(
            check_unemployment(facts, params, request.as_of, events.unemployment) if events.unemployment else None
        ),
    )


def _reasons(reasons: tuple[Reason, ...]) -> list[dict[str, object]]:
    return [reason.as_dict() for reason in reasons]


def calculate(request: CalculatorRequest, params: ParameterSet) -> dict[str, Any]:
    """The API response for ``request`` (dates ISO, months ``YYYY-MM``, amounts whole VND, 0 when not eligible)."""
    return as_response(request, evaluate(request, params))


def as_response(request: CalculatorRequest, result: CalculatorResult) -> dict[str, Any]:
    """Shape already evaluated decisions into the API response."""
    history = result.history
    old_age = result.old_age
    sickness = result.sickness
    compulsory = history.count(Scheme.COMPULSORY)
    response: dict[str, Any] = {
        "as_of": request.as_of.isoformat(),
        "contribution_months": {
            "total": len(history.months),
            "compulsory": compulsory,
            "voluntary": len(history.months) - compulsory,
        },
        "old_age": {
            "eligible": old_age.eligible,
            "retirement_age": {"years": old_age.retirement.years, "months": old_age.retirement.months},
            "retirement_month": str(old_age.retirement_month),
            "pension_start": old_age.pension_start.isoformat(),
            "months_missing": old_age.months_missing,
            "pension_rate_percent": (
                None if old_age.pension_rate_percent is None else float(old_age.pension_rate_percent)
            ),
            # The contract: amounts are 0 when not eligible; the projection for later is given apart.
            "estimated_monthly_pension": old_age.estimated_monthly_pension if old_age.eligible else 0,
            "projected_monthly_pension": old_age.estimated_monthly_pension,
            "reasons": _reasons(old_age.reasons),
        },
        "sickness": {
            "eligible": sickness.eligible,
            "days_per_year": sickness.days_per_year,
            "daily_amount": sickness.daily_amount,
            "reasons": _reasons(sickness.reasons),
        },
        "maternity": None,
        "unemployment": None,
    }
    if result.maternity is not None:
        maternity = result.maternity
        response["maternity"] = {
            "eligible": maternity.eligible,
            "leave_months": maternity.leave_months,
            "lump_sum": maternity.lump_sum,
            "monthly_benefit": maternity.monthly_benefit,
            "voluntary_allowance": maternity.voluntary_allowance,
            "reasons": _reasons(maternity.reasons),
        }
    if result.unemployment is not None:
        unemployment = result.unemployment
        response["unemployment"] = {
            "eligible": unemployment.eligible,
            "months_in_window": unemployment.months_in_window,
            "benefit_months": unemployment.benefit_months,
            "monthly_benefit": unemployment.monthly_benefit,
            "apply_by": unemployment.apply_by.isoformat(),
            "reasons": _reasons(unemployment.reasons),
        }
    return response
