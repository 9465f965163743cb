"""Issue 16, item 2: every salary counts at most at 20 x the reference level (Law 41/2024/QH15 Art. 31(1))."""

from __future__ import annotations

from datetime import date

import pytest

from benefits.rules.ceiling import cap_months, contribution_basis, social_insurance_ceiling, unemployment_ceiling
from benefits.rules.facts import ContributionHistory, MaternityEvent, Region, Scheme, SicknessEvent
from benefits.rules.maternity import check_maternity
from benefits.rules.money import Month
from benefits.rules.old_age import check_old_age
from benefits.rules.sickness import check_sickness

from .conftest import AS_OF, facts, period

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("scheme", "day", "ceiling"),
    [
        ("compulsory", date(2026, 6, 30), 46_800_000),  # 20 x 2,340,000
        ("compulsory", date(2026, 7, 1), 50_600_000),  # 20 x 2,530,000
        ("voluntary", date(2026, 7, 1), 50_600_000),
        ("compulsory", date(2024, 6, 30), 36_000_000),  # 20 x the base salary 1,800,000 (Law 58 Art. 89(3))
        ("compulsory", date(2010, 1, 1), 13_000_000),  # 20 x the general minimum wage 650,000 (Law 71)
    ],
)
def test_social_insurance_ceiling_by_month(params, scheme, day, ceiling):
    found = social_insurance_ceiling(params, Scheme(scheme), day)
    assert found is not None
    assert found.amount == ceiling
    assert contribution_basis(params, 80_000_000, Scheme(scheme), day) == ceiling
    assert contribution_basis(params, 8_000_000, Scheme(scheme), day) == 8_000_000


def test_no_ceiling_before_the_first_row(params):
    assert social_insurance_ceiling(params, Scheme.COMPULSORY, date(2006, 12, 31)) is None
    assert social_insurance_ceiling(params, Scheme.VOLUNTARY, date(2015, 12, 31)) is None
    assert contribution_basis(params, 80_000_000, Scheme.COMPULSORY, date(2006, 1, 1)) == 80_000_000
    assert unemployment_ceiling(params, Region.I, date(2014, 12, 1)) is None


@pytest.mark.parametrize(
    ("region", "ceiling"), [("I", 106_200_000), ("II", 94_600_000), ("III", 82_800_000), ("IV", 74_000_000)]
)
def test_unemployment_ceiling_by_region_from_2026(params, region, ceiling):
    found = unemployment_ceiling(params, Region(region), date(2026, 1, 1))
    assert found is not None and found.amount == ceiling


def test_history_capped_month_by_month(params):
    history = ContributionHistory.from_periods([period("2026-05", "2026-08", 80_000_000)])
    capped = cap_months(history, params)
    assert [m.salary for m in capped.history.months] == [46_800_000, 46_800_000, 50_600_000, 50_600_000]
    assert len(capped.capped) == 4
    assert {row.name for row in capped.rows([Month(2026, 5)])} == {"contribution_ceiling", "reference_level"}


@pytest.mark.parametrize(
    ("birth", "salary", "monthly"),
    [
        # The case: 80,000,000 a month no longer gives 80,000,000 of maternity benefit.
        ("2026-11-20", 80_000_000, 49_333_333),  # six months 05-10/2026: 2 x 46,800,000 + 4 x 50,600,000
        ("2026-05-20", 80_000_000, 46_800_000),  # 11/2025-04/2026, all at 46,800,000
        ("2026-05-20", 40_000_000, 40_000_000),  # under the ceiling: unchanged
    ],
)
def test_maternity_benefit_on_capped_salaries(params, birth, salary, monthly):
    history = facts("female", "1994-04-04", period("2024-01", "2026-10", salary))
    decision = check_maternity(history, params, AS_OF, MaternityEvent(date.fromisoformat(birth)))
    assert decision.eligible
    assert decision.monthly_benefit == monthly
    ceiling = [r for r in decision.reasons if r.code == "salary_ceiling"]
    assert bool(ceiling) is (salary > monthly)


def test_maternity_average_mixes_the_two_ceilings(params):
    # Birth 10/08/2026: window 08/2025-07/2026, six latest months 02-07/2026: 5 x 46.8M + 1 x 50.6M.
    history = facts("female", "1994-04-04", period("2024-01", "2026-10", 80_000_000))
    decision = check_maternity(history, params, AS_OF, MaternityEvent(date(2026, 8, 10)))
    assert decision.monthly_benefit == (5 * 46_800_000 + 50_600_000) // 6 == 47_433_333


def test_sickness_daily_amount_on_the_capped_salary(params):
    history = facts("male", "1990-01-01", period("2024-01", "2026-10", 80_000_000))
    decision = check_sickness(history, params, AS_OF, SicknessEvent(date(2026, 11, 3)))
    assert decision.basis_salary == 50_600_000
    assert decision.daily_amount == 1_581_250  # 75 % x 50,600,000 / 24
    assert any(r.code == "salary_ceiling" for r in decision.reasons)


def test_pension_average_and_one_time_payment_on_capped_salaries(params):
    high = facts("female", "1970-03-03", period("2011-01", "2026-10", 200_000_000))
    capped = facts("female", "1970-03-03", period("2011-01", "2026-10", 1_000_000_000))
    a = check_old_age(high, params, AS_OF)
    b = check_old_age(capped, params, AS_OF)
    # Every month is above its ceiling in both, so both averages are the average of the ceilings.
    assert a.average_salary == b.average_salary
    assert a.estimated_monthly_pension == b.estimated_monthly_pension
    assert any(r.code == "salary_ceiling" for r in a.reasons)


def test_paternity_leave_on_the_capped_salary(params):
    father = facts("male", "1990-02-02", period("2026-02", "2026-10", 80_000_000))
    decision = check_maternity(father, params, AS_OF, MaternityEvent(date(2026, 11, 10)))
    assert decision.average_salary == 49_333_333  # 05-10/2026: 2 x 46,800,000 + 4 x 50,600,000, / 6
    assert any(r.code == "salary_ceiling" for r in decision.reasons)
