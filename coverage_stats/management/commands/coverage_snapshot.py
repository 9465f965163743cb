"""`manage.py coverage_snapshot [--month YYYY-MM] [--months N]`: compute the coverage snapshot of a month (by
default the current one) and of the N-1 months before it, in the foreground. Re-running replaces the rows."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coverage_stats.months import month_parse, month_start, months_back
from coverage_stats.services import coverage_snapshot_compute


class Command(BaseCommand):
    help = "Compute the monthly coverage snapshot rows of a month (default: this month), replacing any already there."

    def add_arguments(self, parser):
        parser.add_argument("--month", default=None, help="YYYY-MM (default: this month)")
        parser.add_argument("--months", type=int, default=1, help="how many months, going back from --month")

    def handle(self, *args, month, months, **options):
        today = timezone.localdate()
        last = month_start(today) if month is None else month_parse(month)
        if last is None:
            raise CommandError(f"--month must look like 2026-11, not {month!r}.")
        if last > month_start(today):
            raise CommandError("--month cannot be after the current month.")
        if not 1 <= months <= 240:
            raise CommandError("--months must be between 1 and 240.")
        for back in range(months - 1, -1, -1):
            started = time.perf_counter()
            target = months_back(last, back)
            rows = coverage_snapshot_compute(month=target, today=today)
            self.stdout.write(f"{target:%Y-%m}: {rows} provinces in {time.perf_counter() - started:.2f} s")
