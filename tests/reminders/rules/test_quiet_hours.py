"""Quiet hours: no SMS 21:00-07:00 Vietnam time; a message due then is deferred to the next 07:00, not dropped."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone

import pytest

from reminders.rules import LOCAL_TZ, defer_for_quiet_hours, in_quiet_hours

pytestmark = pytest.mark.unit


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (vn(2026, 6, 1, 20, 59, 59), vn(2026, 6, 1, 20, 59, 59)),
        (vn(2026, 6, 1, 20, 59, 59, 999999), vn(2026, 6, 1, 20, 59, 59, 999999)),
        (vn(2026, 6, 1, 21, 0), vn(2026, 6, 2, 7, 0)),
        (vn(2026, 6, 1, 23, 59, 59), vn(2026, 6, 2, 7, 0)),
        (vn(2026, 6, 2, 0, 0), vn(2026, 6, 2, 7, 0)),  # after midnight: the same morning
        (vn(2026, 6, 2, 6, 59, 59), vn(2026, 6, 2, 7, 0)),
        (vn(2026, 6, 2, 7, 0), vn(2026, 6, 2, 7, 0)),
        (vn(2026, 6, 2, 7, 0, 1), vn(2026, 6, 2, 7, 0, 1)),
        (vn(2026, 6, 2, 12, 0), vn(2026, 6, 2, 12, 0)),
        (vn(2026, 12, 31, 22, 0), vn(2027, 1, 1, 7, 0)),  # year end
        (vn(2028, 2, 28, 21, 30), vn(2028, 2, 29, 7, 0)),  # into a leap day
        (vn(2028, 2, 29, 23, 0), vn(2028, 3, 1, 7, 0)),
        (vn(2027, 2, 28, 21, 0), vn(2027, 3, 1, 7, 0)),
    ],
)
def test_defer_for_quiet_hours_table(at, expected):
    result = defer_for_quiet_hours(at)
    assert result == expected
    assert result.tzinfo is LOCAL_TZ
    assert (result.hour, result.minute) == (expected.hour, expected.minute)  # wall clock, not only the instant


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (datetime(2026, 6, 1, 13, 59, 59, tzinfo=UTC), datetime(2026, 6, 1, 13, 59, 59, tzinfo=UTC)),  # 20:59:59 VN
        (datetime(2026, 6, 1, 14, 0, tzinfo=UTC), vn(2026, 6, 2, 7, 0)),  # 21:00 VN
        (datetime(2026, 6, 1, 23, 59, 59, tzinfo=UTC), vn(2026, 6, 2, 7, 0)),  # 06:59:59 VN, a UTC day earlier
        (datetime(2026, 6, 2, 0, 0, tzinfo=UTC), datetime(2026, 6, 2, 0, 0, tzinfo=UTC)),  # 07:00 VN
        (datetime(2026, 6, 1, 15, 0, tzinfo=timezone(timedelta(hours=-5))), vn(2026, 6, 2, 7, 0)),  # 03:00 VN
    ],
)
def test_defer_reads_the_clock_in_vietnam_whatever_the_input_zone(at, expected):
    result = defer_for_quiet_hours(at)
    assert result == expected
    assert result.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    ("at", "start", "end", "expected"),
    [
        (vn(2026, 6, 1, 12, 30), time(12), time(13), vn(2026, 6, 1, 13, 0)),  # a window inside one day
        (vn(2026, 6, 1, 11, 59), time(12), time(13), vn(2026, 6, 1, 11, 59)),
        (vn(2026, 6, 1, 13, 0), time(12), time(13), vn(2026, 6, 1, 13, 0)),
        (vn(2026, 6, 1, 22, 30), time(22), time(6), vn(2026, 6, 2, 6, 0)),
        (vn(2026, 6, 1, 21, 30), time(22), time(6), vn(2026, 6, 1, 21, 30)),
        (vn(2026, 6, 1, 23, 0), time(21), time(21), vn(2026, 6, 1, 23, 0)),  # equal: no quiet hours
        (vn(2026, 6, 1, 0, 0), time(0), time(0), vn(2026, 6, 1, 0, 0)),
    ],
)
def test_quiet_window_is_a_parameter(at, start, end, expected):
    assert defer_for_quiet_hours(at, start=start, end=end) == expected


def test_quiet_hours_in_another_zone():
    at = datetime(2026, 6, 1, 21, 30, tzinfo=UTC)  # 04:30 on 2 June in Vietnam
    assert in_quiet_hours(at) is True
    assert defer_for_quiet_hours(at) == vn(2026, 6, 2, 7, 0)
    assert defer_for_quiet_hours(at, tz=UTC) == datetime(2026, 6, 2, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "start", "end"),
    [
        (datetime(2026, 6, 1, 22, 0), time(21), time(7)),  # naive: whose 22:00?
        (vn(2026, 6, 1, 22, 0), time(21, tzinfo=UTC), time(7)),
        (vn(2026, 6, 1, 22, 0), time(21), time(7, tzinfo=UTC)),
    ],
)
def test_quiet_hours_refuse_ambiguous_times(at, start, end):
    with pytest.raises(ValueError):
        defer_for_quiet_hours(at, start=start, end=end)
