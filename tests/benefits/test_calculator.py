"""The calculator end to end: every worked case of cases.json, the response shape, and period merging."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from benefits.rules.calculator import CalculatorRequest, calculate, evaluate, parse_request
from benefits.rules.facts import (
    ContributionHistory,
    ContributionMonth,
    ContributionPeriod,
    Events,
    Person,
    Region,
    Scheme,
    Sex,
)
from benefits.rules.money import Month

pytestmark = pytest.mark.unit

CASES_PATH = Path(__file__).resolve().parent / "data" / "cases.json"
CASES = json.loads(CASES_PATH.read_text(encoding="utf-8"))
MISSING = object()


def dotted(data: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return MISSING
        data = data[part]
    return data


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_worked_case(params, case):
    response = calculate(parse_request(case["request"]), params)
    for path, expected in case["expect"].items():
        assert dotted(response, path) == expected, f"{case['name']}: {path}"


def test_response_shape_is_exact_and_json_ready(params):
    request = dict(CASES[0]["request"])
    request["events"] = dict(request["events"], maternity={"birth_date": "2026-12-10", "children": 1, "child_order": 1})
    response = calculate(parse_request(request), params)
    json.dumps(response)  # JSON-ready: no dates, Decimals or dataclasses left
    assert set(response) == {"as_of", "contribution_months", "old_age", "sickness", "maternity", "unemployment"}
    assert set(response["contribution_months"]) == {"total", "compulsory", "voluntary"}
    assert set(response["old_age"]) == {
        "eligible",
        "retirement_age",
        "retirement_month",
        "pension_start",
        "months_missing",
        "pension_rate_percent",
        "estimated_monthly_pension",
        "projected_monthly_pension",
        "reasons",
    }
    assert set(response["old_age"]["retirement_age"]) == {"years", "months"}
    assert set(response["sickness"]) == {"eligible", "days_per_year", "daily_amount", "reasons"}
    assert set(response["maternity"]) == {
        "eligible",
        "leave_months",
        "lump_sum",
        "monthly_benefit",
        "voluntary_allowance",
        "reasons",
    }
    assert set(response["unemployment"]) == {
        "eligible",
        "months_in_window",
        "benefit_months",
        "monthly_benefit",
        "apply_by",
        "reasons",
    }
    for section in ("old_age", "sickness", "maternity", "unemployment"):
        for reason in response[section]["reasons"]:
            assert set(reason) == {"code", "met", "detail", "law"}
            assert reason["code"].islower() and reason["law"] and reason["detail"]
    assert isinstance(response["old_age"]["pension_rate_percent"], float)
    assert isinstance(response["old_age"]["estimated_monthly_pension"], int)
    # Case 1 is not yet eligible: the contract's amount is 0, the projection is given apart.
    assert response["old_age"]["eligible"] is False
    assert response["old_age"]["estimated_monthly_pension"] == 0
    assert response["old_age"]["projected_monthly_pension"] > 0


def test_parse_request_reads_every_optional_field():
    request = parse_request(
        {
            "as_of": "2026-11-25",
            "person": {"sex": "female", "birth_date": "1990-01-02"},
            "periods": [
                {
                    "start": "2020-01",
                    "end": "2026-10",
                    "scheme": "compulsory",
                    "monthly_salary": 9000000,
                    "region": None,
                },
                {
                    "start": "2019-01",
                    "end": "2019-12",
                    "scheme": "voluntary",
                    "monthly_salary": 3000000,
                    "region": "III",
                    "hazardous": True,
                },
            ],
            "events": {
                "sickness": {"start_date": "2026-11-03", "hazardous": True},
                "maternity": {
                    "birth_date": "2026-12-20",
                    "children": 2,
                    "child_order": 2,
                    "caesarean": True,
                    "premature_under_32_weeks": True,
                    "pregnancy_rest": True,
                    "infertility_treatment": True,
                    "mother_qualifies": True,
                },
                "unemployment": {"termination_date": "2026-10-31", "lawful": True, "contract_months": None},
            },
        }
    )
    assert request.as_of == date(2026, 11, 25)
    assert request.periods[0].region is Region.I
    assert request.periods[1].region is Region.III and request.periods[1].hazardous
    assert request.events.sickness is not None and request.events.sickness.hazardous is True
    maternity = request.events.maternity
    assert maternity is not None and (maternity.children, maternity.child_order, maternity.caesarean) == (2, 2, True)
    assert request.events.unemployment is not None and request.events.unemployment.contract_months is None


def test_no_events_gives_null_maternity_and_unemployment(params):
    request = parse_request(
        {"as_of": "2026-11-25", "person": {"sex": "male", "birth_date": "2000-01-01"}, "periods": [], "events": None}
    )
    response = calculate(request, params)
    assert response["maternity"] is None and response["unemployment"] is None
    assert response["contribution_months"] == {"total": 0, "compulsory": 0, "voluntary": 0}
    assert response["sickness"]["eligible"] is False
    assert response["old_age"]["months_missing"] == 180
    assert response["old_age"]["pension_rate_percent"] is None
    assert response["old_age"]["estimated_monthly_pension"] == 0


def test_request_defaults():
    request = CalculatorRequest(date(2026, 11, 25), Person(Sex.MALE, date(1990, 1, 1)), ())
    assert request.events == Events()


def _period(start: str, end: str, scheme: str, salary: int, region: str = "I", hazardous: bool = False):
    return ContributionPeriod(Month.parse(start), Month.parse(end), Scheme(scheme), salary, Region(region), hazardous)


def test_overlapping_schemes_count_once_as_compulsory(params):
    request = CalculatorRequest(
        date(2026, 11, 25),
        Person(Sex.FEMALE, date(1985, 1, 1)),
        (
            _period("2020-01", "2026-10", "voluntary", 3_000_000),
            _period("2025-01", "2026-12", "compulsory", 9_000_000),
        ),
    )
    response = calculate(request, params)
    # 2020-01 .. 2026-11 = 83 months; 2025-01 .. 2026-11 compulsory (23); 2026-12 is after as_of.
    assert response["contribution_months"] == {"total": 83, "compulsory": 23, "voluntary": 60}
    result = evaluate(request, params)
    assert result.history.get(Month(2025, 6)).scheme is Scheme.COMPULSORY
    assert result.history.get(Month(2025, 6)).salary == 9_000_000


def test_same_scheme_overlap_keeps_highest_salary_row():
    history = ContributionHistory.from_periods(
        (
            _period("2026-01", "2026-06", "compulsory", 8_000_000, "II"),
            _period("2026-03", "2026-04", "compulsory", 12_000_000, "I", True),
            _period("2026-04", "2026-04", "compulsory", 12_000_000, "III"),  # tie: first listed wins
        )
    )
    assert len(history.months) == 6
    assert history.get(Month(2026, 4)) == ContributionMonth(
        Month(2026, 4), Scheme.COMPULSORY, 12_000_000, Region.I, True
    )
    assert history.get(Month(2026, 5)).region is Region.II


def test_history_helpers():
    history = ContributionHistory.from_periods((_period("2026-01", "2026-06", "compulsory", 1),))
    assert history.latest(0) == ()
    assert [m.month for m in history.latest(2, Scheme.COMPULSORY, Month(2026, 4))] == [Month(2026, 3), Month(2026, 4)]
    assert history.count(Scheme.VOLUNTARY) == 0
    assert history.count(first=Month(2026, 2), last=Month(2026, 3)) == 2
    assert not history.is_compulsory(Month(2027, 1))
    with pytest.raises(ValueError, match="appears twice"):
        ContributionHistory((history.months[0], history.months[0]))


@pytest.mark.parametrize(
    ("start", "end", "salary", "message"),
    [("2026-05", "2026-04", 1, "ends"), ("2026-01", "2026-02", -1, "negative")],
)
def test_period_validation(start, end, salary, message):
    with pytest.raises(ValueError, match=message):
        _period(start, end, "compulsory", salary)
