"""Voluntary social insurance planner (Law 41/2024/QH15 Art. 31(2), 36; Decree 159/2025/NĐ-CP Art. 5)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benefits.rules.facts import Person, Sex
from benefits.rules.money import Month
from benefits.rules.params import load_parameter_set
from benefits.rules.voluntary import PlanInputError, allowed_cycles, plan_voluntary

from .conftest import period

PARAMS = load_parameter_set()
AS_OF = date(2026, 11, 25)
WOMAN_1980 = Person(Sex.FEMALE, date(1980, 3, 10))
MAN_1990 = Person(Sex.MALE, date(1990, 6, 1))


def plan(person=WOMAN_1980, periods=(), *, income=3_000_000, group="other", cycle=1, used=0, as_of=AS_OF):
    return plan_voluntary(
        person, periods, PARAMS, as_of, income=income, group=group, cycle_months=cycle, supported_months_used=used
    )


# docs/rules.md, voluntary examples: 22 % of the income; the support is the group's share of 22 % x 1,500,000.
@pytest.mark.parametrize(
    ("income", "group", "cycle", "used", "before", "support", "after"),
    [
        (1_500_000, "poor", 1, 0, 330_000, 165_000, 165_000),
        (1_500_000, "near_poor", 1, 0, 330_000, 132_000, 198_000),
        (1_500_000, "ethnic_minority", 1, 0, 330_000, 99_000, 231_000),
        (1_500_000, "other", 1, 0, 330_000, 66_000, 264_000),
        (3_000_000, "near_poor", 12, 0, 7_920_000, 1_584_000, 6_336_000),
        (5_000_000, "other", 3, 0, 3_300_000, 198_000, 3_102_000),
        (5_000_000, "other", 6, 118, 6_600_000, 132_000, 6_468_000),  # 2 supported months left
        (5_000_000, "poor", 12, 120, 13_200_000, 0, 13_200_000),  # the 120 months are used up
        (50_600_000, "other", 1, 0, 11_132_000, 66_000, 11_066_000),  # the ceiling from 01/07/2026
        (2_000_000, "other", 60, 0, 26_400_000, 3_960_000, 22_440_000),  # five years ahead, before the discount
    ],
)
def test_contribution_per_cycle(income, group, cycle, used, before, support, after):
    result = plan(income=income, group=group, cycle=cycle, used=used)
    assert (result.per_cycle_before_support, result.support_per_cycle, result.per_cycle_after_support) == (
        before,
        support,
        after,
    )
    assert (result.floor, result.ceiling) == (1_500_000, 50_600_000)
    assert result.paying_ahead is (cycle > 12)
    assert ("voluntary_paying_ahead" in {r.code for r in result.reasons}) is (cycle > 12)


def test_woman_with_seven_compulsory_years():
    result = plan(periods=(period("2010-01", "2016-12", 6_000_000),), income=3_000_000, group="near_poor", cycle=12)
    assert result.past_months == 84 and result.required_months == 180
    assert result.start == Month(2026, 11)
    assert result.minimum_reached == Month(2034, 10)  # 96 more months from 11/2026
    assert result.retirement_month == Month(2040, 3) and result.pension_start == date(2040, 4, 1)
    # 84 + 161 months = 20 years 5 months -> 20.5 years: 45 % + 5.5 x 2 %.
    assert result.pension_rate_percent == 56
    assert result.estimated_monthly_pension == 2_845_166
    assert result.estimate_provisional
    assert result.joined_before_2025_07
    codes = {r.code: r for r in result.reasons}
    assert codes["voluntary_minimum_years"].met is False
    assert codes["voluntary_minimum_years"].figures["reached"] == Month(2034, 10)
    assert codes["voluntary_if_you_stop"].met is True
    assert "Art. 70(1)" in codes["voluntary_if_you_stop"].law


def test_young_man_joining_now_cannot_withdraw_early():
    result = plan(MAN_1990, income=2_000_000)
    assert result.past_months == 0 and result.start == Month(2026, 11)
    assert result.retirement_month == Month(2052, 6)
    assert result.minimum_reached == Month(2041, 10)
    assert result.joined_before_2025_07 is False
    # 11/2026-06/2052 = 308 months = 25 years 8 months -> 26 years: men 45 % at 20 years + 2 % a year.
    assert result.pension_rate_percent == 57
    assert result.estimated_monthly_pension == 1_140_000
    assert {r.code: r.met for r in result.reasons}["voluntary_if_you_stop"] is False


def test_past_retirement_age_with_the_years_already_met():
    result = plan(Person(Sex.MALE, date(1960, 1, 1)), (period("2000-01", "2026-10", 8_000_000),), income=2_000_000)
    assert result.minimum_reached is None
    assert result.pension_start == AS_OF  # nothing more to pay: the projection is for today
    assert {r.code: r.met for r in result.reasons}["voluntary_minimum_years"] is True


def test_plan_starts_after_the_last_contributed_month():
    result = plan(periods=(period("2020-01", "2026-11", 5_000_000, scheme="voluntary"),))
    assert result.start == Month(2026, 12)


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"income": 1_499_999}, "monthly_income", "out_of_range"),
        ({"income": 50_600_001}, "monthly_income", "out_of_range"),
        ({"cycle": 2}, "cycle_months", "not_allowed"),
        ({"cycle": 72}, "cycle_months", "not_allowed"),
        ({"group": "rich"}, "support_group", "unknown"),
    ],
)
def test_inputs_the_figures_rule_out(kwargs, field, code):
    with pytest.raises(PlanInputError) as caught:
        plan(**kwargs)
    assert (caught.value.field, caught.value.code) == (field, code)


def test_allowed_cycles():
    assert allowed_cycles(PARAMS, AS_OF) == (1, 3, 6, 12, 24, 36, 48, 60)


def test_every_reason_names_its_law_and_the_parameters_are_listed_once():
    result = plan(periods=(period("2010-01", "2016-12"),), cycle=24)
    assert all(r.law for r in result.reasons)
    versions = [u.version for u in result.parameters]
    assert len(versions) == len(set(versions))
    assert {"voluntary_support", "voluntary_income_floor", "voluntary_payment_modes"} <= {
        u.name for u in result.parameters
    }


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1_500_000, max_value=50_600_000),
    st.sampled_from(["poor", "near_poor", "ethnic_minority", "other"]),
    st.sampled_from([1, 3, 6, 12, 24, 36, 48, 60]),
    st.integers(min_value=0, max_value=200),
)
def test_support_never_exceeds_the_contribution(income, group, cycle, used):
    result = plan(MAN_1990, income=income, group=group, cycle=cycle, used=used)
    assert 0 <= result.support_per_cycle <= result.per_cycle_before_support
    assert result.per_cycle_after_support == result.per_cycle_before_support - result.support_per_cycle
    assert result.support_per_month <= result.contribution_per_month
