"""One-time payment beside keeping the record (Law 41/2024/QH15 Art. 70, 71, 102, 21, 23): figures and properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benefits.rules.facts import ContributionHistory, ContributionPeriod, Person, Scheme, Sex
from benefits.rules.money import Month
from benefits.rules.params import load_parameter_set
from benefits.rules.voluntary import PlanInputError
from benefits.rules.withdrawal import compare_withdrawal, support_paid

from .conftest import period

PARAMS = load_parameter_set()
AS_OF = date(2026, 11, 25)
MAN_1985 = Person(Sex.MALE, date(1985, 5, 5))


def compare(periods, as_of=AS_OF, person=MAN_1985, **kwargs):
    return compare_withdrawal(person, periods, PARAMS, as_of, **kwargs)


# docs/rules.md, withdrawal examples.
@pytest.mark.parametrize(
    ("periods", "as_of", "group", "expected"),
    [
        # Stopped 12/2025 after 4 years before 2014 and 12 from 2014 at 8,000,000 (revalued to 10,400,000):
        # (4 x 1.5 + 12 x 2) x 10,400,000; open from 01/2027 (12 months out).
        (
            (period("2010-01", "2025-12", 8_000_000),),
            date(2027, 1, 15),
            "other",
            (True, "out_of_insurance", None, 192, 48, 144, 10_400_000, 312_000_000, 0, 312_000_000),
        ),
        (
            (period("2010-01", "2025-12", 8_000_000),),
            AS_OF,
            "other",
            (False, None, Month(2027, 1), 192, 48, 144, 10_400_000, 312_000_000, 0, 312_000_000),
        ),
        # Voluntary 01/2019-10/2025 at 2,000,000, poor household: the support received is paid back:
        # 36 x 46,200 (30 % of 22 % x 700,000) + 42 x 99,000 (30 % of 22 % x 1,500,000) + 4 x 165,000 (50 %).
        (
            (period("2019-01", "2025-10", 2_000_000, "voluntary"),),
            AS_OF,
            "poor",
            (True, "out_of_insurance", None, 82, 0, 82, 2_207_805, 30_909_270, 6_481_200, 24_428_070),
        ),
        # First contribution after 01/07/2025: no early payment at all.
        (
            (period("2025-08", "2026-10", 2_000_000, "voluntary"),),
            AS_OF,
            "other",
            (False, None, None, 15, 0, 15, 0, 0, 0, 0),
        ),
    ],
)
def test_worked_withdrawals(periods, as_of, group, expected):
    r = compare(periods, as_of, group=group)
    assert (
        r.may_withdraw,
        r.case,
        r.opens_from,
        r.months_total,
        r.months_before_2014,
        r.months_from_2014,
        r.average_salary,
        r.gross_amount,
        r.support_paid_back,
        r.amount,
    ) == expected


def test_at_retirement_age_with_too_few_years():
    person = Person(Sex.MALE, date(1962, 1, 10))
    r = compare((period("2012-01", "2024-12", 6_000_000),), person=person)
    assert r.may_withdraw and r.case == "retirement_age"
    assert r.months_total == 156 and r.months_before_2014 == 24
    codes = {x.code: x for x in r.reasons}
    assert codes["withdrawal_payment"].met and "Art. 70" in codes["withdrawal_payment"].law


def test_the_keep_side_and_the_social_pension():
    r = compare((period("2010-01", "2025-12", 8_000_000),), group="near_poor", future_income=3_000_000)
    assert r.keep.income == 3_000_000 and r.keep.pension_start == date(2047, 6, 1)
    assert r.keep.estimated_monthly_pension > 0
    assert (r.social_pension_age, r.social_pension_from, r.social_pension_amount) == (70, date(2055, 5, 5), 500_000)
    assert compare((), group="other").social_pension_age == 75
    codes = [x.code for x in r.reasons]
    assert codes == ["withdrawal_payment", "withdrawal_other_cases", "keep_pension", "keep_social_pension"]
    assert all(x.law for x in r.reasons)
    assert "HI Law Art. 12(2)" in r.reasons[2].law and "Decree 176/2025" in r.reasons[3].law


def test_born_on_29_february_reaches_the_social_pension_age_on_1_march():
    r = compare((), person=Person(Sex.FEMALE, date(1984, 2, 29)))
    assert r.social_pension_from == date(2059, 3, 1)


def test_future_income_outside_the_range():
    with pytest.raises(PlanInputError):
        compare((period("2010-01", "2025-12"),), future_income=1_000)


def test_support_stops_after_120_months_and_skips_compulsory_and_unsupported_months():
    months = ContributionHistory.from_periods(
        [
            period("2015-01", "2017-12", 2_000_000, "voluntary"),  # before any support
            period("2018-01", "2030-12", 2_000_000, "voluntary"),
            period("2031-01", "2031-12", 9_000_000),
        ]
    ).months
    total, rows = support_paid(months, PARAMS, "other")
    # 2018-2021: 48 x 15,400 (10 % of 22 % x 700,000); 2022-06/2025: 42 x 33,000; then 30 x 66,000 (20 %).
    assert total == 48 * 15_400 + 42 * 33_000 + 30 * 66_000
    assert {row.name for row in rows} == {"voluntary_support", "voluntary_income_floor", "contribution_rate"}


periods_strategy = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=300),
        st.integers(min_value=0, max_value=120),
        st.sampled_from([Scheme.COMPULSORY, Scheme.VOLUNTARY]),
        st.integers(min_value=1_500_000, max_value=30_000_000),
    ),
    min_size=1,
    max_size=5,
)


def _periods(raw):
    first = Month(2000, 1)
    return [
        ContributionPeriod(first.plus(start), first.plus(start + length), scheme, salary)
        for start, length, scheme, salary in raw
    ]


@settings(max_examples=80, deadline=None)
@given(periods_strategy, st.sampled_from(["poor", "near_poor", "ethnic_minority", "other"]))
def test_the_withdrawal_never_counts_a_month_twice(raw, group):
    periods = _periods(raw)
    result = compare(periods, date(2027, 12, 1), group=group)
    distinct = {m for p in periods for m in p.months() if m.month <= Month(2027, 12)}
    assert result.months_total == len({m.month for m in distinct})
    assert result.months_before_2014 + result.months_from_2014 == result.months_total
    # The same periods declared twice (or overlapping) give the same answer.
    twice = compare([*periods, *periods], date(2027, 12, 1), group=group)
    assert (twice.months_total, twice.gross_amount, twice.support_paid_back, twice.amount) == (
        result.months_total,
        result.gross_amount,
        result.support_paid_back,
        result.amount,
    )
    assert 0 <= result.support_paid_back <= result.gross_amount
    assert result.amount == result.gross_amount - result.support_paid_back
