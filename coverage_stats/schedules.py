"""The coverage snapshot's beat entry, defined in code and put into django-celery-beat after `migrate`.

Created when missing; an existing entry keeps its schedule and its `enabled` flag (an admin may have moved or
paused it), only the task name follows the code.
"""

from celery.schedules import crontab
from django.conf import settings
from django.db import transaction

SNAPSHOT_SCHEDULE_NAME = "coverage-nightly-snapshot"


def schedules_sync(*, using: str = "default") -> bool:
    """Create the nightly entry if it is missing; True when it was created."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    hour, minute = settings.COVERAGE_SNAPSHOT_HOUR, settings.COVERAGE_SNAPSHOT_MINUTE
    schedule = crontab(minute=str(minute), hour=str(hour))
    with transaction.atomic(using=using):
        cron, _ = CrontabSchedule.objects.using(using).get_or_create(
            minute=str(schedule._orig_minute),
            hour=str(schedule._orig_hour),
            day_of_month="*",
            month_of_year="*",
            day_of_week="*",
            timezone=settings.TIME_ZONE,
        )
        row, created = PeriodicTask.objects.using(using).get_or_create(
            name=SNAPSHOT_SCHEDULE_NAME,
            defaults={
                "task": "coverage.snapshot_nightly",
                "crontab": cron,
                "enabled": True,
                "description": "Nightly coverage snapshot of this month and the previous one (coverage_stats/tasks.py).",
            },
        )
        if not created and row.task != "coverage.snapshot_nightly":
            row.task = "coverage.snapshot_nightly"
            row.save()
    return created
