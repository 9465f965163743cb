from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from benefits.rules.money import Month, add_months, round_vnd

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (5, 5),
        (Decimal("2083333.333"), 2083333),
        (Decimal("2083333.5"), 2083334),
        (Decimal("0.5"), 1),
        (Decimal("-0.5"), -1),
        (Decimal("1.49999"), 1),
        (Fraction(1, 2), 1),
        (Fraction(50_000_000, 3), 16_666_667),
        (Fraction(-5, 2), -3),
        (Fraction(-7, 3), -2),
    ],
)
def test_round_vnd_half_up(amount, expected):
    assert round_vnd(amount) == expected


@pytest.mark.parametrize("bad", [1.5, True, "3", None])
def test_round_vnd_refuses_float_and_others(bad):
    with pytest.raises(TypeError):
        round_vnd(bad)


def test_month_parse_and_text():
    month = Month.parse("2026-07")
    assert (month.year, month.month) == (2026, 7)
    assert str(month) == "2026-07"
    assert month.display() == "07/2026"
    assert Month.parse(" 2008-11 ") == Month(2008, 11)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-01", "2026/01", "2026-1"])
def test_month_parse_rejects(text):
    with pytest.raises(ValueError):
        Month.parse(text)


def test_month_rejects_bad_year():
    with pytest.raises(ValueError, match="year"):
        Month(0, 1)


def test_month_arithmetic_and_order():
    assert Month(2026, 11).plus(3) == Month(2027, 2)
    assert Month(2026, 1).plus(-1) == Month(2025, 12)
    assert Month(2027, 2).minus(Month(2026, 11)) == 3
    assert Month.from_index(Month(2024, 2).index) == Month(2024, 2)
    assert Month(2025, 12) < Month(2026, 1) < Month(2026, 2)
    assert sorted([Month(2026, 2), Month(2025, 12)]) == [Month(2025, 12), Month(2026, 2)]
    assert Month.of(date(2026, 11, 25)) == Month(2026, 11)
    assert Month(2028, 2).first_day() == date(2028, 2, 1)
    assert Month(2028, 2).last_day() == date(2028, 2, 29)
    assert Month(2026, 12).last_day() == date(2026, 12, 31)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 10, 31), 3, date(2027, 1, 31)),
        (date(2026, 9, 30), 3, date(2026, 12, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
    ],
)
def test_add_months_clamps_day(day, months, expected):
    assert add_months(day, months) == expected
