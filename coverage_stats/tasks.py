"""The nightly coverage snapshot (beat entry in coverage_stats/schedules.py)."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from .months import month_parse, month_start, months_back
from .services import coverage_snapshot_compute


@shared_task(
    name="coverage.snapshot_nightly",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=5,
)
def snapshot_nightly(month: str | None = None) -> int:
    """Recompute the current month and the previous one (late payments for it still arrive), or only `month`
    ("YYYY-MM"). Idempotent: each month's rows are replaced."""
    today = timezone.localdate()
    if month:
        parsed = month_parse(month)
        if parsed is None:
            raise ValueError(f"month must look like 2026-11, not {month!r}")
        return coverage_snapshot_compute(month=parsed, today=today)
    current = month_start(today)
    return sum(coverage_snapshot_compute(month=m, today=today) for m in (months_back(current, 1), current))
