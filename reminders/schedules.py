"""The reminders' beat schedules, defined here in code and synced into django-celery-beat's tables.

Beat runs with the DatabaseScheduler, so what it fires is what the database says; the admin can pause an entry
(``enabled``) or move it. ``schedules_sync`` runs after every ``migrate`` (a post_migrate hook in apps.py) and
from ``run_reminder_sweep``, and is idempotent, keyed by the entry's name:

* a missing entry is created, enabled;
* an existing entry gets the code's task, arguments, queue and expiry, but its ``enabled`` flag is left alone
  (an admin's pause survives deploys);
* its schedule follows the code only while an admin has not changed it: the description records the schedule
  the code last set, and a row whose schedule no longer matches that record was changed by hand, so it stays.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from celery.schedules import crontab
from django.conf import settings
from django.db import transaction

__all__ = ["SWEEP_REPAIR_SCHEDULE_NAME", "SWEEP_SCHEDULE_NAME", "ScheduleSync", "schedules_all", "schedules_sync"]

SWEEP_SCHEDULE_NAME = "reminders-daily-sweep"
SWEEP_REPAIR_SCHEDULE_NAME = "reminders-sweep-repair"
_CODE_MARK = re.compile(r"\[schedule from code: ([^\]]*)\]")
_FIELDS = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")


def _sweep_schedules() -> dict[str, dict]:
    hour, minute = settings.REMINDER_SWEEP_HOUR, settings.REMINDER_SWEEP_MINUTE
    # The task sweeps "today" on the clock of the worker that runs it; a message still waiting at midnight
    # (workers down all day) would sweep the wrong day, so it expires before then and the day is backfilled
    # with `run_reminder_sweep --on`.
    until_midnight = ((23 - hour) * 60 + (59 - minute)) * 60
    return {
        SWEEP_SCHEDULE_NAME: {
            "task": "reminders.sweep_daily",
            "schedule": crontab(minute=str(minute), hour=str(hour)),
            "options": {"expires": max(until_midnight, 60), "queue": settings.REMINDER_SWEEP_QUEUE or None},
            "description": "Daily reminder sweep: every reminder due today goes into the ledger (reminders/sweep.py).",
        },
        SWEEP_REPAIR_SCHEDULE_NAME: {
            "task": "reminders.sweep_repair",
            "schedule": crontab(minute="5-59/10"),
            # A run not picked up before the next one is due is dropped: the next one does the same work.
            "options": {"expires": 9 * 60, "queue": settings.REMINDER_SWEEP_QUEUE or None},
            "description": "Safety net: send again the chunks of a stalled sweep that never ran (reminders/tasks.py).",
        },
    }


def schedules_all() -> dict[str, dict]:
    """Every beat entry of the reminders app: the sweep's and the delivery half's (reminders/delivery.py)."""
    from reminders.delivery import DELIVERY_SCHEDULES

    return {**DELIVERY_SCHEDULES, **_sweep_schedules()}


@dataclass
class ScheduleSync:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _spec(schedule: crontab) -> dict[str, str]:
    # The same attributes django-celery-beat's CrontabSchedule.from_schedule reads.
    return {name: str(getattr(schedule, f"_orig_{name}")) for name in _FIELDS}


def _spec_text(spec: dict[str, str]) -> str:
    return " ".join(f"{name}={spec[name]}" for name in _FIELDS)


def _row_spec(row) -> dict[str, str]:
    return {name: str(getattr(row, name)) for name in _FIELDS}


def schedules_sync(*, using: str = "default") -> ScheduleSync:
    """Create or update the beat entries of ``schedules_all()`` in django-celery-beat (see the module doc)."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    report = ScheduleSync()
    with transaction.atomic(using=using):
        for name, entry in schedules_all().items():
            spec = _spec(entry["schedule"])
            options = entry.get("options", {})
            expires = options.get("expires")
            wanted = {
                "task": entry["task"],
                "args": json.dumps(list(entry.get("args", ()))),
                "kwargs": json.dumps(dict(entry.get("kwargs", {}))),
                "queue": options.get("queue") or None,
                "expire_seconds": int(expires) if isinstance(expires, int | float) else None,
                "description": f"{entry.get('description', name)} [schedule from code: {_spec_text(spec)}]",
            }
            cron = (
                CrontabSchedule.objects.using(using).filter(**spec, timezone=settings.TIME_ZONE).order_by("pk").first()
            )
            if cron is None:
                cron = CrontabSchedule.objects.using(using).create(**spec, timezone=settings.TIME_ZONE)
            row, created = PeriodicTask.objects.using(using).get_or_create(
                name=name, defaults={**wanted, "crontab": cron, "enabled": True}
            )
            if created:
                report.created.append(name)
                continue
            mark = _CODE_MARK.search(row.description or "")
            # Changed by hand: its schedule is not the one the code set last (or the code never set one).
            by_hand = row.crontab_id is None or mark is None or _spec_text(_row_spec(row.crontab)) != mark[1]
            if by_hand:
                # Keep the record of what the code set last, so the hand-made schedule is still recognised.
                last = mark[1] if mark else ""
                wanted["description"] = f"{entry.get('description', name)} [schedule from code: {last}]"
            changed = [key for key, value in wanted.items() if getattr(row, key) != value]
            if not by_hand and row.crontab_id != cron.pk:
                changed.append("crontab")
            if not changed:
                report.unchanged.append(name)
                continue
            for key in changed:
                setattr(row, key, cron if key == "crontab" else wanted[key])
            row.save()  # not update(): the save signal tells a running beat to reload its schedule
            report.updated.append(name)
    return report
