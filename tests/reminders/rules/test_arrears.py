"""Employer arrears: on the 10th, the months whose deadline (the last day of the next month) has passed."""

from __future__ import annotations

from datetime import date

import pytest

from benefits.rules.money import Month
from reminders.rules import ArrearsFacts, Kind, due_employer_arrears, overdue_months

pytestmark = pytest.mark.unit

D = date.fromisoformat
M = Month.parse
EMPLOYER = "0b6f3d38-1a9e-4d8e-9a53-3f4c2b1d7e90"


def facts(*months: str, affected: int | None = None) -> ArrearsFacts:
    return ArrearsFacts(EMPLOYER, tuple(M(month) for month in months), affected)


@pytest.mark.parametrize(
    ("unpaid", "on", "expected"),
    [
        (("2026-09", "2026-10", "2026-11"), "2026-12-10", ("2026-09", "2026-10", 2)),
        (("2026-09", "2026-10", "2026-11"), "2026-12-09", None),  # not the 10th
        (("2026-09", "2026-10", "2026-11"), "2026-12-11", None),
        (("2026-09", "2026-10", "2026-11"), "2026-11-10", ("2026-09", "2026-09", 1)),
        (("2026-11",), "2026-12-10", None),  # November may still be paid until 31/12
        (("2026-11",), "2027-01-10", ("2026-11", "2026-11", 1)),  # across the year end
        (("2026-12",), "2027-01-10", None),
        (("2026-12",), "2027-02-10", ("2026-12", "2026-12", 1)),
        (("2028-01",), "2028-03-10", ("2028-01", "2028-01", 1)),  # deadline 29/02/2028 passed
        ((), "2026-12-10", None),
    ],
)
def test_employer_arrears_table(unpaid, on, expected):
    found = due_employer_arrears(facts(*unpaid), on=D(on))
    if expected is None:
        assert found == []
        return
    [due] = found
    first, last, count = expected
    assert due.kind is Kind.EMPLOYER_ARREARS
    assert due.subject == f"arrears:{EMPLOYER}:{on[:7]}"
    assert due.due_on == D(on)
    assert dict(due.details) == {
        "employer_id": EMPLOYER,
        "first_unpaid_month": first,
        "last_unpaid_month": last,
        "unpaid_months": count,
    }


def test_employer_arrears_for_the_employers_users_counts_the_employees():
    [due] = due_employer_arrears(facts("2026-09", affected=12), on=D("2026-12-10"))
    assert due.details["affected_employees"] == 12


@pytest.mark.parametrize(
    ("send_day", "on", "due"), [(1, "2026-12-01", True), (28, "2026-12-28", True), (1, "2026-12-10", False)]
)
def test_employer_arrears_send_day_is_a_parameter(send_day, on, due):
    assert bool(due_employer_arrears(facts("2026-09"), on=D(on), send_day=send_day)) is due


@pytest.mark.parametrize("send_day", [0, 29, 31])
def test_employer_arrears_send_day_must_exist_in_every_month(send_day):
    with pytest.raises(ValueError, match="send_day"):
        due_employer_arrears(facts("2026-09"), on=D("2026-12-10"), send_day=send_day)


def test_overdue_months_with_no_grace_and_bad_grace():
    assert overdue_months(facts("2026-10", "2026-11"), on=D("2026-12-10"), grace_months=0) == (
        M("2026-10"),
        M("2026-11"),
    )
    assert overdue_months(facts("2026-10", "2026-11"), on=D("2026-12-10")) == (M("2026-10"),)
    for bad in (-1, True, 1.0):
        with pytest.raises(ValueError, match="grace_months"):
            overdue_months(facts("2026-10"), on=D("2026-12-10"), grace_months=bad)


def test_arrears_facts_sort_and_deduplicate_months():
    assert facts("2026-10", "2026-09", "2026-10").unpaid_months == (M("2026-09"), M("2026-10"))
    with pytest.raises(ValueError, match="affected_employees"):
        facts("2026-10", affected=0)
