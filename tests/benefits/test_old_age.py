from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from benefits.rules.facts import ContributionHistory, ContributionMonth, Scheme, Sector, Sex
from benefits.rules.money import Month
from benefits.rules.old_age import (
    _one_time_amount,
    check_old_age,
    half_years_for_benefit,
    pension_rate_percent,
    revalued_average,
)
from benefits.rules.params import ParameterValue

from .conftest import AS_OF, facts, period

pytestmark = pytest.mark.unit

LAW41 = date(2025, 7, 1)
LAW58 = date(2025, 6, 30)


@pytest.mark.parametrize(
    ("months", "half_years"),
    [(0, 0), (1, 1), (6, 1), (7, 2), (11, 2), (12, 2), (13, 3), (18, 3), (19, 4), (202, 34)],
)
def test_half_year_rounding_art_5_6(months, half_years):
    assert half_years_for_benefit(months) == half_years


@pytest.mark.parametrize(
    ("sex", "months", "on", "expected"),
    [
        # Law 41 (from 01/07/2025): minimum 15 years.
        (Sex.MALE, 179, LAW41, None),
        (Sex.MALE, 180, LAW41, "40"),
        (Sex.MALE, 181, LAW41, "40.5"),  # 15y1m -> 15.5 years
        (Sex.MALE, 186, LAW41, "40.5"),  # 15y6m -> 15.5 years
        (Sex.MALE, 187, LAW41, "41"),  # 15y7m -> 16 years
        (Sex.MALE, 216, LAW41, "43"),  # case 1
        (Sex.MALE, 234, LAW41, "44.5"),  # 19y6m, the top of the 15-<20 band
        (Sex.MALE, 235, LAW41, "45"),  # 19y7m rounds to 20 years
        (Sex.MALE, 240, LAW41, "45"),
        (Sex.MALE, 300, LAW41, "55"),
        (Sex.MALE, 420, LAW41, "75"),  # 35 years
        (Sex.MALE, 500, LAW41, "75"),  # capped
        (Sex.FEMALE, 179, LAW41, None),
        (Sex.FEMALE, 180, LAW41, "45"),
        (Sex.FEMALE, 202, LAW41, "49"),  # case 8: 16y10m -> 17 years
        (Sex.FEMALE, 300, LAW41, "65"),  # case 2
        (Sex.FEMALE, 360, LAW41, "75"),
        (Sex.FEMALE, 400, LAW41, "75"),
        # Law 58 (before 01/07/2025): minimum 20 years for both.
        (Sex.MALE, 216, LAW58, None),
        (Sex.MALE, 240, LAW58, "45"),
        (Sex.FEMALE, 239, LAW58, None),
        (Sex.FEMALE, 240, LAW58, "55"),
    ],
)
def test_pension_rate_table(params, sex, months, on, expected):
    schedule = params.value_on("pension_rate_schedule", on)
    min_years = params.value_on("pension_min_years", on).value
    rate = pension_rate_percent(sex, months, min_years, schedule)
    assert rate == (None if expected is None else Decimal(expected))


def test_pension_rate_none_when_no_bracket_applies(params):
    schedule = params.value_on("pension_rate_schedule", LAW58)  # men start at 20 years there
    assert pension_rate_percent(Sex.MALE, 180, 15, schedule) is None


