"""The Reason record: figures are read-only, stay out of the API dict, and keep the record hashable."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from benefits.rules.decisions import Reason, percent, plain_decimal
from benefits.rules.money import Month

pytestmark = pytest.mark.unit


def test_figures_default_to_empty_and_are_read_only():
    source = {"apply_by": date(2027, 1, 31)}
    reason = Reason("filing_deadline", True, "File by 31/01/2027.", "Art. 40", figures=source)
    source["apply_by"] = date(2030, 1, 1)  # the reason keeps its own copy
    assert reason.figures == {"apply_by": date(2027, 1, 31)}
    with pytest.raises(TypeError):
        reason.figures["apply_by"] = date(2030, 1, 1)  # type: ignore[index]
    assert Reason("x", True, "d", "l").figures == {}


def test_as_dict_is_the_api_contract_without_figures():
    reason = Reason("pension_rate", True, "d", "l", actual="43 %", figures={"rate_percent": Decimal(43)})
    assert reason.as_dict() == {"code": "pension_rate", "met": True, "detail": "d", "law": "l"}


def test_reasons_stay_hashable_and_compare_figures():
    one = Reason("x", True, "d", "l", figures={"month": Month(2026, 1)})
    same = Reason("x", True, "d", "l", figures={"month": Month(2026, 1)})
    other = Reason("x", True, "d", "l", figures={"month": Month(2026, 2)})
    assert hash(one) == hash(same)
    assert one == same
    assert one != other
    assert len({one, same}) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("43.0"), "43"), (Decimal("43.50"), "43.5"), (Decimal(100), "100"), (45, "45")],
)
def test_plain_decimal_has_no_exponent(value, expected):
    assert str(plain_decimal(value)) == expected


def test_percent_of_a_rate():
    assert str(percent(Decimal("0.75"))) == "75"
    assert str(percent(Decimal("0.6"))) == "60"
    assert str(percent(1)) == "100"


def test_parameter_use_keeps_the_rows_mark():
    """Issue 16 item 7: a decision says which of its figures are still unconfirmed (mark M)."""
    from benefits.rules.decisions import used
    from benefits.rules.params import load_parameter_set

    params = load_parameter_set()
    floor = params.value_on("voluntary_income_floor", date(2026, 11, 25))
    reference = params.value_on("reference_level", date(2026, 11, 25))
    uses = used(floor, reference)
    assert [u.mark for u in uses] == ["M", "C2"]
