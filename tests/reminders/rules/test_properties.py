"""Properties over any input: each lead time fires on exactly one day, deferral always lands outside quiet hours
and never moves a time that is outside them, and a sweep over every day never yields the same ledger key twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benefits.rules.money import Month
from reminders.rules import (
    LOCAL_TZ,
    ArrearsFacts,
    CardFacts,
    PaymentCycle,
    RetirementFacts,
    UnemploymentFacts,
    VoluntaryFacts,
    defer_for_quiet_hours,
    due_card_expired,
    due_card_expiring,
    due_employer_arrears,
    due_facility_change_window,
    due_job_search_report_due,
    due_retirement_approaching,
    due_voluntary_payment_due,
    in_quiet_hours,
    job_search_report_days,
    voluntary_deadline,
)

pytestmark = pytest.mark.unit

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
months = st.builds(Month, st.integers(2000, 2099), st.integers(1, 12))


def each_day(first: date, last: date):
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


@settings(max_examples=150, deadline=None)
@given(valid_to=days, leads=st.sets(st.integers(0, 120), max_size=4), employer=st.booleans())
def test_each_card_lead_time_fires_on_exactly_one_day(valid_to, leads, employer):
    card = CardFacts("c", valid_to, renews_through_employer=employer)
    sweep = list(each_day(valid_to - timedelta(days=130), valid_to + timedelta(days=5)))
    fired = [due for on in sweep for due in due_card_expiring(card, on=on, lead_days=leads)]
    expired = [due for on in sweep for due in due_card_expired(card, on=on)]
    if employer:
        assert fired == [] and expired == []
        return
    assert sorted(due.details["days_left"] for due in fired) == sorted(leads)
    assert all(due.due_on + timedelta(days=due.details["days_left"]) == valid_to for due in fired)
    assert [due.due_on for due in expired] == [valid_to + timedelta(days=1)]


@settings(max_examples=60, deadline=None)
@given(
    cycle=st.sampled_from(list(PaymentCycle)),
    first=months,
    leads=st.sets(st.integers(0, 20), min_size=1, max_size=3),
)
def test_each_voluntary_period_is_reminded_once_per_lead_time(cycle, first, leads):
    start = first.first_day()
    end = start + timedelta(days=800)
    found = [
        due
        for on in each_day(start, end)
        for due in due_voluntary_payment_due(VoluntaryFacts(cycle, first), on=on, lead_days=leads)
    ]
    per_period: dict[str, list[int]] = {}
    for due in found:
        period = Month.parse(str(due.details["period_first"]))
        assert period.minus(first) % cycle == 0
        assert date.fromisoformat(str(due.details["deadline"])) == voluntary_deadline(period, cycle)
        assert due.due_on + timedelta(days=int(due.details["days_left"])) == voluntary_deadline(period, cycle)
        per_period.setdefault(due.subject, []).append(int(due.details["days_left"]))
    # every period got exactly one reminder per lead time whose day falls inside the sweep, and nothing else did
    period = first
    while voluntary_deadline(period, cycle) - timedelta(days=max(leads)) <= end:
        deadline = voluntary_deadline(period, cycle)
        expected = sorted(lead for lead in leads if start <= deadline - timedelta(days=lead) <= end)
        assert sorted(per_period.pop(f"voluntary:{period}", [])) == expected
        period = period.plus(cycle)
    assert per_period == {}
    assert len({due.ledger_key for due in found}) == len(found)


@settings(max_examples=60, deadline=None)
@given(start=st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)), length=st.integers(1, 12))
def test_job_search_reports_one_per_benefit_month_each_reminded_once(start, length):
    facts = UnemploymentFacts("u", start, length)
    reports = job_search_report_days(facts)
    assert len(reports) == length
    assert [Month.of(day).minus(Month.of(start)) for day in reports] == list(range(length))
    assert all(day.day == min(start.day, Month.of(day).last_day().day) for day in reports)
    sweep = each_day(start - timedelta(days=5), reports[-1] + timedelta(days=5))
    found = [due for on in sweep for due in due_job_search_report_due(facts, on=on)]
    assert [date.fromisoformat(str(due.details["report_on"])) for due in found] == list(reports)


@settings(max_examples=100, deadline=None)
@given(pension_start=st.dates(min_value=date(2001, 1, 1), max_value=date(2100, 12, 31)))
def test_retirement_is_reminded_on_exactly_one_day(pension_start):
    facts = RetirementFacts(pension_start)
    sweep = each_day(pension_start - timedelta(days=200), pension_start)
    found = [due for on in sweep for due in due_retirement_approaching(facts, on=on)]
    assert len(found) == 1
    assert Month.of(pension_start).minus(Month.of(found[0].due_on)) == 6


@settings(max_examples=40, deadline=None)
@given(year=st.integers(2001, 2099), unpaid=st.sets(months, max_size=5))
def test_arrears_only_on_the_10th_at_most_once_a_month_and_facility_four_times_a_year(year, unpaid):
    facts = ArrearsFacts("e", tuple(unpaid))
    card = CardFacts("c", date(2200, 1, 1), renews_through_employer=True)
    sweep = list(each_day(date(year, 1, 1), date(year, 12, 31)))
    arrears = [due for on in sweep for due in due_employer_arrears(facts, on=on)]
    assert all(due.due_on.day == 10 for due in arrears)
    assert len({due.subject for due in arrears}) == len(arrears) <= 12
    windows = [due for on in sweep for due in due_facility_change_window(card, on=on)]
    assert [(due.due_on.month, due.due_on.day) for due in windows] == [(1, 1), (4, 1), (7, 1), (10, 1)]


aware = st.datetimes(
    min_value=datetime(2000, 1, 2), max_value=datetime(2099, 12, 30), timezones=st.sampled_from([UTC, LOCAL_TZ])
)
clock = st.times()


@settings(max_examples=500, deadline=None)
@given(at=aware, start=clock, end=clock)
def test_deferral_lands_outside_quiet_hours_and_never_moves_a_time_outside_them(at, start, end):
    result = defer_for_quiet_hours(at, start=start, end=end)
    assert not in_quiet_hours(result, start=start, end=end)
    assert at <= result < at + timedelta(days=1)
    if not in_quiet_hours(at, start=start, end=end):
        assert result == at
    else:
        assert result.astimezone(LOCAL_TZ).time() == end


@settings(max_examples=300, deadline=None)
@given(at=aware)
def test_default_deferral_is_at_most_ten_hours_and_lands_at_seven(at):
    result = defer_for_quiet_hours(at)
    assert result - at <= timedelta(hours=10)
    local = result.astimezone(LOCAL_TZ).time()
    assert time(7) <= local < time(21)
