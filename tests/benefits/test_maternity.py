from __future__ import annotations

from datetime import date

import pytest

from benefits.rules.facts import MaternityEvent
from benefits.rules.maternity import check_maternity, paternity_days
from benefits.rules.money import Month

from .conftest import AS_OF, facts, period

pytestmark = pytest.mark.unit


def mother(*periods):
    return facts("female", "1994-04-04", *periods)


def father(*periods):
    return facts("male", "1990-02-02", *periods)


@pytest.mark.parametrize(
    ("birth", "periods", "window", "months", "eligible"),
    [
        # Born before the 15th: the birth month never counts.
        ("2026-08-14", [("2026-03", "2026-08")], ("2025-08", "2026-07"), 5, False),
        # Born on the 15th with the birth month paid: it counts.
        ("2026-08-15", [("2026-03", "2026-08")], ("2025-09", "2026-08"), 6, True),
        # Born after the 15th but the birth month unpaid: excluded.
        ("2026-08-20", [("2026-02", "2026-07")], ("2025-08", "2026-07"), 6, True),
        ("2026-08-20", [("2026-03", "2026-07")], ("2025-08", "2026-07"), 5, False),
        # Voluntary months never count for the compulsory condition.
        ("2026-08-20", [("2026-03", "2026-08", "voluntary")], ("2025-08", "2026-07"), 0, False),
    ],
)
def test_fifteenth_of_month_window(params, birth, periods, window, months, eligible):
    rows = [period(p[0], p[1], scheme=p[2] if len(p) > 2 else "compulsory") for p in periods]
    decision = check_maternity(mother(*rows), params, AS_OF, MaternityEvent(date.fromisoformat(birth)))
    assert (str(decision.window_first), str(decision.window_last)) == window
    assert decision.months_in_window == months
    assert decision.qualifies_compulsory is eligible


@pytest.mark.parametrize(
    ("periods", "eligible"),
    [
        ([("2024-01", "2024-09"), ("2026-05", "2026-07")], True),  # 12 in total, 3 in the window
        ([("2024-01", "2024-08"), ("2026-05", "2026-07")], False),  # only 11 in total
        ([("2024-01", "2024-12"), ("2026-06", "2026-07")], False),  # only 2 in the window
    ],
)
def test_pregnancy_rest_three_in_twelve(params, periods, eligible):
    event = MaternityEvent(date(2026, 8, 10), pregnancy_rest=True)
    decision = check_maternity(mother(*(period(a, b) for a, b in periods)), params, AS_OF, event)
    assert decision.eligible is eligible
    assert decision.reasons[0].required == "3 months"


def test_pregnancy_rest_average_uses_older_months(params):
    history = mother(period("2024-01", "2024-12", 6_000_000), period("2026-05", "2026-07", 12_000_000))
    decision = check_maternity(history, params, AS_OF, MaternityEvent(date(2026, 8, 10), pregnancy_rest=True))
    assert decision.monthly_benefit == 9_000_000  # 3 x 6M (10-12/2024) + 3 x 12M, not consecutive


def test_infertility_six_in_twenty_four(params):
    history = mother(period("2024-10", "2025-03"))
    event = MaternityEvent(date(2026, 8, 10), infertility_treatment=True)
    decision = check_maternity(history, params, AS_OF, event)
    assert decision.eligible
    assert (decision.window_first, decision.window_last) == (Month(2025, 8), Month(2026, 7))
    assert decision.months_in_window == 6
    assert "infertility" in decision.reasons[0].detail
    # Without the infertility route the same record does not qualify.
    assert not check_maternity(history, params, AS_OF, MaternityEvent(date(2026, 8, 10))).eligible


def test_infertility_route_absent_under_law_58(params):
    history = mother(period("2023-02", "2023-07"))
    event = MaternityEvent(date(2025, 3, 10), infertility_treatment=True)
    decision = check_maternity(history, params, AS_OF, event)
    assert not decision.eligible
    assert "standard rule" in decision.reasons[0].detail