def test_case_1_man_not_yet_at_age(params):
    decision = check_old_age(facts("male", "1966-05-15", period("2008-11", "2026-10")), params, AS_OF)
    assert not decision.eligible
    assert decision.retirement_month == Month(2028, 5)
    assert decision.pension_start == date(2028, 6, 1)
    assert decision.months_missing == 0
    assert decision.eligible_from == Month(2028, 6)
    assert decision.pension_rate_percent == Decimal(43)
    assert decision.estimate_provisional  # settled in 2028, latest table is 2026
    assert decision.estimated_monthly_pension > 4_300_000  # revalued average above the nominal 10,000,000
    assert not decision.minimum_pension_applied
    assert decision.one_time_payment.open_from == Month(2027, 11)
    assert not decision.one_time_payment.open
    codes = {r.code: r for r in decision.reasons}
    assert not codes["retirement_age_reached"].met
    assert codes["retirement_age_reached"].actual == "60y6m"
    assert codes["retirement_age_reached"].figures == {
        "age_years": 62,
        "age_months": 0,
        "reached_month": Month(2028, 5),
        "pension_start": date(2028, 6, 1),
        "current_age_years": 60,
        "current_age_months": 6,
    }
    assert codes["minimum_contribution_years"].figures == {
        "required_years": 15,
        "required_months": 180,
        "actual_months": 216,
        "missing_months": 0,
        "counted_up_to": Month(2026, 11),
        "eligible_from": Month(2028, 6),
    }
    assert codes["pension_rate"].figures == {
        "actual_months": 216,
        "required_years": 15,
        "rate_percent": Decimal(43),
        "rate_years": Decimal(18),
    }
    estimate = codes["pension_estimate"].figures
    assert estimate["estimate_vnd"] == decision.estimated_monthly_pension
    assert estimate["average_vnd"] == decision.average_salary
    assert estimate["provisional"] is True
    assert codes["one_time_payment"].figures["open_from"] == Month(2027, 11)
    assert "provisional" in codes["pension_estimate"].detail
    assert codes["one_time_payment"].met is False
    assert {p.version for p in decision.parameters} >= {
        "retirement_age_roadmap@2021-01-01",
        "pension_min_years@2025-07-01",
        "pension_rate_schedule@2025-07-01",
    }


def test_estimate_uses_revalued_average(params):
    # All salaries in 2025-2026, coefficient 1.00 in the 2026 table: the estimate is rate x nominal salary.
    decision = check_old_age(facts("female", "1960-01-01", period("2011-01", "2026-10", 10_000_000)), params, AS_OF)
    assert decision.eligible
    assert decision.eligible_from is None
    assert not decision.estimate_provisional
    salary = {2011: "1.65", 2012: "1.51", 2013: "1.42", 2014: "1.36", 2015: "1.36", 2016: "1.32", 2017: "1.28"}
    salary |= {2018: "1.23", 2019: "1.20", 2020: "1.16", 2021: "1.14", 2022: "1.11", 2023: "1.07", 2024: "1.03"}
    total = sum(Decimal(c) * 12 for c in salary.values()) + 12 + 10  # 2025 and 10 months of 2026 at 1.00
    average = round(total * 10_000_000 / 190)
    assert decision.average_salary == average
    # 190 months = 15y10m -> 16 years -> 47 %
    assert decision.pension_rate_percent == Decimal(47)
    assert decision.estimated_monthly_pension == round(Decimal(average) * Decimal("0.47"))


def test_minimum_pension_applied_for_long_low_career(params):
    decision = check_old_age(facts("male", "1960-01-01", period("2001-01", "2026-10", 1_000_000)), params, AS_OF)
    assert decision.eligible
    assert decision.minimum_pension_applied
    assert decision.estimated_monthly_pension == 2_530_000
    assert any(r.code == "minimum_pension" for r in decision.reasons)


def test_minimum_pension_not_for_voluntary_only(params):
    decision = check_old_age(
        facts("male", "1960-01-01", period("2001-01", "2026-10", 1_000_000, scheme="voluntary")), params, AS_OF
    )
    assert not decision.minimum_pension_applied
    assert decision.estimated_monthly_pension < 2_530_000


def test_minimum_pension_under_law_58_has_no_join_date(params):
    as_of = date(2024, 6, 15)
    decision = check_old_age(facts("male", "1960-01-01", period("2003-01", "2024-05", 1_000_000)), params, as_of)
    assert decision.minimum_pension_applied
    assert decision.estimated_monthly_pension == 1_800_000  # base salary on 2024-06-15


