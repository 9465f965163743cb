"""Voluntary SI payment due, by cycle (Law 41/2024/QH15 Art. 36(2)); deadlines at month ends, leap years."""

from __future__ import annotations

from datetime import date

import pytest

from benefits.rules.money import Month
from reminders.rules import (
    VOLUNTARY_DEADLINE_MONTHS,
    Kind,
    PaymentCycle,
    VoluntaryFacts,
    due_voluntary_payment_due,
    voluntary_deadline,
)

pytestmark = pytest.mark.unit

D = date.fromisoformat
M = Month.parse


def facts(cycle: int, first: str, paid_through: str | None = None, last: str | None = None) -> VoluntaryFacts:
    return VoluntaryFacts(
        PaymentCycle(cycle),
        M(first),
        None if paid_through is None else M(paid_through),
        None if last is None else M(last),
    )


@pytest.mark.parametrize(
    ("cycle", "first", "on", "period", "deadline", "days_left"),
    [
        # monthly: within the month
        (1, "2027-01", "2027-01-24", "2027-01", "2027-01-31", 7),
        (1, "2027-01", "2027-01-30", "2027-01", "2027-01-31", 1),
        (1, "2027-01", "2027-01-25", None, None, None),
        (1, "2027-01", "2027-01-31", None, None, None),  # the deadline day itself: 0 is not a default lead
        (1, "2027-01", "2027-02-21", "2027-02", "2027-02-28", 7),
        (1, "2027-01", "2027-02-27", "2027-02", "2027-02-28", 1),
        (1, "2027-01", "2027-02-28", None, None, None),
        (1, "2027-01", "2028-02-22", "2028-02", "2028-02-29", 7),  # leap year
        (1, "2027-01", "2028-02-28", "2028-02", "2028-02-29", 1),
        (1, "2027-01", "2028-02-21", None, None, None),
        (1, "2027-01", "2028-02-29", None, None, None),
        (1, "2027-01", "2027-04-29", "2027-04", "2027-04-30", 1),  # 30-day month
        (1, "2027-01", "2027-04-30", None, None, None),
        (1, "2027-01", "2027-12-30", "2027-12", "2027-12-31", 1),  # year end
        (1, "2027-01", "2027-12-24", "2027-12", "2027-12-31", 7),
        (1, "2027-03", "2027-02-27", None, None, None),  # before the first period
        # every 3 months: within the 3 months
        (3, "2027-01", "2027-03-30", "2027-01", "2027-03-31", 1),
        (3, "2027-01", "2027-03-24", "2027-01", "2027-03-31", 7),
        (3, "2027-01", "2027-01-30", None, None, None),
        (3, "2027-01", "2027-02-27", None, None, None),
        (3, "2027-01", "2027-06-29", "2027-04", "2027-06-30", 1),
        (3, "2027-01", "2027-12-30", "2027-10", "2027-12-31", 1),
        (3, "2027-02", "2027-04-29", "2027-02", "2027-04-30", 1),  # periods need not follow calendar quarters
        (3, "2027-12", "2028-02-28", "2027-12", "2028-02-29", 1),  # across the year end, into a leap February
        # every 6 months: within the first 4 months
        (6, "2027-01", "2027-04-29", "2027-01", "2027-04-30", 1),
        (6, "2027-01", "2027-06-29", None, None, None),
        (6, "2027-01", "2027-10-30", "2027-07", "2027-10-31", 1),
        (6, "2027-11", "2028-02-28", "2027-11", "2028-02-29", 1),
        # every 12 months: within the first 7 months
        (12, "2027-09", "2028-03-30", "2027-09", "2028-03-31", 1),
        (12, "2027-08", "2028-02-28", "2027-08", "2028-02-29", 1),
        (12, "2027-08", "2028-07-30", None, None, None),
        (12, "2027-01", "2027-07-30", "2027-01", "2027-07-31", 1),
        (12, "2027-01", "2028-07-30", "2028-01", "2028-07-31", 1),
    ],
)
def test_voluntary_payment_due_table(cycle, first, on, period, deadline, days_left):
    found = due_voluntary_payment_due(facts(cycle, first), on=D(on))
    if period is None:
        assert found == []
        return
    [due] = found
    period_last = str(M(period).plus(cycle - 1))
    assert due.kind is Kind.VOLUNTARY_PAYMENT_DUE
    assert due.subject == f"voluntary:{period}"
    assert due.due_on == D(on)
    assert dict(due.details) == {
        "period_first": period,
        "period_last": period_last,
        "cycle_months": cycle,
        "deadline": deadline,
        "days_left": days_left,
    }