@pytest.mark.parametrize(
    ("birth", "children", "order", "leave"),
    [
        ("2026-06-30", 1, 1, 6),
        ("2026-06-30", 1, 2, 6),  # second child before the Population Law: 6 months
        ("2026-07-01", 1, 2, 7),  # from 01/07/2026: 7 months
        ("2026-07-01", 1, 1, 6),
        ("2026-07-01", 1, 3, 6),
        ("2026-07-01", 2, 1, 7),  # twins as 1st and 2nd child: 6 + 1 (documented choice)
        ("2026-07-01", 3, 2, 9),  # triplets whose first is the 2nd child: 7 + 2
        ("2025-03-20", 2, 1, 7),
    ],
)
def test_leave_months(params, birth, children, order, leave):
    history = mother(period("2024-01", "2026-08"))
    event = MaternityEvent(date.fromisoformat(birth), children=children, child_order=order)
    decision = check_maternity(history, params, AS_OF, event)
    assert decision.eligible
    assert decision.leave_months == leave
    assert decision.leave_benefit == leave * decision.monthly_benefit


@pytest.mark.parametrize(
    ("birth", "children", "lump_sum"),
    [
        ("2025-03-10", 1, 4_680_000),  # Law 58: 2 x base salary 2,340,000
        ("2026-06-30", 1, 4_680_000),  # reference level 2,340,000
        ("2026-07-01", 1, 5_060_000),  # reference level 2,530,000
        ("2026-07-01", 2, 10_120_000),
    ],
)
def test_lump_sum_by_reference_level_of_birth_month(params, birth, children, lump_sum):
    history = mother(period("2024-01", "2026-08"))
    decision = check_maternity(history, params, AS_OF, MaternityEvent(date.fromisoformat(birth), children=children))
    assert decision.lump_sum == lump_sum
    figures = next(r for r in decision.reasons if r.code == "childbirth_lump_sum").figures
    assert figures["amount_vnd"] == lump_sum
    assert figures["per_child_vnd"] * children == lump_sum
    assert figures["reference_vnd"] * figures["reference_multiple"] == figures["per_child_vnd"]


def test_monthly_benefit_is_average_of_six_latest_months(params):
    history = mother(period("2025-01", "2026-04", 6_000_000), period("2026-05", "2026-10", 12_000_000))
    decision = check_maternity(history, params, AS_OF, MaternityEvent(date(2026, 11, 10)))
    assert decision.monthly_benefit == 12_000_000
    history = mother(period("2025-01", "2026-07", 6_000_000), period("2026-08", "2026-10", 12_000_000))
    decision = check_maternity(history, params, AS_OF, MaternityEvent(date(2026, 11, 10)))
    assert decision.monthly_benefit == 9_000_000


def test_future_birth_says_how_to_qualify(params):
    history = mother(period("2026-08", "2026-11"))
    decision = check_maternity(history, params, AS_OF, MaternityEvent(date(2027, 3, 10)))
    assert not decision.eligible
    assert "up to 01/2027 would qualify" in decision.reasons[0].detail
    assert decision.reasons[0].figures["qualify_by"] == Month(2027, 1)
    assert decision.reasons[0].figures["window_first"] == Month(2026, 3)


def test_future_birth_too_close_to_qualify(params):
    history = mother(period("2026-10", "2026-11"))
    decision = check_maternity(history, params, AS_OF, MaternityEvent(date(2027, 1, 10)))
    assert not decision.eligible
    assert "would qualify" not in decision.reasons[0].detail


@pytest.mark.parametrize(
    ("periods", "children", "allowance", "eligible"),
    [
        ([("2026-01", "2026-10", "voluntary")], 1, 2_000_000, True),
        ([("2026-01", "2026-10", "voluntary")], 2, 4_000_000, True),
        ([("2026-02", "2026-04", "compulsory"), ("2026-05", "2026-07", "voluntary")], 1, 2_000_000, True),
        ([("2026-06", "2026-10", "voluntary")], 1, 0, False),  # only 5 months
        ([("2025-11", "2026-04", "compulsory"), ("2026-05", "2026-10", "voluntary")], 1, 0, True),  # compulsory wins
    ],
)
def test_voluntary_maternity_allowance(params, periods, children, allowance, eligible):
    rows = [period(a, b, scheme=s) for a, b, s in periods]
    decision = check_maternity(mother(*rows), params, AS_OF, MaternityEvent(date(2026, 11, 20), children=children))
    assert decision.voluntary_allowance == allowance
    assert decision.eligible is eligible
    assert any(r.code == "voluntary_maternity_allowance" for r in decision.reasons)


def test_no_voluntary_allowance_before_law_41(params):
    history = mother(period("2024-01", "2025-05", scheme="voluntary"))
    decision = check_maternity(history, params, AS_OF, MaternityEvent(date(2025, 6, 10)))
    assert decision.voluntary_allowance == 0
    assert not decision.eligible


