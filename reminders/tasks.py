"""Celery tasks of the daily reminder sweep. They take a key range and a day (JSON), call one service, and are
idempotent by the ledger's unique keys: a redelivered message (``acks_late`` with ``reject_on_worker_lost``:
a worker killed mid-chunk gives its message back to the broker) runs the chunk again and creates nothing twice.

The sending half (``reminders.deliver_batch`` …) lives in reminders/delivery.py.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from celery import Task, shared_task
from celery.app.backends import by_url
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from participants.models import Employer, Participant

# The sending tasks (reminders.deliver_batch, …) are registered by importing their module here, where
# Celery's autodiscovery looks.
from reminders import delivery  # noqa: F401
from reminders.metrics import REMINDERS_CREATED
from reminders.rules import ARREARS_SEND_DAY
from reminders.sweep import pk_ranges, sweep_chunk_process, sweep_employer_chunk_process

__all__ = ["SweepStarted", "sweep_chunk", "sweep_daily", "sweep_employer_chunk", "sweep_result_backend", "sweep_start"]

logger = logging.getLogger(__name__)

_backends: dict[tuple[int, str], object] = {}
_backends_lock = threading.Lock()


def sweep_result_backend(app):
    """The result store of the chunk tasks, from REMINDER_SWEEP_RESULT_BACKEND.

    The project runs without a Celery result backend (CELERY_RESULT_BACKEND unset), and nothing else needs
    one; only ``run_reminder_sweep --wait`` must know when the chunks are done. So the chunk tasks, alone,
    store their results: in Redis when the broker is Redis, in files under var/ on the embedded default.
    One backend object per app and URL (it holds a connection pool).
    """
    url = settings.REMINDER_SWEEP_RESULT_BACKEND
    key = (id(app), url)
    with _backends_lock:
        if key not in _backends:
            backend_class, backend_url = by_url(url, app.loader)
            _backends[key] = backend_class(app=app, url=backend_url)
        return _backends[key]


class SweepTask(Task):
    """Acknowledged after the chunk is done, re-queued if the worker dies, retried on database hiccups."""

    acks_late = True
    reject_on_worker_lost = True
    # A dropped connection, a deadlock victim or a serialization failure leaves nothing behind (the chunk is one
    # transaction), so running it again later is safe; anything else is a bug and fails loudly.
    autoretry_for = (OperationalError, InterfaceError)
    retry_backoff = 5
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 5

    @property
    def backend(self):
        if self._backend is None:
            self._backend = sweep_result_backend(self.app)
        return self._backend

    @backend.setter
    def backend(self, value):
        self._backend = value


@shared_task(base=SweepTask, name="reminders.sweep_chunk")
def sweep_chunk(lo: int, hi: int, on_iso: str) -> dict[str, int]:
    """The reminders due on ``on_iso`` to participants with ``lo <= pk < hi``."""
    outcome = sweep_chunk_process(lo=int(lo), hi=int(hi), on=datetime.date.fromisoformat(on_iso))
    REMINDERS_CREATED.labels("sweep").inc(outcome.reminders)  # the chunk's transaction has committed
    return outcome.as_dict()


@shared_task(base=SweepTask, name="reminders.sweep_employer_chunk")
def sweep_employer_chunk(lo: int, hi: int, on_iso: str) -> dict[str, int]:
    """The arrears reminders due on ``on_iso`` to the users of employers with ``lo <= pk < hi``."""
    outcome = sweep_employer_chunk_process(lo=int(lo), hi=int(hi), on=datetime.date.fromisoformat(on_iso))
    REMINDERS_CREATED.labels("sweep").inc(outcome.reminders)
    return outcome.as_dict()


@shared_task(name="reminders.sweep_daily", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def sweep_daily(on_iso: str | None = None) -> None:
    """Beat's entry point: the sweep for today on the local clock (Asia/Ho_Chi_Minh), or for ``on_iso``.

    Sending the chunks twice (a redelivered message, a second beat) only repeats idempotent chunks.
    """
    on = datetime.date.fromisoformat(on_iso) if on_iso else timezone.localdate()
    sweep_start(on=on)


@dataclass(frozen=True, slots=True)
class SweepStarted:
    """What ``sweep_start`` sent. ``task_ids`` is filled only when asked to track (``--wait``)."""

    on: datetime.date
    participant_chunks: int
    employer_chunks: int
    task_ids: tuple[str, ...] = ()

    @property
    def chunks(self) -> int:
        return self.participant_chunks + self.employer_chunks


def sweep_start(*, on: datetime.date, track: bool = False, chunk_size: int | None = None) -> SweepStarted:
    """Send the chunk tasks of the sweep for the day ``on``; returns how many (and their ids when ``track``).

    Writes nothing itself: each chunk task is its own transaction. With ``track`` the chunk results are kept
    in the sweep's result store (REMINDER_SWEEP_RESULT_BACKEND) for the caller to wait on; the daily beat run
    does not track, so nothing accumulates there.
    """
    size = chunk_size or settings.REMINDER_SWEEP_CHUNK
    on_iso = on.isoformat()
    task_ids: list[str] = []
    route = {"queue": settings.REMINDER_SWEEP_QUEUE} if settings.REMINDER_SWEEP_QUEUE else {}

    def send(task, ranges: Iterable[tuple[int, int]]) -> int:
        sent = 0
        for lo, hi in ranges:
            result = task.apply_async((lo, hi, on_iso), ignore_result=not track, **route)
            if track:
                task_ids.append(result.id)
            sent += 1
        return sent

    participant_chunks = send(sweep_chunk, pk_ranges(Participant, size))
    employer_chunks = 0
    if on.day == ARREARS_SEND_DAY:
        # Employers' users are reminded of arrears only; on other days their ranges would find nothing.
        employer_chunks = send(sweep_employer_chunk, pk_ranges(Employer, size))
    logger.info(
        "reminder sweep for %s: %d participant chunk(s), %d employer chunk(s) of %d keys sent",
        on_iso,
        participant_chunks,
        employer_chunks,
        size,
    )
    return SweepStarted(on, participant_chunks, employer_chunks, tuple(task_ids))
