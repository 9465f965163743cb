"""The shared pieces: the result type, the stable kind codes and the argument checks."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

import reminders.rules as rules
from reminders.rules import RULES, CardFacts, Due, Kind
from reminders.rules.base import day_of_month, lead_times, require_day

pytestmark = pytest.mark.unit


def test_kind_codes_are_stable():
    assert [kind.value for kind in Kind] == [
        "card_expiring",
        "card_expired",
        "voluntary_payment_due",
        "employer_arrears",
        "job_search_report_due",
        "retirement_approaching",
        "facility_change_window",
        "checkin_recorded",
        "household_payment_due",
        "child_card_expiring",
    ]


def test_rules_registry_has_one_function_per_kind_named_after_it():
    assert set(RULES) == set(Kind)
    for kind, rule in RULES.items():
        assert rule.__name__ == f"due_{kind.value}"
        assert getattr(rules, rule.__name__) is rule


def test_due_details_are_read_only_json_ready_and_outside_the_hash():
    source = {"valid_to": "2026-12-31", "days_left": 7}
    due = Due(Kind.CARD_EXPIRING, "card:abc:2026-12-31", date(2026, 12, 24), source)
    source["days_left"] = 99  # the caller's dict is copied, not shared
    assert due.details["days_left"] == 7
    with pytest.raises(TypeError):
        due.details["days_left"] = 1  # type: ignore[index]
    assert json.loads(json.dumps(dict(due.details))) == {"valid_to": "2026-12-31", "days_left": 7}
    same_key = Due(Kind.CARD_EXPIRING, "card:abc:2026-12-31", date(2026, 12, 24), {"other": 1})
    assert hash(due) == hash(same_key)
    assert due != same_key
    assert due.ledger_key == (Kind.CARD_EXPIRING, "card:abc:2026-12-31", date(2026, 12, 24))
    assert Due(Kind.CARD_EXPIRED, "s", date(2026, 1, 1)).details == {}


@pytest.mark.parametrize("value", [datetime(2026, 12, 1, 8, 0), "2026-12-01", None])
def test_require_day_refuses_anything_but_a_date(value):
    with pytest.raises(TypeError):
        require_day(value)


def test_every_rule_refuses_a_datetime_for_on():
    card = CardFacts("c", date(2026, 12, 31), renews_through_employer=False)
    with pytest.raises(TypeError):
        rules.due_card_expiring(card, on=datetime(2026, 12, 1, 9, 0))


@pytest.mark.parametrize(
    ("values", "expected"),
    [((30, 7, 1), (30, 7, 1)), ([1, 7, 30, 7], (30, 7, 1)), ((0,), (0,)), ((), ())],
)
def test_lead_times_are_sorted_longest_first_without_duplicates(values, expected):
    assert lead_times(values, "lead_days") == expected


@pytest.mark.parametrize("bad", [-1, 1.5, True, "7"])
def test_lead_times_refuse_negative_fractional_and_non_numbers(bad):
    with pytest.raises(ValueError, match="lead_days"):
        lead_times((30, bad), "lead_days")


@pytest.mark.parametrize(("value", "last", "ok"), [(1, 31, True), (31, 31, True), (0, 31, False), (29, 28, False)])
def test_day_of_month(value, last, ok):
    if ok:
        assert day_of_month(value, "d", last=last) == value
    else:
        with pytest.raises(ValueError, match="day of the month"):
            day_of_month(value, "d", last=last)


def test_day_of_month_refuses_a_bool():
    with pytest.raises(ValueError):
        day_of_month(True, "d")
