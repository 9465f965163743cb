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
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Max
from django.utils import timezone

from participants.models import Employer, Participant

# The sending tasks (reminders.deliver_batch, …) are registered by importing their module here, where
# Celery's autodiscovery looks.
from reminders import delivery  # noqa: F401
from reminders.enums import SweepChunkKind
from reminders.metrics import REMINDERS_CREATED
from reminders.models import SweepChunk
from reminders.rules import ARREARS_SEND_DAY
from reminders.sweep import pk_ranges, sweep_chunk_process, sweep_employer_chunk_process

__all__ = [
    "SweepStarted",
    "sweep_chunk",
    "sweep_daily",
    "sweep_employer_chunk",
    "sweep_repair",
    "sweep_repair_task",
    "sweep_result_backend",
    "sweep_start",
]

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


_CHUNK_TASKS = {SweepChunkKind.PARTICIPANTS: sweep_chunk, SweepChunkKind.EMPLOYERS: sweep_employer_chunk}


def _chunks_send(chunks: Iterable[SweepChunk], *, track: bool) -> list[str]:
    """Publish one chunk task per row; the task ids when ``track``."""
    route = {"queue": settings.REMINDER_SWEEP_QUEUE} if settings.REMINDER_SWEEP_QUEUE else {}
    task_ids = []
    for chunk in chunks:
        result = _CHUNK_TASKS[chunk.kind].apply_async(
            (chunk.lo, chunk.hi, chunk.on.isoformat()), ignore_result=not track, **route
        )
        if track:
            task_ids.append(result.id)
    return task_ids


def sweep_start(*, on: datetime.date, track: bool = False, chunk_size: int | None = None) -> SweepStarted:
    """Send the chunk tasks of the sweep for the day ``on``; returns how many (and their ids when ``track``).

    First writes (or, for a day swept again, re-stamps) one ``SweepChunk`` row per range, committed before
    any task is published, so that a chunk always finds its row to mark done and ``sweep_repair`` can tell a
    lost chunk from a finished one. The reminders themselves are written by the chunk tasks, each its own
    transaction. With ``track`` the chunk results are kept in the sweep's result store
    (REMINDER_SWEEP_RESULT_BACKEND) for the caller to wait on; the daily beat run does not track, so nothing
    accumulates there.
    """
    size = chunk_size or settings.REMINDER_SWEEP_CHUNK
    now = timezone.now()
    chunks = [
        SweepChunk(on=on, kind=SweepChunkKind.PARTICIPANTS, lo=lo, hi=hi, sent_at=now)
        for lo, hi in pk_ranges(Participant, size)
    ]
    participant_chunks = len(chunks)
    if on.day == ARREARS_SEND_DAY:
        # Employers' users are reminded of arrears only; on other days their ranges would find nothing.
        chunks += [
            SweepChunk(on=on, kind=SweepChunkKind.EMPLOYERS, lo=lo, hi=hi, sent_at=now)
            for lo, hi in pk_ranges(Employer, size)
        ]
    with transaction.atomic():
        SweepChunk.objects.bulk_create(
            chunks,
            batch_size=2_000,
            update_conflicts=True,
            unique_fields=["on", "kind", "lo"],
            update_fields=["hi", "sent_at"],
        )
    task_ids = _chunks_send(chunks, track=track)
    employer_chunks = len(chunks) - participant_chunks
    logger.info(
        "reminder sweep for %s: %d participant chunk(s), %d employer chunk(s) of %d keys sent",
        on.isoformat(),
        participant_chunks,
        employer_chunks,
        size,
    )
    return SweepStarted(on, participant_chunks, employer_chunks, tuple(task_ids))


def sweep_repair(*, now: datetime.datetime | None = None) -> int:
    """Send again the chunks that were sent in the last day and never done, once their sweep has stopped
    moving; returns how many. Also forgets the chunk rows sent more than REMINDER_SWEEP_KEEP_DAYS ago.

    A sweep (the chunks of one day swept) has stopped moving when none of its chunks was sent or finished in
    the last REMINDER_SWEEP_STALL_SECONDS: a sweep still working through its queue is left alone, however long
    it takes. A chunk sent again that had in fact run only repeats an idempotent chunk. Only chunks sent in
    the last 24 hours are looked at (a backfill of an old day included), so a lost chunk is made good within
    the day or not at all, never a week late.
    """
    now = now or timezone.now()
    stalled_before = now - datetime.timedelta(seconds=settings.REMINDER_SWEEP_STALL_SECONDS)
    SweepChunk.objects.filter(sent_at__lt=now - datetime.timedelta(days=settings.REMINDER_SWEEP_KEEP_DAYS)).delete()
    undone = SweepChunk.objects.filter(done_at__isnull=True, sent_at__gte=now - datetime.timedelta(days=1))
    resent = 0
    for on in undone.order_by("on").values_list("on", flat=True).distinct():
        with transaction.atomic():
            # Locked first, read after: a second repair running at once waits here, then sees this one's
            # new sent_at as movement and sends nothing.
            lost = list(undone.select_for_update().filter(on=on))
            last = SweepChunk.objects.filter(on=on).aggregate(sent=Max("sent_at"), done=Max("done_at"))
            if not lost or max(t for t in last.values() if t is not None) > stalled_before:
                continue
            SweepChunk.objects.filter(pk__in=[c.pk for c in lost]).update(sent_at=now)
        _chunks_send(lost, track=False)
        logger.warning("reminder sweep for %s: %d chunk(s) sent again (lost, or never run)", on.isoformat(), len(lost))
        resent += len(lost)
    return resent


@shared_task(name="reminders.sweep_repair", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def sweep_repair_task() -> int:
    """Safety net on beat (``reminders-sweep-repair``): chunks of a stalled sweep that never ran are sent again."""
    return sweep_repair()