@pytest.mark.parametrize(
    ("as_of", "missing", "rate", "eligible"),
    [
        (date(2025, 6, 30), 24, None, False),  # Law 58: 20 years needed
        (date(2025, 7, 1), 0, Decimal(43), True),  # Law 41: 15 years
    ],
)
def test_minimum_years_transition_2025_07_01(params, as_of, missing, rate, eligible):
    # A man past pension age whose 18 years ended in 05/2025.
    decision = check_old_age(facts("male", "1960-01-01", period("2007-06", "2025-05")), params, as_of)
    assert decision.months_missing == missing
    assert decision.pension_rate_percent == rate
    assert decision.eligible is eligible


def test_months_missing_eligible_from_and_top_up(params):
    # Woman past pension age with 14y9m: 3 more months -> conditions met 02/2027, pension from 03/2027.
    decision = check_old_age(facts("female", "1960-03-03", period("2012-02", "2026-10")), params, AS_OF)
    assert decision.months_missing == 3
    assert decision.eligible_from == Month(2027, 3)
    assert decision.pension_rate_percent is None
    assert decision.estimated_monthly_pension == 0
    codes = {r.code: r for r in decision.reasons}
    assert codes["top_up_missing_months"].met
    assert codes["top_up_missing_months"].figures == {"missing_months": 3, "max_missing_months": 6}
    assert codes["minimum_contribution_years"].figures["eligible_from"] == Month(2027, 3)
    assert "03/2027" in codes["minimum_contribution_years"].detail
    # Issue 16 item 6: she still contributes (10/2026 is the month before the as-of month), so the one-time
    # payment of Art. 70(1)(a) is not open; it would be once she stops, from 11/2026.
    assert not codes["one_time_payment"].met
    assert decision.one_time_payment.open_from == Month(2026, 11)
    assert codes["one_time_payment"].figures["open_from"] == Month(2026, 11)
    assert decision.one_time_payment.amount == 0
    assert codes["monthly_allowance_option"].figures == {"minimum_vnd": 500_000, "social_pension_age": 75}
    assert "pension_estimate" not in codes


def test_one_time_payment_at_pension_age_once_contributions_stopped(params):
    decision = check_old_age(facts("female", "1960-03-03", period("2012-02", "2026-08")), params, AS_OF)
    codes = {r.code: r for r in decision.reasons}
    assert decision.months_missing == 5
    assert codes["one_time_payment"].met  # case (a): at pension age with too few years, no longer contributing
    assert codes["one_time_payment"].figures["case"] == "retirement_age"
    assert codes["one_time_payment"].figures["amount_vnd"] == decision.one_time_payment.amount > 0
    assert "monthly_allowance_option" in codes


def test_no_top_up_beyond_six_months(params):
    decision = check_old_age(facts("female", "1960-03-03", period("2012-06", "2026-10")), params, AS_OF)
    assert decision.months_missing == 7
    assert "top_up_missing_months" not in {r.code for r in decision.reasons}


def test_case_3_young_woman(params):
    decision = check_old_age(facts("female", "1995-06-20", period("2025-01", "2026-10")), params, AS_OF)
    assert decision.months_missing == 158
    assert decision.pension_rate_percent is None
    assert decision.retirement_month == Month(2055, 6)
    assert decision.eligible_from == Month(2055, 7)
    # First joined 01/2025 (before 01/07/2025): the transitional one-time payment opens 12 months after stopping.
    assert decision.one_time_payment.open_from == Month(2027, 11)


def test_no_one_time_payment_for_people_who_joined_after_law_41(params):
    decision = check_old_age(facts("female", "1995-06-20", period("2025-08", "2026-10")), params, AS_OF)
    assert decision.one_time_payment.open_from is None
    assert not decision.one_time_payment.open
    assert "one_time_payment" not in {r.code for r in decision.reasons}


