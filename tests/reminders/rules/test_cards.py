"""Card expiring (30, 7, 1 days before valid_to) and expired (the day after), at month, leap-year and year ends."""

from __future__ import annotations

from datetime import date

import pytest

from reminders.rules import CardFacts, Kind, due_card_expired, due_card_expiring

pytestmark = pytest.mark.unit

D = date.fromisoformat


def card(valid_to: str, employer: bool = False) -> CardFacts:
    return CardFacts("7f1c0c7e-8f1a-4c55-9d57-0a4b3f0e2b11", D(valid_to), renews_through_employer=employer)


@pytest.mark.parametrize(
    ("valid_to", "on", "days_left"),
    [
        # 31-day month, year end
        ("2026-12-31", "2026-12-01", 30),
        ("2026-12-31", "2026-12-24", 7),
        ("2026-12-31", "2026-12-30", 1),
        ("2026-12-31", "2026-11-30", None),  # 31 days
        ("2026-12-31", "2026-12-02", None),  # 29 days
        ("2026-12-31", "2026-12-23", None),
        ("2026-12-31", "2026-12-25", None),
        ("2026-12-31", "2026-12-31", None),  # the last valid day: 0 is not a default lead
        ("2026-12-31", "2027-01-01", None),
        # crossing into a new year
        ("2027-01-01", "2026-12-02", 30),
        ("2027-01-01", "2026-12-25", 7),
        ("2027-01-01", "2026-12-31", 1),
        # leap year: February has 29 days in 2028
        ("2028-03-01", "2028-01-31", 30),
        ("2028-03-01", "2028-02-23", 7),
        ("2028-03-01", "2028-02-29", 1),
        ("2028-03-01", "2028-02-28", None),
        ("2028-02-29", "2028-01-30", 30),
        ("2028-02-29", "2028-02-22", 7),
        ("2028-02-29", "2028-02-28", 1),
        # common year: 28 days
        ("2027-03-01", "2027-01-30", 30),
        ("2027-03-01", "2027-02-22", 7),
        ("2027-03-01", "2027-02-28", 1),
        ("2027-03-01", "2027-01-31", None),
        # 30-day month
        ("2027-04-30", "2027-03-31", 30),
        ("2027-04-30", "2027-04-01", None),
    ],
)
def test_card_expiring_table(valid_to, on, days_left):
    found = due_card_expiring(card(valid_to), on=D(on))
    if days_left is None:
        assert found == []
    else:
        [due] = found
        assert due.kind is Kind.CARD_EXPIRING
        assert due.subject == f"card:7f1c0c7e-8f1a-4c55-9d57-0a4b3f0e2b11:{valid_to}"
        assert due.due_on == D(on)
        assert dict(due.details) == {"valid_to": valid_to, "days_left": days_left}


@pytest.mark.parametrize("on", ["2026-12-01", "2026-12-24", "2026-12-30"])
def test_card_renewed_through_employer_is_never_reminded(on):
    assert due_card_expiring(card("2026-12-31", employer=True), on=D(on)) == []


@pytest.mark.parametrize(
    ("lead_days", "on", "days_left"),
    [((0,), "2026-12-31", 0), ((14,), "2026-12-17", 14), ((14,), "2026-12-01", None), ((), "2026-12-01", None)],
)
def test_card_expiring_lead_days_are_a_parameter(lead_days, on, days_left):
    found = due_card_expiring(card("2026-12-31"), on=D(on), lead_days=lead_days)
    assert [due.details["days_left"] for due in found] == ([] if days_left is None else [days_left])


@pytest.mark.parametrize(
    ("valid_to", "on", "due"),
    [
        ("2026-12-31", "2027-01-01", True),  # year end
        ("2026-12-31", "2026-12-31", False),
        ("2026-12-31", "2027-01-02", False),
        ("2028-02-28", "2028-02-29", True),  # leap day
        ("2028-02-29", "2028-03-01", True),
        ("2027-02-28", "2027-03-01", True),
        ("2027-04-30", "2027-05-01", True),
        ("2027-04-30", "2027-04-29", False),
    ],
)
def test_card_expired_table(valid_to, on, due):
    found = due_card_expired(card(valid_to), on=D(on))
    if not due:
        assert found == []
    else:
        [result] = found
        assert (result.kind, result.due_on, dict(result.details)) == (Kind.CARD_EXPIRED, D(on), {"valid_to": valid_to})
        assert result.subject.endswith(f":{valid_to}")


def test_card_expired_skips_employer_renewed_cards():
    assert due_card_expired(card("2026-12-31", employer=True), on=D("2027-01-01")) == []


def test_renewed_card_starts_a_new_subject():
    old, new = card("2026-12-31"), card("2027-12-31")
    assert (
        due_card_expiring(old, on=D("2026-12-30"))[0].subject != due_card_expiring(new, on=D("2027-12-30"))[0].subject
    )


# --- issue 14: a household's payment, a linked child's card ---------------------------------------------------

from reminders.rules import ChildCardFacts, due_child_card_expiring, due_household_payment_due  # noqa: E402

HOUSEHOLD = CardFacts("7f1c0c7e-8f1a-4c55-9d57-0a4b3f0e2b11", D("2026-12-31"), False, household=True)


@pytest.mark.parametrize(
    ("on", "days_left"), [("2026-12-01", 30), ("2026-12-24", 7), ("2026-12-30", 1), ("2026-12-02", None)]
)
def test_household_payment_due_replaces_the_card_reminder(on, days_left):
    due = due_household_payment_due(HOUSEHOLD, on=D(on))
    assert due_card_expiring(HOUSEHOLD, on=D(on)) == []
    if days_left is None:
        assert due == []
        return
    assert [(d.kind, d.subject, dict(d.details)) for d in due] == [
        (
            Kind.HOUSEHOLD_PAYMENT_DUE,
            f"household:{HOUSEHOLD.card_id}:2026-12-31",
            {"valid_to": "2026-12-31", "days_left": days_left},
        )
    ]


def test_household_payment_is_not_asked_of_an_employees_or_a_non_household_card():
    employed = CardFacts("c", D("2026-12-31"), True, household=True)
    assert due_household_payment_due(employed, on=D("2026-12-01")) == []
    assert due_household_payment_due(card("2026-12-31"), on=D("2026-12-01")) == []


@pytest.mark.parametrize(
    ("on", "days_left"), [("2026-12-01", 30), ("2026-12-24", 7), ("2026-12-30", 1), ("2026-12-31", None)]
)
def test_child_card_expiring_tells_the_parent_with_the_link(on, days_left):
    child = ChildCardFacts("link-1", "card-1", D("2026-12-31"))
    due = due_child_card_expiring(child, on=D(on))
    if days_left is None:
        assert due == []
        return
    assert [(d.kind, d.subject, dict(d.details)) for d in due] == [
        (
            Kind.CHILD_CARD_EXPIRING,
            "child-card:link-1:card-1:2026-12-31",
            {"valid_to": "2026-12-31", "days_left": days_left, "link_id": "link-1"},
        )
    ]
