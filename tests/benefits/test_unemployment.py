from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from benefits.rules.facts import ContributionHistory, UnemploymentEvent
from benefits.rules.money import Month
from benefits.rules.unemployment import benefit_duration_months, check_unemployment, months_used_by_awards

from .conftest import AS_OF, facts, period

pytestmark = pytest.mark.unit


def worker(*periods):
    return facts("male", "1985-03-03", *periods)


def ended(day: str, lawful: bool = True, contract: int | None = 36) -> UnemploymentEvent:
    return UnemploymentEvent(date.fromisoformat(day), lawful, contract)


@pytest.mark.parametrize(
    ("total", "months"),
    [(12, 3), (35, 3), (36, 3), (47, 3), (48, 4), (50, 4), (141, 11), (143, 11), (144, 12), (216, 12)],
)
def test_duration_table(params, total, months):
    assert benefit_duration_months(total, params.value_on("unemployment_benefit", AS_OF)) == months


@pytest.mark.parametrize(
    ("start", "contract", "window", "in_window", "eligible"),
    [
        ("2025-11", 36, 24, 12, True),  # exactly 12 in 24
        ("2025-12", 36, 24, 11, False),
        ("2025-11", None, 24, 12, True),  # indefinite contract
        ("2025-11", 12, 24, 12, True),
        ("2025-11", 11, 36, 12, True),  # contract under 12 months: 36-month window
    ],
)
def test_months_in_window(params, start, contract, window, in_window, eligible):
    decision = check_unemployment(
        worker(period(start, "2026-10")), params, AS_OF, ended("2026-10-31", contract=contract)
    )
    assert decision.window_last.minus(decision.window_first) + 1 == window
    assert decision.months_in_window == in_window
    assert decision.eligible is eligible
    assert decision.benefit_months == (3 if eligible else 0)


def test_short_contract_counts_older_months(params):
    history = worker(period("2023-11", "2024-10"), period("2026-09", "2026-10"))
    long_contract = check_unemployment(history, params, AS_OF, ended("2026-10-31", contract=36))
    short_contract = check_unemployment(history, params, AS_OF, ended("2026-10-31", contract=6))
    assert (long_contract.months_in_window, long_contract.eligible) == (2, False)
    assert (short_contract.months_in_window, short_contract.eligible) == (14, True)
    assert "under 12 months" in next(
        r.detail for r in short_contract.reasons if r.code == "contribution_months_in_window"
    )


def test_voluntary_months_do_not_count(params):
    decision = check_unemployment(
        worker(period("2020-01", "2026-10", scheme="voluntary")), params, AS_OF, ended("2026-10-31")
    )
    assert decision.months_in_window == 0
    assert not decision.eligible
    assert decision.monthly_benefit == 0


def test_unlawful_quitting_excluded(params):
    decision = check_unemployment(
        worker(period("2020-01", "2026-09")), params, AS_OF, ended("2026-09-30", lawful=False)
    )
    assert not decision.eligible
    assert (decision.monthly_benefit, decision.benefit_months, decision.cap) == (0, 0, 0)
    assert decision.reasons[0].code == "lawful_termination" and not decision.reasons[0].met


@pytest.mark.parametrize(
    ("termination", "pension_eligible"),
    [
        ("2026-04-29", False),  # the retirement month (04/2026) has not ended
        ("2026-04-30", True),  # last day of the retirement month
        ("2026-06-30", True),
    ],
)
def test_pension_eligible_excluded_from_2026(params, termination, pension_eligible):
    history = facts("male", "1964-10-10", period("2000-01", "2026-12"))  # 61y6m reached 04/2026
    decision = check_unemployment(history, params, date(2026, 7, 15), ended(termination))
    assert decision.pension_eligible is pension_eligible
    assert decision.eligible is not pension_eligible
    reason = next(r for r in decision.reasons if r.code == "not_pension_eligible")
    assert reason.met is not pension_eligible


def test_pension_age_without_years_is_not_excluded(params):
    history = facts("male", "1960-01-01", period("2020-01", "2026-09"))
    decision = check_unemployment(history, params, AS_OF, ended("2026-09-30"))
    assert not decision.pension_eligible
    assert decision.eligible


def test_law_38_for_terminations_before_2026(params):
    history = facts("male", "1960-01-01", period("2000-01", "2025-10", 50_000_000))
    decision = check_unemployment(history, params, date(2025, 12, 1), ended("2025-10-31"))
    assert decision.eligible  # Law 38 only excluded people already receiving a pension
    assert not any(r.code == "not_pension_eligible" for r in decision.reasons)
    assert decision.cap == 24_800_000  # 5 x 4,960,000 (Decree 74/2024)
    assert decision.monthly_benefit == 24_800_000
    assert decision.reasons[0].law.startswith("Law 38/2013/QH13")


