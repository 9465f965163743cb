"""Quiet hours for SMS: nothing is sent between 21:00 and 07:00 local time; a message due then waits until 07:00.

Deferred, never dropped: a reminder due at 22:15 goes out at 07:00 the next morning. A text message waking
someone at night is the complaint that gets a sender blocked (the product's choice, not a legal rule).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

from reminders.rules.base import LOCAL_TZ

__all__ = ["QUIET_END", "QUIET_START", "defer_for_quiet_hours", "in_quiet_hours"]

QUIET_START = time(21)
QUIET_END = time(7)


def _check(at: datetime, start: time, end: time) -> None:
    if at.utcoffset() is None:
        raise ValueError("`at` must be an aware datetime")
    if start.tzinfo is not None or end.tzinfo is not None:
        raise ValueError("start and end are local wall-clock times without a time zone")


def in_quiet_hours(at: datetime, *, start: time = QUIET_START, end: time = QUIET_END, tz: tzinfo = LOCAL_TZ) -> bool:
    """Whether ``at`` falls in the window ``[start, end)`` on the ``tz`` clock; the window may cross midnight.
    ``start == end`` means no quiet hours."""
    _check(at, start, end)
    clock = at.astimezone(tz).time()  # naive wall-clock time
    if start < end:
        return start <= clock < end
    if start > end:
        return clock >= start or clock < end
    return False


def defer_for_quiet_hours(
    at: datetime, *, start: time = QUIET_START, end: time = QUIET_END, tz: tzinfo = LOCAL_TZ
) -> datetime:
    """When to send a message due at ``at``: ``at`` itself outside quiet hours, else the next ``end`` on the
    ``tz`` clock (21:30 → 07:00 the next day; 03:00 → 07:00 the same day).

    Aware datetimes in and out; the result is expressed in ``tz`` (the same instant as ``at`` when it is
    not deferred). Vietnam keeps no daylight saving; in a zone that does, ``end`` is taken as wall-clock time.
    """
    local = at.astimezone(tz)
    if not in_quiet_hours(at, start=start, end=end, tz=tz):
        return local
    day = local.date()
    if start > end and local.time() >= start:
        day += timedelta(days=1)  # evening side of a window crossing midnight: the end is tomorrow morning
    return datetime.combine(day, end, tzinfo=tz)
