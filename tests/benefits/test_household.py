"""Household health-insurance premium (HI Law Art. 13(6); Decree 188/2025/NĐ-CP): worked figures and properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benefits.rules.household import CYCLES, HouseholdMember, household_premium
from benefits.rules.params import ParameterNotFoundError, load_parameter_set

PARAMS = load_parameter_set()
GROUPS = ["none", "near_poor", "student", "agriculture_average"]


def _premium(groups, on="2026-07-01"):
    return household_premium([HouseholdMember(g) for g in groups], PARAMS, date.fromisoformat(on))


@pytest.mark.parametrize(
    ("on", "groups", "monthly", "total"),
    [
        # docs/rules.md, household example 1: base salary 2,530,000 from 01/07/2026.
        ("2026-07-01", ["none"] * 5, [113_850, 79_695, 68_310, 56_925, 45_540], 364_320),
        ("2026-07-01", ["none"] * 6, [113_850, 79_695, 68_310, 56_925, 45_540, 45_540], 409_860),
        # Base salary 2,340,000 until 30/06/2026.
        ("2026-06-30", ["none"] * 5, [105_300, 73_710, 63_180, 52_650, 42_120], 336_960),
        # Example 2: a student and a near-poor member join in their own groups, outside the household's order.
        ("2026-07-01", ["none", "student", "none", "near_poor"], [113_850, 56_925, 79_695, 34_155], 284_625),
        ("2026-07-01", ["agriculture_average"], [79_695], 79_695),
        # Decree 146/2018: students had 30 % until 14/08/2025.
        ("2025-08-14", ["student"], [73_710], 73_710),
        ("2025-08-15", ["student"], [52_650], 52_650),
    ],
)
def test_worked_premiums(on, groups, monthly, total):
    result = _premium(groups, on)
    assert [m.monthly for m in result.members] == monthly
    assert result.monthly_total == total
    assert result.per_cycle_total == {3: total * 3, 6: total * 6, 12: total * 12}
    for member in result.members:
        assert member.full_monthly - member.support_monthly == member.monthly


def test_first_member_pays_1_366_200_a_year_from_july_2026():
    result = _premium(["none"])
    assert result.members[0].per_cycle[12] == 1_366_200
    assert result.first_member_monthly == 113_850
    assert result.base_salary == 2_530_000
    assert {use.name for use in result.parameters} == {
        "contribution_rate",
        "household_health_shares",
        "health_insurance_support",
        "base_salary",
    }


def test_positions_and_shares():
    result = _premium(["none", "student", "none"])
    assert [(m.position, m.share_percent) for m in result.members] == [(1, 100), (None, 100), (2, 70)]
    assert result.members[1].support_monthly == 56_925
    codes = [r.code for r in result.reasons]
    assert codes == ["household_first_member", "household_shares", "household_state_support"]
    support = result.reasons[2]
    assert "Decree 188/2025/NĐ-CP" in support.law and support.figures["supported"] == 1


@pytest.mark.parametrize(
    ("on", "changes"),
    [
        ("2026-03-01", {6: date(2026, 7, 1), 12: date(2026, 7, 1)}),
        ("2026-05-01", {3: date(2026, 7, 1), 6: date(2026, 7, 1), 12: date(2026, 7, 1)}),
        ("2026-04-01", {6: date(2026, 7, 1), 12: date(2026, 7, 1)}),
        ("2026-07-01", {}),
    ],
)
def test_base_salary_change_within_a_cycle(on, changes):
    result = _premium(["none", "none"], on)
    assert result.base_salary_changes == changes
    found = [r for r in result.reasons if r.code == "household_base_salary_change"]
    assert len(found) == (1 if changes else 0)
    if changes:
        assert found[0].figures["cycle_months"] == min(changes)
        assert found[0].figures["changes_on"] == date(2026, 7, 1)
        # The amount is that of the payment date's base salary, not the new one.
        assert result.members[0].monthly == 105_300


def test_every_reason_names_its_law():
    result = _premium(["none", "near_poor"], "2026-05-01")
    assert all(r.law for r in result.reasons)
    assert "Art. 13(6)" in result.reasons[1].law


def test_unknown_group_and_date_without_figures():
    with pytest.raises(ValueError, match="unknown support group"):
        _premium(["rich"])
    with pytest.raises(ParameterNotFoundError):
        _premium(["none"], "2010-01-01")


def test_no_members_pays_nothing():
    result = _premium([])
    assert result.monthly_total == 0 and result.members == ()


members = st.lists(st.sampled_from(GROUPS), min_size=0, max_size=12)
days = st.dates(min_value=date(2025, 8, 15), max_value=date(2028, 12, 31))


@settings(max_examples=200, deadline=None)
@given(members, st.sampled_from(GROUPS), days, st.integers(min_value=0, max_value=12))
def test_more_members_never_lower_the_total(groups, extra, on, where):
    before = household_premium([HouseholdMember(g) for g in groups], PARAMS, on)
    grown = [*groups[:where], extra, *groups[where:]]
    after = household_premium([HouseholdMember(g) for g in grown], PARAMS, on)
    assert after.monthly_total >= before.monthly_total
    for cycle in CYCLES:
        assert after.per_cycle_total[cycle] >= before.per_cycle_total[cycle]


@settings(max_examples=200, deadline=None)
@given(members, days)
def test_support_never_exceeds_the_contribution(groups, on):
    result = household_premium([HouseholdMember(g) for g in groups], PARAMS, on)
    for member in result.members:
        assert 0 <= member.support_monthly <= member.full_monthly
        assert member.monthly >= 0
        assert member.monthly <= result.first_member_monthly
    assert result.monthly_total == sum(m.monthly for m in result.members)
