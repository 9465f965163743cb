"""Retirement approaching: 6 calendar months before the pension start."""

from __future__ import annotations

from datetime import date

import pytest

from reminders.rules import Kind, RetirementFacts, due_retirement_approaching

pytestmark = pytest.mark.unit

D = date.fromisoformat


@pytest.mark.parametrize(
    ("pension_start", "on", "due"),
    [
        ("2027-08-01", "2027-02-01", True),
        ("2027-08-01", "2027-01-31", False),
        ("2027-08-01", "2027-02-02", False),
        ("2027-06-01", "2026-12-01", True),  # across the year end
        ("2028-01-01", "2027-07-01", True),
        ("2028-08-31", "2028-02-29", True),  # clamped to a leap February
        ("2027-08-31", "2027-02-28", True),
        ("2027-08-31", "2027-03-03", False),
        ("2028-08-29", "2028-02-29", True),
    ],
)
def test_retirement_approaching_table(pension_start, on, due):
    found = due_retirement_approaching(RetirementFacts(D(pension_start)), on=D(on))
    if not due:
        assert found == []
        return
    [result] = found
    assert result.kind is Kind.RETIREMENT_APPROACHING
    assert result.subject == f"retirement:{pension_start}"
    assert result.due_on == D(on)
    assert dict(result.details) == {"pension_start": pension_start, "months_left": 6}


def test_retirement_lead_months_are_a_parameter():
    facts = RetirementFacts(D("2027-08-01"))
    [due] = due_retirement_approaching(facts, on=D("2027-07-01"), lead_months=(6, 1))
    assert due.details["months_left"] == 1
    assert due_retirement_approaching(facts, on=D("2027-02-01"), lead_months=(3,)) == []