@pytest.mark.parametrize(
    ("cycle", "first", "paid_through", "on", "due"),
    [
        (1, "2027-01", "2027-01", "2027-01-30", False),  # paid
        (1, "2027-01", "2027-01", "2027-02-27", True),
        (1, "2027-01", "2027-03", "2027-02-27", False),  # paid ahead
        (3, "2027-01", "2027-02", "2027-03-30", True),  # part of the period paid: still due
        (3, "2027-01", "2027-03", "2027-03-30", False),
        (3, "2027-01", "2026-12", "2027-03-30", True),
    ],
)
def test_voluntary_paid_periods_are_not_reminded(cycle, first, paid_through, on, due):
    assert bool(due_voluntary_payment_due(facts(cycle, first, paid_through), on=D(on))) is due


@pytest.mark.parametrize(("on", "due"), [("2027-06-29", True), ("2027-07-30", False)])
def test_voluntary_stops_after_the_last_registered_month(on, due):
    assert bool(due_voluntary_payment_due(facts(1, "2027-01", last="2027-06"), on=D(on))) is due


def test_voluntary_lead_days_and_deadlines_are_parameters():
    quarterly = facts(3, "2027-01")
    assert due_voluntary_payment_due(quarterly, on=D("2027-03-31"), lead_days=(0,))[0].details["days_left"] == 0
    first_month_deadline = {**VOLUNTARY_DEADLINE_MONTHS, PaymentCycle.EVERY_3_MONTHS: 1}
    [due] = due_voluntary_payment_due(quarterly, on=D("2027-01-30"), deadline_months=first_month_deadline)
    assert due.details["deadline"] == "2027-01-31"
    assert due_voluntary_payment_due(quarterly, on=D("2027-03-30"), deadline_months=first_month_deadline) == []


def test_voluntary_two_lead_times_can_hit_two_periods_on_one_day():
    # 30/04 + 0 and 30/04 + 31 = 31/05 are both month ends.
    found = due_voluntary_payment_due(facts(1, "2027-01"), on=D("2027-04-30"), lead_days=(0, 31))
    assert [(due.subject, due.details["days_left"]) for due in found] == [
        ("voluntary:2027-05", 31),
        ("voluntary:2027-04", 0),
    ]


@pytest.mark.parametrize("bad", [0, 4, True, 2.0])
def test_voluntary_deadline_month_must_fall_inside_the_period(bad):
    with pytest.raises(ValueError, match="deadline"):
        due_voluntary_payment_due(
            facts(3, "2027-01"), on=D("2027-03-30"), deadline_months={PaymentCycle.EVERY_3_MONTHS: bad}
        )


@pytest.mark.parametrize(
    ("first", "cycle", "deadline"),
    [
        ("2027-01", 1, "2027-01-31"),
        ("2027-12", 3, "2028-02-29"),
        ("2027-08", 12, "2028-02-29"),
        ("2026-08", 12, "2027-02-28"),
    ],
)
def test_voluntary_deadline(first, cycle, deadline):
    assert voluntary_deadline(M(first), cycle) == D(deadline)


def test_voluntary_facts_checks():
    assert facts(6, "2027-01").cycle is PaymentCycle.EVERY_6_MONTHS
    assert VoluntaryFacts(3, M("2027-01")).cycle is PaymentCycle.EVERY_3_MONTHS  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        VoluntaryFacts(2, M("2027-01"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="last_month"):
        facts(1, "2027-05", last="2027-04")
