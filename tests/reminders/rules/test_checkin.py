"""A check-in is told the same local day; the day is the Vietnamese calendar day, not UTC's."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from reminders.rules import CheckinFacts, Kind, checkin_local_date, due_checkin_recorded

pytestmark = pytest.mark.unit

CHECKIN = "9d2b7c1e-55aa-4b6e-8f00-2c1d3e4f5a6b"


@pytest.mark.parametrize(
    ("utc", "local_day", "local_time"),
    [
        (datetime(2026, 12, 31, 16, 59, 59, tzinfo=UTC), date(2026, 12, 31), "2026-12-31T23:59+07:00"),
        (datetime(2026, 12, 31, 17, 0, tzinfo=UTC), date(2027, 1, 1), "2027-01-01T00:00+07:00"),  # year end
        (datetime(2028, 2, 28, 17, 30, tzinfo=UTC), date(2028, 2, 29), "2028-02-29T00:30+07:00"),  # leap day
    ],
)
def test_checkin_recorded_on_its_local_day(utc, local_day, local_time):
    facts = CheckinFacts(CHECKIN, utc)
    assert checkin_local_date(facts) == local_day
    [due] = due_checkin_recorded(facts, on=local_day)
    assert (due.kind, due.subject, due.due_on) == (Kind.CHECKIN_RECORDED, f"checkin:{CHECKIN}", local_day)
    assert dict(due.details) == {"checkin_id": CHECKIN, "checked_in_at": local_time}
    assert due_checkin_recorded(facts, on=date.fromordinal(local_day.toordinal() - 1)) == []
    assert due_checkin_recorded(facts, on=date.fromordinal(local_day.toordinal() + 1)) == []


def test_checkin_time_zone_is_a_parameter():
    facts = CheckinFacts(CHECKIN, datetime(2026, 12, 31, 17, 0, tzinfo=UTC))
    assert checkin_local_date(facts, tz=UTC) == date(2026, 12, 31)
    assert len(due_checkin_recorded(facts, on=date(2026, 12, 31), tz=UTC)) == 1


def test_checkin_facts_need_an_aware_time():
    with pytest.raises(ValueError, match="aware"):
        CheckinFacts(CHECKIN, datetime(2026, 12, 31, 17, 0))
