"""The facility-change window: the first 15 days of each quarter (Law on HI Art. 26); reminded on the 1st."""

from __future__ import annotations

from datetime import date

import pytest

from reminders.rules import CardFacts, Kind, due_facility_change_window, quarter_of

pytestmark = pytest.mark.unit

D = date.fromisoformat
CARD = CardFacts("c0ffee00-0000-4000-8000-000000000001", D("2030-12-31"), renews_through_employer=True)


@pytest.mark.parametrize(
    ("on", "subject", "window_end"),
    [
        ("2027-01-01", "facility-window:2027-Q1", "2027-01-15"),
        ("2027-04-01", "facility-window:2027-Q2", "2027-04-15"),
        ("2027-07-01", "facility-window:2027-Q3", "2027-07-15"),
        ("2027-10-01", "facility-window:2027-Q4", "2027-10-15"),
        ("2028-01-01", "facility-window:2028-Q1", "2028-01-15"),
        ("2026-12-31", None, None),
        ("2027-01-02", None, None),
        ("2027-03-31", None, None),
        ("2027-04-02", None, None),
        ("2027-06-30", None, None),
        ("2027-07-02", None, None),
        ("2027-09-30", None, None),
        ("2027-10-02", None, None),
        ("2027-02-01", None, None),  # first day of a month that starts no quarter
        ("2027-05-01", None, None),
        ("2027-01-15", None, None),
    ],
)
def test_facility_change_window_table(on, subject, window_end):
    found = due_facility_change_window(CARD, on=D(on))
    if subject is None:
        assert found == []
        return
    [due] = found
    assert (due.kind, due.subject, due.due_on) == (Kind.FACILITY_CHANGE_WINDOW, subject, D(on))
    assert dict(due.details) == {"window_start": on, "window_end": window_end, "quarter": int(subject[-1])}


@pytest.mark.parametrize(("valid_to", "due"), [("2027-03-31", False), ("2027-04-01", True), ("2027-04-02", True)])
def test_facility_window_needs_a_card_valid_that_day(valid_to, due):
    card = CardFacts("c", D(valid_to), renews_through_employer=False)
    assert bool(due_facility_change_window(card, on=D("2027-04-01"))) is due


def test_facility_window_parameters():
    [due] = due_facility_change_window(CARD, on=D("2027-04-03"), remind_on_day=3, window_days=10)
    assert (due.details["window_start"], due.details["window_end"]) == ("2027-04-01", "2027-04-10")
    assert due_facility_change_window(CARD, on=D("2027-04-01"), remind_on_day=3) == []
    with pytest.raises(ValueError, match="remind_on_day"):
        due_facility_change_window(CARD, on=D("2027-04-01"), remind_on_day=16)
    with pytest.raises(ValueError, match="window_days"):
        due_facility_change_window(CARD, on=D("2027-04-01"), window_days=29)


@pytest.mark.parametrize(("month", "quarter"), [(1, 1), (3, 1), (4, 2), (6, 2), (7, 3), (9, 3), (10, 4), (12, 4)])
def test_quarter_of(month, quarter):
    assert quarter_of(date(2027, month, 1)) == quarter
