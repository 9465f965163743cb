"""`manage.py run_reminder_sweep [--on YYYY-MM-DD] [--wait]`: the daily sweep beat starts, for any day.

Used to backfill a day the sweep missed (the ledger's unique keys drop what was already created) or to run the
sweep by hand. It sends the chunk tasks to the workers like beat does; `--wait` blocks until they are done and
prints what they created and how the deliveries of that day stand. Nothing personal is printed.
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.enums import Channel, DeliveryStatus
from reminders.schedules import schedules_sync
from reminders.sweep import sweep_delivery_counts, sweep_reminder_count
from reminders.tasks import sweep_chunk, sweep_start

_POLL_SECONDS = 0.5


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--on must be a date such as 2026-12-01, not {value!r}.") from exc


class Command(BaseCommand):
    help = (
        "Start the reminder sweep for a day (default: today, Asia/Ho_Chi_Minh) on the Celery workers. Running it "
        "again for the same day creates nothing new. --wait blocks until its tasks are done and prints the counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", type=_day, default=None, help="the day to sweep, YYYY-MM-DD (default: today)")
        parser.add_argument("--wait", action="store_true", help="wait for the chunk tasks and print the counts")
        parser.add_argument(
            "--timeout", type=float, default=3600.0, help="seconds --wait waits at most (default: 3600)"
        )
        parser.add_argument("--chunk", type=int, default=None, help="participants per task (REMINDER_SWEEP_CHUNK)")

    def handle(self, *args, on, wait, timeout, chunk, **options):
        if chunk is not None and chunk < 1:
            raise CommandError("--chunk must be at least 1.")
        on = on or timezone.localdate()
        schedules_sync()  # a deploy that skipped migrate still gets its beat entries
        started_at = time.monotonic()
        started = sweep_start(on=on, track=wait, chunk_size=chunk)
        self.stdout.write(
            f"Reminder sweep for {on:%d/%m/%Y}: {started.participant_chunks} participant chunk(s) and "
            f"{started.employer_chunks} employer chunk(s) sent to the workers."
        )
        if not wait:
            return
        deadline = started_at + timeout
        totals, failed = self._wait_for_chunks(started.task_ids, deadline)
        self.stdout.write(
            f"Chunks done in {time.monotonic() - started_at:.1f} s: {totals['reminders']} reminder(s) created, "
            f"{totals['deliveries']} delivery row(s), {totals['queued']} queued for e-mail or SMS."
        )
        if failed:
            raise CommandError(f"{failed} chunk task(s) failed; see the worker log. Run the command again.")
        self._wait_for_sending(on, deadline)
        self._report(on)

    def _wait_for_chunks(self, task_ids, deadline: float) -> tuple[dict[str, int], int]:
        totals = {"reminders": 0, "deliveries": 0, "queued": 0}
        failed = 0
        pending = [sweep_chunk.AsyncResult(task_id) for task_id in task_ids]
        while pending:
            still = []
            for result in pending:
                if not result.ready():
                    still.append(result)
                    continue
                if result.successful():
                    for key, value in (result.result or {}).items():
                        totals[key] = totals.get(key, 0) + int(value)
                else:
                    failed += 1
                result.forget()  # nobody else reads it; do not leave it in the result store
            pending = still
            if pending:
                if time.monotonic() > deadline:
                    raise CommandError(
                        f"{len(pending)} chunk task(s) still running after the timeout; is a worker running? "
                        "The chunks that ran are kept; running the command again completes the day."
                    )
                time.sleep(_POLL_SECONDS)
        return totals, failed

    def _wait_for_sending(self, on: datetime.date, deadline: float) -> None:
        """Give the delivery tasks the rest of the timeout to send what the chunks queued."""
        while time.monotonic() < deadline:
            counts = sweep_delivery_counts(on=on)
            if not any(status == DeliveryStatus.QUEUED for _channel, status in counts):
                return
            time.sleep(_POLL_SECONDS)

    def _report(self, on: datetime.date) -> None:
        counts = sweep_delivery_counts(on=on)
        sent = sum(
            n for (_channel, status), n in counts.items() if status in (DeliveryStatus.SENT, DeliveryStatus.DELIVERED)
        )
        self.stdout.write(
            f"Due on {on:%d/%m/%Y}: {sweep_reminder_count(on=on)} reminder(s) in the ledger, {sent} delivery(ies) "
            "sent or delivered."
        )
        for channel in Channel:
            by_status = {status: n for (ch, status), n in sorted(counts.items()) if ch == channel}
            if by_status:
                detail = ", ".join(f"{status} {n}" for status, n in by_status.items())
                self.stdout.write(f"  {channel.value:<6} {detail}")
        self.stdout.write(self.style.SUCCESS("Done."))
