"""Payment deadlines and late-payment interest (Law 41/2024 Art. 34(4), 40, 41)."""

from __future__ import annotations

from datetime import date

import pytest

from benefits.rules.arrears import late_interest, payment_deadline
from benefits.rules.money import Month
from benefits.rules.params import ParameterRow, ParameterSet

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("month", "deadline"),
    [
        ("2026-01", date(2026, 2, 28)),
        ("2028-01", date(2028, 2, 29)),  # leap year
        ("2026-11", date(2026, 12, 31)),
        ("2026-12", date(2027, 1, 31)),  # year end
        ("2026-07", date(2026, 8, 31)),
    ],
)
def test_payment_deadline_is_the_last_day_of_the_next_month(month, deadline):
    assert payment_deadline(Month.parse(month)) == deadline


def test_interest_is_0_03_percent_a_day_after_the_deadline(params):
    # August 2026 is due by 30/09/2026; on 30/10/2026 it is 30 days late: 10,000,000 × 0.0003 × 30 = 90,000.
    result = late_interest(Month.parse("2026-08"), 10_000_000, as_of=date(2026, 10, 30), params=params)
    assert (result.deadline, result.days_late, result.days_charged, result.interest) == (
        date(2026, 9, 30),
        30,
        30,
        90_000,
    )
    assert result.versions == ("late_payment_interest[daily_rate]@2025-07-01",)


def test_no_interest_on_or_before_the_deadline(params):
    for as_of in (date(2026, 9, 1), date(2026, 9, 30)):
        result = late_interest(Month.parse("2026-08"), 10_000_000, as_of=as_of, params=params)
        assert (result.days_late, result.days_charged, result.interest, result.versions) == (0, 0, 0, ())


def test_days_before_the_2024_law_are_not_charged(params):
    # January 2025 was due by 28/02/2025; the 0.03 % rate exists from 01/07/2025.
    result = late_interest(Month.parse("2025-01"), 1_000_000, as_of=date(2025, 7, 10), params=params)
    assert result.days_late == (date(2025, 7, 10) - date(2025, 2, 28)).days
    assert result.days_charged == 10
    assert result.interest == 3_000


def test_interest_rounds_once_half_up_and_follows_rate_changes():
    rows = (
        ParameterRow("late_payment_interest", date(2026, 1, 1), 0.0003, "test", date(2026, 1, 31), "daily_rate"),
        ParameterRow("late_payment_interest", date(2026, 2, 1), 0.0005, "test", None, "daily_rate"),
    )
    params = ParameterSet(rows)
    # Nov 2025 due by 31/12/2025; as of 02/02/2026: 31 days at 0.03 % + 2 days at 0.05 % on 1,234,567.
    result = late_interest(Month.parse("2025-11"), 1_234_567, as_of=date(2026, 2, 2), params=params)
    assert result.days_charged == 33
    assert result.interest == round(1_234_567 * (0.0003 * 31 + 0.0005 * 2))
    assert len(result.versions) == 2


def test_a_negative_amount_is_refused(params):
    with pytest.raises(ValueError):
        late_interest(Month.parse("2026-01"), -1, as_of=date(2026, 5, 1), params=params)


def test_parameter_history_is_oldest_first_and_empty_for_unknown_names(params):
    history = params.history("late_payment_interest", "daily_rate")
    assert [value.effective_from for value in history] == [date(2025, 7, 1)]
    assert params.history("no_such_parameter") == ()