def test_no_one_time_payment_with_20_years(params):
    decision = check_old_age(facts("female", "1980-01-01", period("2005-01", "2026-10")), params, AS_OF)
    assert "one_time_payment" not in {r.code for r in decision.reasons}


def test_transitional_one_time_payment_opens_after_12_months(params):
    history = facts("male", "1985-01-01", period("2010-01", "2025-12", 8_000_000))
    before = check_old_age(history, params, date(2026, 12, 31))
    assert not before.one_time_payment.open
    assert before.one_time_payment.open_from == Month(2027, 1)
    after = check_old_age(history, params, date(2027, 1, 1))
    assert after.one_time_payment.open
    assert after.one_time_payment.amount > 0
    assert after.one_time_payment.case == "12 months out of insurance with fewer than 20 years"
    figures = next(r for r in after.reasons if r.code == "one_time_payment").figures
    assert figures["case"] == "out_of_insurance"
    assert figures["months_out_of_insurance"] == 12


def test_empty_history(params):
    decision = check_old_age(facts("male", "1990-01-01"), params, AS_OF)
    assert decision.counted_months == 0
    assert decision.months_missing == 180
    assert decision.average_salary == 0
    assert not decision.one_time_payment.open


def test_months_after_as_of_are_not_counted(params):
    decision = check_old_age(facts("female", "1980-07-07", period("2010-01", "2030-12")), params, AS_OF)
    assert decision.counted_months == 203  # 2010-01 .. 2026-11


def test_rate_under_law_58_as_of_2024(params):
    decision = check_old_age(facts("female", "1960-01-01", period("2000-01", "2024-05")), params, date(2024, 6, 15))
    assert decision.required_years == 20
    assert decision.pension_rate_percent == Decimal(64)  # 24y5m -> 24.5 years -> 45 + 9.5 x 2
    assert decision.estimate_provisional  # no 2024 table: the 2025 one is used


def _months(scheme: Scheme, *spec: tuple[int, int, int]) -> list[ContributionMonth]:
    return [ContributionMonth(Month(y, m), scheme, salary) for y, m, salary in spec]


def test_revalued_average_edges(params):
    assert revalued_average([], params, AS_OF) == (0, False, ())
    # Compulsory 1990 uses the "before 1995" value, voluntary 2005 the first voluntary year (2008).
    months = _months(Scheme.COMPULSORY, (1990, 1, 1_000_000)) + _months(Scheme.VOLUNTARY, (2005, 1, 1_000_000))
    average, provisional, tables = revalued_average(months, params, date(2026, 5, 1))
    assert average == round((Decimal("5.81") + Decimal("2.29")) * 1_000_000 / 2)
    assert not provisional
    assert len(tables) == 2
    # A salary year after the table's last year counts at 1.00 and makes the figure provisional.
    later = _months(Scheme.COMPULSORY, (2027, 1, 1_000_000))
    assert revalued_average(later, params, date(2026, 5, 1)) == (1_000_000, True, tables[:1])


def test_one_time_amount_worked_example_5(params):
    rule = params.value_on("one_time_payment", date(2027, 1, 1))
    months = [ContributionMonth(Month(2010, 1).plus(i), Scheme.COMPULSORY, 8_000_000) for i in range(16 * 12)]
    assert _one_time_amount(months, 8_000_000, rule, params) == (240_000_000, ())


def test_one_time_amount_carries_leftover_pre_2014_months(params):
    rule = params.value_on("one_time_payment", date(2027, 1, 1))
    # 2012-04 .. 2013-12 = 21 months before 2014 (1 year + 9 carried), 2014-01 .. 2014-03 = 3 months after.
    months = [ContributionMonth(Month(2012, 4).plus(i), Scheme.COMPULSORY, 1_000_000) for i in range(24)]
    amount, _ = _one_time_amount(months, 1_000_000, rule, params)
    assert amount == 1_500_000 + 2 * 1_000_000  # 1 year x 1.5 + (9 + 3 = 12 months) x 2


