from __future__ import annotations

from datetime import date

import pytest

from benefits.rules.facts import SicknessEvent
from benefits.rules.money import Month
from benefits.rules.sickness import check_sickness

from .conftest import AS_OF, facts, period

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("start", "end", "hazardous", "days"),
    [
        ("2012-01", "2026-10", False, 30),  # 14y10m -> 14 whole years
        ("2011-11", "2026-10", False, 40),  # 15 years
        ("1997-01", "2026-10", False, 40),  # 29y10m
        ("1996-11", "2026-10", False, 60),  # 30 years
        ("2012-01", "2026-10", True, 40),
        ("2011-11", "2026-10", True, 50),
        ("1996-11", "2026-10", True, 70),
    ],
)
def test_days_per_year_by_years_and_conditions(params, start, end, hazardous, days):
    decision = check_sickness(facts("male", "1975-01-01", period(start, end, hazardous=hazardous)), params, AS_OF, None)
    assert decision.eligible
    assert decision.days_per_year == days
    assert decision.hazardous is hazardous


def test_daily_amount_uses_month_before(params):
    history = facts(
        "female", "1990-01-01", period("2020-01", "2026-09", 8_000_000), period("2026-10", "2026-11", 12_000_000)
    )
    decision = check_sickness(history, params, AS_OF, None)
    assert decision.basis_month == Month(2026, 10)
    assert decision.daily_amount == 375_000  # 75 % x 12,000,000 / 24
    assert decision.reasons[-1].figures == {
        "daily_vnd": 375_000,
        "salary_vnd": 12_000_000,
        "basis_month": Month(2026, 10),
        "rate_percent": 75,
        "daily_divisor": 24,
    }
    assert decision.start_date == AS_OF


def test_daily_amount_rounds_half_up(params):
    decision = check_sickness(
        facts("female", "1990-01-01", period("2025-01", "2026-10", 5_310_001)), params, AS_OF, None
    )
    assert decision.daily_amount == 165_938  # 165,937.53...


def test_first_month_of_rejoining_uses_that_month(params):
    history = facts(
        "male", "1990-01-01", period("2015-01", "2020-12", 20_000_000), period("2026-11", "2026-11", 9_600_000)
    )
    decision = check_sickness(history, params, AS_OF, SicknessEvent(date(2026, 11, 20)))
    assert decision.eligible
    assert decision.basis_month == Month(2026, 11)
    assert decision.daily_amount == 300_000
    assert "re-)joining" in decision.reasons[0].detail


@pytest.mark.parametrize(
    ("periods", "reason"),
    [
        ((period("2010-01", "2026-10", scheme="voluntary"),), "voluntary"),
        ((period("2010-01", "2026-08"),), "No compulsory insurance in 11/2026 or 10/2026"),
        ((), "No compulsory"),
    ],
)
def test_not_eligible_without_recent_compulsory_month(params, periods, reason):
    decision = check_sickness(facts("female", "1980-01-01", *periods), params, AS_OF, None)
    assert not decision.eligible
    assert decision.days_per_year == 0
    assert decision.daily_amount == 0
    assert reason in decision.reasons[0].detail
    assert len(decision.reasons) == 1


def test_event_hazardous_overrides_and_law_58_before_transition(params):
    history = facts("male", "1980-01-01", period("2010-01", "2025-05"))
    decision = check_sickness(history, params, AS_OF, SicknessEvent(date(2025, 6, 3), hazardous=True))
    assert decision.eligible
    assert decision.days_per_year == 50
    assert decision.parameters[0].version == "sickness_benefit@2016-01-01"
    assert decision.reasons[0].law.startswith("Law 58/2014/QH13")