@pytest.mark.parametrize(
    ("birth", "children", "order", "caesarean", "premature", "days"),
    [
        ("2026-06-01", 1, 1, False, False, 5),
        ("2026-06-01", 1, 1, True, False, 7),
        ("2026-06-01", 1, 1, False, True, 7),
        ("2026-06-01", 2, 1, False, False, 10),
        ("2026-06-01", 2, 1, True, False, 14),
        ("2026-06-01", 3, 1, False, False, 13),
        ("2026-06-01", 4, 1, True, False, 20),
        ("2026-06-01", 1, 2, False, False, 5),  # before 01/07/2026
        ("2026-07-01", 1, 2, False, False, 10),  # Population Law: 10 days for a second child
        ("2026-07-01", 1, 2, True, False, 10),
        ("2026-07-01", 2, 2, True, False, 14),
        ("2026-07-01", 1, 3, False, False, 5),
    ],
)
def test_paternity_days(params, birth, children, order, caesarean, premature, days):
    birth_date = date.fromisoformat(birth)
    rule = params.value_on("paternity_leave", birth_date)
    event = MaternityEvent(birth_date, children, order, caesarean=caesarean, premature_under_32_weeks=premature)
    assert paternity_days(rule, event) == days


def test_father_paternity_leave_and_lump_sum(params):
    history = father(period("2026-02", "2026-10", 10_000_000))
    decision = check_maternity(history, params, AS_OF, MaternityEvent(date(2026, 11, 10), child_order=2))
    assert decision.eligible
    assert decision.leave_months == 0
    assert decision.leave_days == 10
    assert decision.monthly_benefit == 10_000_000
    assert decision.leave_benefit == 4_166_667
    assert decision.lump_sum == 5_060_000
    codes = {r.code: r for r in decision.reasons}
    assert "4,166,667 VND" in codes["paternity_leave"].detail
    assert "Assumes the mother does not qualify" in codes["childbirth_lump_sum_father"].detail


def test_father_no_lump_sum_when_mother_qualifies(params):
    history = father(period("2026-02", "2026-10"))
    event = MaternityEvent(date(2026, 11, 10), mother_qualifies=True, pregnancy_rest=True)
    decision = check_maternity(history, params, AS_OF, event)
    assert decision.eligible  # paternity leave
    assert decision.lump_sum == 0
    assert "she receives the lump sum" in decision.reasons[1].detail


def test_father_with_few_months_gets_leave_only(params):
    decision = check_maternity(father(period("2026-09", "2026-10")), params, AS_OF, MaternityEvent(date(2026, 11, 10)))
    assert decision.eligible
    assert decision.leave_days == 5
    assert decision.monthly_benefit == 10_000_000  # average of the months contributed (Art. 59(1))
    assert decision.lump_sum == 0


def test_father_not_insured_at_birth_gets_lump_sum_only(params):
    decision = check_maternity(father(period("2025-12", "2026-08")), params, AS_OF, MaternityEvent(date(2026, 11, 10)))
    assert decision.eligible
    assert decision.leave_days == 0
    assert decision.monthly_benefit == 0
    assert decision.leave_benefit == 0
    assert decision.lump_sum == 5_060_000
    assert "no paternity leave" in decision.reasons[0].detail


def test_father_without_insurance_not_eligible(params):
    decision = check_maternity(father(), params, AS_OF, MaternityEvent(date(2026, 11, 10)))
    assert not decision.eligible
    assert decision.average_salary == 0


@pytest.mark.parametrize(
    ("periods", "allowance"),
    [
        ([("2026-01", "2026-10", "voluntary")], 2_000_000),
        ([("2026-04", "2026-08", "voluntary"), ("2026-09", "2026-10", "compulsory")], 0),  # paternity leave wins
    ],
)
def test_father_voluntary_allowance(params, periods, allowance):
    rows = [period(a, b, scheme=s) for a, b, s in periods]
    decision = check_maternity(father(*rows), params, AS_OF, MaternityEvent(date(2026, 11, 10)))
    assert decision.voluntary_allowance == allowance
    assert decision.eligible


def test_event_validation():
    with pytest.raises(ValueError, match="children"):
        MaternityEvent(date(2026, 1, 1), children=0)
    with pytest.raises(ValueError, match="child_order"):
        MaternityEvent(date(2026, 1, 1), child_order=0)
