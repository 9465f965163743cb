"""A new check-in at a clinic: event-driven, told to the person the same local day (no lead time), so that a
check-in they did not make can be reported at once ("this wasn't me")."""

from __future__ import annotations

from datetime import date, tzinfo

from reminders.rules.base import LOCAL_TZ, Detail, Due, Kind, require_day
from reminders.rules.facts import CheckinFacts

__all__ = ["checkin_local_date", "due_checkin_recorded"]


def checkin_local_date(facts: CheckinFacts, *, tz: tzinfo = LOCAL_TZ) -> date:
    """The day of the check-in on the local clock (23:30 UTC is already the next day in Vietnam)."""
    return facts.checked_in_at.astimezone(tz).date()


def due_checkin_recorded(facts: CheckinFacts, *, on: date, tz: tzinfo = LOCAL_TZ) -> list[Due]:
    """Due on the check-in's local date. The service that records a check-in calls this with
    ``on = checkin_local_date(facts)``; the sweep calling it on any other day gets nothing."""
    require_day(on)
    local = facts.checked_in_at.astimezone(tz)
    if local.date() != on:
        return []
    details: dict[str, Detail] = {"checkin_id": facts.checkin_id, "checked_in_at": local.isoformat(timespec="minutes")}
    return [Due(Kind.CHECKIN_RECORDED, f"checkin:{facts.checkin_id}", on, details)]