def test_one_time_amount_only_before_2014(params):
    rule = params.value_on("one_time_payment", date(2027, 1, 1))
    months = [ContributionMonth(Month(2010, 1).plus(i), Scheme.COMPULSORY, 1_000_000) for i in range(15)]
    amount, _ = _one_time_amount(months, 1_000_000, rule, params)
    assert amount == 2_250_000  # 1y3m -> 1.5 years x 1.5 months


@pytest.mark.parametrize(
    ("scheme", "months", "salary", "expected"),
    [
        (Scheme.COMPULSORY, 3, 5_000_000, 3_300_000),  # 22 % x 15,000,000 (below the 2-month cap)
        (Scheme.VOLUNTARY, 11, 5_000_000, 10_000_000),  # 22 % x 55,000,000 = 12,100,000, capped at 2 x 5,000,000
    ],
)
def test_one_time_amount_under_a_year(params, scheme, months, salary, expected):
    rule = params.value_on("one_time_payment", date(2027, 1, 1))
    history = [ContributionMonth(Month(2026, 1).plus(i), scheme, salary) for i in range(months)]
    amount, rows = _one_time_amount(history, salary, rule, params)
    assert amount == expected
    assert rows


def test_custom_bracket_value_shape():
    schedule = ParameterValue(
        "pension_rate_schedule",
        {"male": ({"from_years": 15, "base_percent": 40, "per_year_percent": 1},), "max_percent": 75},
        "v",
        "s",
        date(2025, 7, 1),
        None,
        "C",
    )
    assert pension_rate_percent(Sex.MALE, 180, 15, schedule) == 40


# --- Issue 16 item 3: buying the missing months at retirement age -----------------------------------------------


def _ending(months: int, last: str = "2026-08", scheme: str = "compulsory"):
    end = Month.parse(last)
    return period(str(end.plus(1 - months)), last, scheme=scheme)


@pytest.mark.parametrize(
    ("missing", "scheme", "top_up", "cost", "with_support"),
    [
        # Compulsory member missing at most 6 months: the lump sum of Art. 33(7).
        (3, "compulsory", True, None, None),
        (6, "compulsory", True, None, None),
        # Voluntary member, or anyone missing 7-60 months: voluntary lump sum, Decree 159/2025 Art. 7, at the
        # lowest income (1,500,000 x 22 % = 330,000 a month), less the State's 20 % (66,000 a month).
        (3, "voluntary", False, 990_000, 792_000),
        (7, "compulsory", False, 2_310_000, 1_848_000),
        (16, "compulsory", False, 5_280_000, 4_224_000),
        (60, "voluntary", False, 19_800_000, 15_840_000),
        (61, "compulsory", False, None, None),  # more than 60: only the one-time payment or the allowance
    ],
)
def test_missing_months_at_retirement_age(params, missing, scheme, top_up, cost, with_support):
    history = facts("female", "1960-03-03", _ending(180 - missing, scheme=scheme))
    decision = check_old_age(history, params, AS_OF)
    assert decision.months_missing == missing
    codes = {r.code: r for r in decision.reasons}
    assert ("top_up_missing_months" in codes) is top_up
    if cost is None:
        assert "voluntary_top_up" not in codes
    else:
        figures = codes["voluntary_top_up"].figures
        assert (figures["cost_vnd"], figures["cost_with_support_vnd"]) == (cost, with_support)
        assert (figures["per_month_vnd"], figures["support_per_month_vnd"]) == (330_000, 66_000)
        assert figures["most_support_per_month_vnd"] == 165_000  # poor households: 50 %
        assert figures["income_unconfirmed"] is True  # the 1,500,000 floor is still marked M
        assert "Decree 159/2025/NĐ-CP Art. 7" in codes["voluntary_top_up"].law
    assert codes["one_time_payment"].met  # stopped in 08/2026: withdrawal stays an option
    assert "monthly_allowance_option" in codes


