"""Properties that must hold for any input: rates never fall with more months, benefits never pass their caps."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benefits.rules.ceiling import cap_months, social_insurance_ceiling, unemployment_ceiling
from benefits.rules.facts import (
    ContributionHistory,
    ContributionPeriod,
    Facts,
    MaternityEvent,
    Person,
    Region,
    Scheme,
    Sex,
    SicknessEvent,
    UnemploymentEvent,
)
from benefits.rules.maternity import check_maternity
from benefits.rules.money import Month, round_vnd
from benefits.rules.old_age import pension_rate_percent
from benefits.rules.params import load_parameter_set
from benefits.rules.sickness import check_sickness
from benefits.rules.unemployment import check_unemployment

pytestmark = pytest.mark.unit

PARAMS = load_parameter_set()
AS_OF = date(2026, 11, 25)
sexes = st.sampled_from(list(Sex))
law_dates = st.sampled_from([date(2025, 6, 30), date(2025, 7, 1), AS_OF])


@st.composite
def periods(draw, max_periods: int = 4, first: Month | None = None):
    first = first or Month(2000, 1)
    result = []
    for _ in range(draw(st.integers(0, max_periods))):
        start = first.plus(draw(st.integers(0, Month(2026, 11).minus(first))))
        length = draw(st.integers(1, 120))
        result.append(
            ContributionPeriod(
                start,
                start.plus(length - 1),
                draw(st.sampled_from(list(Scheme))),
                draw(st.integers(0, 200_000_000)),
                draw(st.sampled_from(list(Region))),
                draw(st.booleans()),
                draw(st.sampled_from([None, True, False])),
            )
        )
    return tuple(result)


def make_facts(sex: Sex, history_periods) -> Facts:
    return Facts(Person(sex, date(1975, 6, 15)), ContributionHistory.from_periods(history_periods))


@given(sexes, st.integers(0, 600), st.integers(0, 60), law_dates)
def test_more_months_never_lower_the_pension_rate(sex, months, extra, on):
    schedule = PARAMS.value_on("pension_rate_schedule", on)
    min_years = PARAMS.value_on("pension_min_years", on).value
    before = pension_rate_percent(sex, months, min_years, schedule)
    after = pension_rate_percent(sex, months + extra, min_years, schedule)
    if before is not None:
        assert after is not None and after >= before
        assert Decimal(40) <= before <= Decimal(75)


@settings(max_examples=150, deadline=None)
@given(periods(), st.dates(date(2026, 1, 1), date(2026, 11, 25)), st.booleans(), st.sampled_from([None, 6, 24]))
def test_unemployment_never_exceeds_caps(history_periods, termination, lawful, contract):
    decision = check_unemployment(
        make_facts(Sex.MALE, history_periods), PARAMS, AS_OF, UnemploymentEvent(termination, lawful, contract)
    )
    assert 0 <= decision.monthly_benefit <= decision.cap <= 5 * 5_310_000
    assert 0 <= decision.benefit_months <= 12
    assert decision.monthly_benefit <= round_vnd(Fraction(decision.average_salary * 6, 10))
    assert decision.months_in_window <= decision.window_last.minus(decision.window_first) + 1
    if not decision.eligible:
        assert decision.monthly_benefit == decision.benefit_months == 0


@settings(max_examples=150, deadline=None)
@given(periods(), sexes, st.dates(date(2025, 7, 1), date(2027, 6, 30)), st.integers(1, 4), st.integers(1, 5))
def test_maternity_never_exceeds_caps(history_periods, sex, birth, children, order):
    facts = make_facts(sex, history_periods)
    decision = check_maternity(facts, PARAMS, AS_OF, MaternityEvent(birth, children, order))
    top_salary = max((m.salary for m in facts.history.months), default=0)
    assert 0 <= decision.monthly_benefit <= top_salary
    assert decision.lump_sum in (0, 2 * (2_530_000 if birth >= date(2026, 7, 1) else 2_340_000) * children)
    assert decision.voluntary_allowance in (0, 2_000_000 * children)
    assert decision.leave_months <= 7 + (children - 1)
    assert decision.leave_days <= 14 + 3 * max(0, children - 2)
    if sex is Sex.MALE:
        assert decision.leave_months == 0
    if not decision.eligible:
        assert decision.lump_sum == decision.monthly_benefit == decision.voluntary_allowance == 0


@settings(max_examples=150, deadline=None)
@given(periods(), sexes, st.integers(-400, 0))
def test_sickness_daily_amount_is_75_percent_of_a_salary_over_24(history_periods, sex, days):
    facts = make_facts(sex, history_periods)
    start = AS_OF + timedelta(days=days)
    decision = check_sickness(facts, PARAMS, AS_OF, None if days == 0 else SicknessEvent(start))
    top_salary = max((m.salary for m in facts.history.months), default=0)
    assert 0 <= decision.daily_amount <= round_vnd(Fraction(top_salary * 75, 100 * 24))
    assert decision.days_per_year in ((0,) if not decision.eligible else (30, 40, 50, 60, 70))


@settings(max_examples=100, deadline=None)
@given(periods(), st.booleans())
def test_a_capped_basis_never_exceeds_the_cap(history_periods, unemployment):
    history = ContributionHistory.from_periods(history_periods)
    capped = cap_months(history, PARAMS, unemployment=unemployment)
    assert [m.month for m in capped.history.months] == [m.month for m in history.months]
    for before, after in zip(history.months, capped.history.months, strict=True):
        on = before.month.first_day()
        ceiling = (
            unemployment_ceiling(PARAMS, before.region, on)
            if unemployment
            else social_insurance_ceiling(PARAMS, before.scheme, on)
        )
        assert after.salary <= before.salary
        if ceiling is not None:
            assert after.salary == min(before.salary, ceiling.amount) <= ceiling.amount
        else:
            assert after.salary == before.salary


@settings(max_examples=100, deadline=None)
@given(periods(), st.integers(0, 400), st.integers(0, 400), st.sampled_from([None, 6]))
def test_months_already_used_never_raise_the_duration(history_periods, used, more, contract):
    facts = make_facts(Sex.MALE, history_periods)
    ended = date(2026, 10, 31)
    fewer = check_unemployment(facts, PARAMS, AS_OF, UnemploymentEvent(ended, True, contract, used))
    more_used = check_unemployment(facts, PARAMS, AS_OF, UnemploymentEvent(ended, True, contract, used + more))
    assert more_used.benefit_months <= fewer.benefit_months
    assert more_used.total_months <= fewer.total_months
    assert more_used.months_in_window <= fewer.months_in_window
    assert fewer.total_months + fewer.months_used_before <= len(facts.history.up_to(Month.of(ended)).months)


@settings(max_examples=100, deadline=None)
@given(periods(first=Month(2016, 1)), sexes, st.dates(date(2025, 7, 1), date(2026, 11, 25)))
def test_no_benefit_is_computed_on_more_than_the_ceiling(history_periods, sex, birth):
    # Every month from 2016 has a ceiling of both schemes, at most 20 x 2,530,000.
    facts = make_facts(sex, history_periods)
    maternity = check_maternity(facts, PARAMS, AS_OF, MaternityEvent(birth))
    sickness = check_sickness(facts, PARAMS, AS_OF, None)
    assert maternity.average_salary <= 50_600_000
    assert sickness.basis_salary <= 50_600_000


@given(st.integers(-(10**12), 10**12), st.integers(1, 10**6))
def test_round_vnd_is_within_half_a_dong(numerator, denominator):
    value = Fraction(numerator, denominator)
    rounded = round_vnd(value)
    assert abs(rounded - value) <= Fraction(1, 2)
    assert round_vnd(Decimal(numerator) / Decimal(denominator)) in (rounded, rounded - 1, rounded + 1)