@pytest.mark.parametrize(
    ("salary", "region", "monthly", "cap"),
    [
        (12_000_000, "I", 7_200_000, 26_550_000),
        (44_250_000, "I", 26_550_000, 26_550_000),  # exactly at the cap
        (50_000_000, "I", 26_550_000, 26_550_000),
        (50_000_000, "II", 23_650_000, 23_650_000),
        (50_000_000, "III", 20_700_000, 20_700_000),
        (50_000_000, "IV", 18_500_000, 18_500_000),
    ],
)
def test_amount_and_cap_by_region(params, salary, region, monthly, cap):
    decision = check_unemployment(
        worker(period("2022-07", "2026-08", salary, region=region)), params, AS_OF, ended("2026-08-31")
    )
    assert decision.monthly_benefit == monthly
    assert decision.cap == cap
    assert decision.benefit_months == 4  # 50 months
    amount = next(r for r in decision.reasons if r.code == "benefit_amount")
    assert amount.detail.endswith("capped.") is (salary * 6 // 10 > cap)


def test_average_of_last_six_months_and_region_of_last_month(params):
    history = worker(
        period("2024-01", "2026-06", 10_000_000, region="IV"), period("2026-07", "2026-09", 13_000_000, region="II")
    )
    decision = check_unemployment(history, params, AS_OF, ended("2026-09-30"))
    assert decision.average_salary == 11_500_000
    assert decision.monthly_benefit == 6_900_000
    assert decision.cap == 23_650_000
    amount = next(r for r in decision.reasons if r.code == "benefit_amount")
    assert amount.figures == {
        "monthly_vnd": 6_900_000,
        "rate_percent": Decimal(60),
        "average_vnd": 11_500_000,
        "average_months": 6,
        "uncapped_vnd": 6_900_000,
        "cap_vnd": 23_650_000,
        "cap_multiple": Decimal(5),
        "minimum_wage_vnd": 4_730_000,
        "region": "II",
        "capped": False,
    }


def test_apply_by_and_late_filing(params):
    history = worker(period("2020-01", "2026-10"))
    on_time = check_unemployment(history, params, date(2027, 1, 31), ended("2026-10-31"))
    late = check_unemployment(history, params, date(2027, 2, 1), ended("2026-10-31"))
    assert on_time.apply_by == late.apply_by == date(2027, 1, 31)
    assert on_time.eligible and not late.eligible
    assert "has passed" in late.reasons[-1].detail


def test_future_termination_says_how_to_qualify(params):
    decision = check_unemployment(worker(period("2026-01", "2026-11")), params, AS_OF, ended("2027-06-30"))
    assert not decision.eligible
    assert decision.window_first == Month(2025, 7)
    detail = next(r for r in decision.reasons if r.code == "contribution_months_in_window").detail
    assert "up to 12/2026 would qualify" in detail


def test_future_termination_too_soon(params):
    decision = check_unemployment(worker(period("2026-06", "2026-11")), params, AS_OF, ended("2026-12-31"))
    detail = next(r for r in decision.reasons if r.code == "contribution_months_in_window").detail
    assert "would qualify" not in detail
    assert decision.total_months == 6


# --- Issue 16, item 1: only unemployment-insurance months, and not those an earlier benefit used ---------------


def _ended_2026(used: int = 0) -> UnemploymentEvent:
    return UnemploymentEvent(date(2026, 10, 31), True, None, months_used_before=used)


@pytest.mark.parametrize(
    ("periods", "used", "total", "in_window", "eligible", "months"),
    [
        # The case: 20 years of compulsory SI, 26 months of it after 2009: 3 months, not 12.
        ((period("1988-11", "2006-12"), period("2024-09", "2026-10")), 0, 26, 24, True, 3),
        # A career straddling 01/2009 counts only from 01/2009.
        ((period("2000-01", "2026-10"),), 0, 214, 24, True, 12),
        ((period("2005-01", "2013-12"), period("2024-09", "2026-10")), 0, 86, 24, True, 7),
        # A civil-service post outside the scheme does not count (unemployment_insured=False).
        ((period("2009-01", "2024-08", unemployment_insured=False), period("2024-09", "2026-10")), 0, 26, 24, True, 3),
        ((period("2015-01", "2026-10", unemployment_insured=False),), 0, 0, 0, False, 0),
        # true before the scheme existed still does not count.
        ((period("2005-01", "2008-12", unemployment_insured=True), period("2024-09", "2026-10")), 0, 26, 24, True, 3),
        # Months an earlier benefit used are the oldest; they count neither for the window nor the duration.
        ((period("2014-11", "2026-10"),), 0, 144, 24, True, 12),
        ((period("2014-11", "2026-10"),), 48, 96, 24, True, 8),
        ((period("2022-09", "2026-10"),), 36, 14, 14, True, 3),
        ((period("2022-09", "2026-10"),), 40, 10, 10, False, 0),
        ((period("2022-09", "2026-10"),), 500, 0, 0, False, 0),
    ],
)
def test_only_unused_unemployment_insurance_months_count(params, periods, used, total, in_window, eligible, months):
    decision = check_unemployment(facts("male", "1970-03-03", *periods), params, AS_OF, _ended_2026(used))
    assert (decision.total_months, decision.months_in_window) == (total, in_window)
    assert (decision.eligible, decision.benefit_months) == (eligible, months)
    assert decision.months_used_before == min(used, 50)  # never more than the months there are


def test_duration_reason_says_what_did_not_count(params):
    history = facts("male", "1970-03-03", period("1988-11", "2006-12"), period("2022-09", "2026-10"))
    decision = check_unemployment(history, params, AS_OF, _ended_2026(12))
    reason = next(r for r in decision.reasons if r.code == "benefit_duration")
    assert reason.figures["not_counted_months"] == 218
    assert reason.figures["used_before_months"] == 12
    assert reason.figures["total_months"] == 38
    assert "Art. 35(1)" in reason.law
    assert decision.benefit_months == 3
    assert any(p.name == "unemployment_insured_months" for p in decision.parameters)


def test_pension_exclusion_still_counts_every_social_insurance_month(params):
    # 26 UI months but 20 years of SI at 62: already eligible for a pension, so no benefit (Art. 38(1)(a)).
    history = facts("male", "1964-01-10", period("1988-11", "2006-12"), period("2024-09", "2026-10"))
    decision = check_unemployment(history, params, AS_OF, _ended_2026())
    assert decision.pension_eligible
    assert not decision.eligible


def test_negative_months_used_is_refused():
    with pytest.raises(ValueError, match="months_used_before"):
        UnemploymentEvent(date(2026, 10, 31), True, None, months_used_before=-1)


@pytest.mark.parametrize(
    ("salary", "region", "average", "monthly"),
    [
        # The UI ceiling is 20 x the regional minimum wage of each month (Law 74/2025 Art. 34(2)).
        (120_000_000, "I", 106_200_000, 26_550_000),
        (100_000_000, "IV", 74_000_000, 18_500_000),
        (60_000_000, "IV", 60_000_000, 18_500_000),
    ],
)
def test_unemployment_average_is_capped_at_twenty_minimum_wages(params, salary, region, average, monthly):
    decision = check_unemployment(
        worker(period("2026-01", "2026-10", salary, region=region), period("2025-01", "2025-12", 5_000_000)),
        params,
        AS_OF,
        ended("2026-10-31"),
    )
    assert decision.average_salary == average
    assert decision.monthly_benefit == monthly
    capped = [r for r in decision.reasons if r.code == "salary_ceiling"]
    assert bool(capped) is (salary > average)
    if capped:
        assert capped[0].figures["basis"] == "unemployment"
        assert capped[0].law == "Law 74/2025/QH15 Art. 34(2)"


@pytest.mark.parametrize(
    ("awards", "used"),
    [
        ((), 0),
        (((date(2020, 1, 15), 3),), 36),  # 3 months of benefit used 36 months
        (((date(2020, 1, 15), 5),), 60),  # 36 + 2 x 12
        (((date(2018, 1, 15), 3),), 36),
        (((date(2016, 6, 1), 3),), 18),  # only 18 UI months before it: those
        (((date(2016, 6, 1), 3), (date(2020, 1, 15), 2)), 18 + 24),  # a shortened award: 12 per month
        (((date(2026, 11, 1), 3),), 0),  # the claim for this job itself does not count
    ],
)
def test_months_used_by_earlier_awards(params, awards, used):
    history = ContributionHistory.from_periods([period("2014-12", "2026-10")])
    assert months_used_by_awards(history, params, awards, date(2026, 10, 31)) == used


@pytest.mark.parametrize(
    ("awards", "used"),
    [
        # Before the first unemployment_benefit rule (2015), no month was kept: 01/2009-05/2013, all 53 used.
        (((date(2013, 6, 1), 3),), 53),
        (((date(2013, 6, 1), 3), (date(2020, 1, 15), 3)), 53 + 36),
        (((date(2009, 1, 1), 1),), 0),  # nothing before it to use
    ],
)
def test_months_used_by_an_award_before_2015(params, awards, used):
    history = ContributionHistory.from_periods([period("2008-01", "2026-10")])
    assert months_used_by_awards(history, params, awards, date(2026, 10, 31)) == used