def test_no_lump_sum_before_retirement_age(params):
    decision = check_old_age(facts("female", "1975-03-03", _ending(170)), params, AS_OF)
    codes = {r.code for r in decision.reasons}
    assert not codes & {"top_up_missing_months", "voluntary_top_up", "monthly_allowance_option"}


def test_no_monthly_allowance_at_the_social_pension_age(params):
    decision = check_old_age(facts("female", "1950-03-03", _ending(100)), params, AS_OF)
    assert "monthly_allowance_option" not in {r.code for r in decision.reasons}


def test_no_voluntary_lump_sum_or_allowance_under_law_58(params):
    decision = check_old_age(facts("female", "1960-03-03", _ending(170, last="2025-03")), params, date(2025, 6, 1))
    codes = {r.code for r in decision.reasons}
    assert not codes & {"voluntary_top_up", "monthly_allowance_option", "top_up_missing_months"}


# --- Issue 16 item 6: the minimum pension is only for the groups of Art. 141(11) --------------------------------


@pytest.mark.parametrize(
    ("group", "minimum"),
    [("a", True), ("b", True), ("đ", True), ("i", True), ("k", False), ("l", False), ("m", False), ("n", False)],
)
def test_minimum_pension_only_for_the_groups_of_art_141_11(params, group, minimum):
    low = period("2001-01", "2026-10", 1_000_000)
    history = facts("male", "1960-01-01", replace(low, group=group))
    decision = check_old_age(history, params, AS_OF)
    assert decision.minimum_pension_applied is minimum
    assert ("minimum_pension" in {r.code for r in decision.reasons}) is minimum


# --- Issue 16 item 4: months on the State's salary scale (Art. 72(1), (3), 73(1)) -------------------------------


def _state_career(coefficient: int, first: str = "2000-01"):
    """A state-scale salary of `coefficient` x the base salary of each month, 2019-07 to 2026-10."""
    return (
        period(first, "2019-06", 3_000_000, sector="state"),
        period("2019-07", "2023-06", coefficient * 1_490_000, sector="state"),
        period("2023-07", "2024-06", coefficient * 1_800_000, sector="state"),
        period("2024-07", "2026-06", coefficient * 2_340_000, sector="state"),
        period("2026-07", "2026-10", coefficient * 2_530_000, sector="state"),
    )


@pytest.mark.parametrize(
    ("first", "average"),
    [
        # Joined 01/2000 (before 2001): the last 6 years, 11/2020-10/2026, each revalued to the reference level at
        # retirement (2,530,000): 4 x 2,530,000 whatever the base salary of the month.
        ("2000-01", 10_120_000),
        ("1994-01", 10_120_000),  # before 1995: the last 5 years
        ("2010-01", None),  # 2007-2015: the last 10 years, 11/2016-10/2026 (computed below)
    ],
)
def test_state_scale_average_of_the_last_years_revalued_to_the_reference_level(params, first, average):
    history = facts("female", "1970-03-03", *_state_career(4, first))
    decision = check_old_age(history, params, AS_OF)
    if first == "2010-01":
        # ...but 11/2016-06/2019 at 3,000,000 are in the last 10 years too: 32 months at 3,000,000 x 2,530,000 /
        # the base salary of the month (1,210,000 to 06/2017, 1,300,000 to 06/2018, 1,390,000 to 06/2019).
        early = [3_000_000 * 2_530_000 / b for b in [1_210_000] * 8 + [1_300_000] * 12 + [1_390_000] * 12]
        average = round((sum(early) + 88 * 10_120_000) / 120)
    assert decision.average_salary == average
    estimate = next(r for r in decision.reasons if r.code == "pension_estimate")
    assert "Art. 72(1)" in estimate.law


