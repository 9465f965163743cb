"""`manage.py seed_demo`: create the demo data that is missing (idempotent, deterministic)."""

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bhxh_portal import demo, page_cache


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-of must be a date such as 2026-11-25, not {value!r}.") from exc


class Command(BaseCommand):
    help = (
        "Create demo employers, facilities, participants with whole contribution histories and the demo "
        "accounts. Running it again with the same arguments changes nothing; a larger --participants only "
        "adds people. Prints counts only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=demo.DEFAULT_PARTICIPANTS, help="generated people")
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="random seed")
        parser.add_argument(
            "--as-of", type=_date, default=None, help="the day histories run up to (default: today); YYYY-MM-DD"
        )
        parser.add_argument("--chunk-size", type=int, default=demo.CHUNK_SIZE, help="people per transaction")

    def handle(self, *args, participants, seed, as_of, chunk_size, **options):
        # The demo accounts have published passwords (demo_logins prints them), so never in production.
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("seed_demo creates accounts with published passwords; it refuses to run in production.")
        if not 0 <= participants <= demo.MAX_PARTICIPANTS:
            raise CommandError(f"--participants must be between 0 and {demo.MAX_PARTICIPANTS}.")
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        started = time.perf_counter()
        result = demo.demo_seed(participants=participants, seed=seed, as_of=as_of, chunk_size=chunk_size)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Demo data (participants={participants}, seed={seed}) in {elapsed:.1f} s. Rows created:")
        for table, count in result.created.items():
            self.stdout.write(f"  {table:<22} {count:>12,}")
        if result.skipped_collisions:
            self.stdout.write(
                self.style.WARNING(
                    f"  {result.skipped_collisions} generated people were skipped: their identifiers belong to "
                    "other records."
                )
            )
        activity = demo.demo_activity_seed(as_of=as_of)
        self.stdout.write(
            f"  {'demo check-ins':<22} {activity['checkins']:>12,}\n  {'reminders (backfill)':<22} {activity['reminders']:>12,}"
        )
        as_of_day = as_of or timezone.localdate()
        coverage_months = demo.demo_coverage_seed(as_of=as_of_day)
        self.stdout.write(f"  {'coverage months':<22} {coverage_months:>12,}")
        # Loaded in bulk, past the save signals: no page kept before the load may be served after it.
        page_cache.everyone_changed()
        if not any(result.created.values()) and not any(activity.values()) and not coverage_months:
            self.stdout.write("Nothing to do: the demo data was already there.")
        else:
            self.stdout.write(self.style.SUCCESS("Done. `manage.py demo_logins` lists the demo sign-ins."))