def test_the_issue_worked_state_pension(params):
    # 26y10m on the State's scale, joined 01/2000: 69 % x 10,120,000 = 6,982,800 (private pay: table average).
    state = check_old_age(facts("female", "1970-03-03", *_state_career(4)), params, AS_OF)
    assert (state.pension_rate_percent, state.estimated_monthly_pension) == (Decimal(69), 6_982_800)
    private = check_old_age(
        facts("female", "1970-03-03", *(replace(p, sector=Sector.PRIVATE) for p in _state_career(4))), params, AS_OF
    )
    assert private.average_salary != state.average_salary


def test_joined_from_2016_state_months_use_the_table(params):
    # Joined 2017: 15 years (all 118 months), revalued by the CPI table like employer-set pay (Art. 73(1)(b)).
    months = (period("2017-01", "2026-10", 9_000_000, sector="state"),)
    state = check_old_age(facts("female", "1970-03-03", *months), params, AS_OF)
    private = check_old_age(facts("female", "1970-03-03", replace(months[0], sector=Sector.PRIVATE)), params, AS_OF)
    assert state.average_salary == private.average_salary


def test_mixed_career_weighs_the_state_average_by_its_months(params):
    # Art. 72(3): (state average x state months + each private month revalued) / all months.
    private_part = period("2000-01", "2009-12", 5_000_000)
    state_part = period("2010-01", "2026-10", 4 * 2_530_000, sector="state")
    decision = check_old_age(facts("female", "1970-03-03", private_part, state_part), params, AS_OF)
    table = params.value_nearest("revaluation_coefficients", date(2027, 8, 1), key="compulsory")[0].value["by_year"]
    private_total = sum(5_000_000 * Decimal(str(table[str(year)])) * 12 for year in range(2000, 2010))
    # The last 6 years of state months, 11/2020-10/2026, at 10,120,000 revalued by 2,530,000 / the base salary.
    bases = [1_490_000] * 32 + [1_800_000] * 12 + [2_340_000] * 24 + [2_530_000] * 4
    state_average = sum(Decimal(10_120_000) * 2_530_000 / b for b in bases) / 72
    expected = (private_total + state_average * 202) / 322
    assert abs(decision.average_salary - expected) < 1


def test_state_months_joined_from_2025_average_the_whole_career(params):
    months = ContributionHistory.from_periods([period("2025-01", "2026-10", 9_000_000, sector="state")]).months
    private = ContributionHistory.from_periods([period("2025-01", "2026-10", 9_000_000)]).months
    settle = date(2027, 1, 1)
    assert revalued_average(months, params, settle)[0] == revalued_average(private, params, settle)[0]


def test_state_months_before_any_base_salary_use_the_table(params):
    # Left in 12/1994 after 5 years: the last 5 years include 1990-03/1993, before the first base-salary row.
    months = ContributionHistory.from_periods([period("1990-01", "1994-12", 200_000, sector="state")]).months
    average, _provisional, rows = revalued_average(months, params, date(2026, 12, 1))
    table = params.value_on("revaluation_coefficients", date(2026, 12, 1), key="compulsory").value
    before = Decimal(str(table["before_first_year"]))
    early = 39 * 200_000 * before  # 01/1990-03/1993: by the table
    later = 21 * Decimal(200_000) * 2_530_000 / 120_000  # 04/1993-12/1994: to the reference level
    assert average == round((early + later) / 60)
    assert {r.name for r in rows} >= {"state_scale_average", "reference_level"}


def test_state_months_without_an_averaging_rule_count_as_they_are(params):
    months = ContributionHistory.from_periods([period("2010-01", "2014-12", 5_000_000, sector="state")]).months
    private = ContributionHistory.from_periods([period("2010-01", "2014-12", 5_000_000)]).months
    settle = date(2015, 6, 1)  # before the first state_scale_average row
    assert revalued_average(months, params, settle) == revalued_average(private, params, settle)
