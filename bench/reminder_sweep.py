"""Reminder-sweep benchmark: N participants in PostgreSQL, a full sweep run by real Celery workers over Redis.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bhxh_bench \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/reminder_sweep.py --participants 1000000

Options: --participants N (default 1,000,000), --on YYYY-MM-DD (default: the first day of the next quarter,
the heaviest day: every valid card gets the facility-window reminder), --workers K (worker processes, each
``--concurrency 1``; default 2), --chunk (participants per task; default REMINDER_SWEEP_CHUNK).

Seeds the people directly with COPY into a database whose name must contain "bench" (dropped and re-created
by bench/seed.py's helper): one current health-insurance card each, ``valid_to`` spread over the next 400
days, and an open employment for two people in three (their cards renew through the employer, so only the
facility window concerns them). Nobody has an e-mail address or a phone, so the sweep's e-mail and SMS
deliveries are "skipped" and the figures measure the sweep, not a mail server.

The sweep runs twice with fresh workers: at N/10 people, then at N (the ledger emptied in between), and prints
for each: participants, chunks, reminders and deliveries created, wall time, rows per second, and the workers'
peak memory (VmHWM of each worker process and its pool children, from /proc). Flat memory from N/10 to N shows
that a worker holds one chunk, never the population.
"""

import argparse
import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bhxh_portal.settings")

from seed import PEOPLE_COLUMNS, _recreate_database, copy_rows, people_lines  # noqa: E402 - bench/seed.py, next to this file

CARD_SPREAD_DAYS = 400
WORKER_LOG = Path(os.environ.get("BENCH_WORKER_LOG", ROOT / "var" / "bench-reminder-sweep-workers.log"))


def _next_quarter_start(day: datetime.date) -> datetime.date:
    month = ((day.month - 1) // 3 + 1) * 3 + 1
    return datetime.date(day.year + (month > 12), (month - 1) % 12 + 1, 1)


def _seed(first: int, last: int, on: datetime.date) -> None:
    """People ``first``..``last`` (ids = numbers), with a card each and an open job for two in three."""
    from django.db import connection, transaction

    from bhxh_portal import demo
    from participants.models import Employer, Employment, HealthInsuranceCard, MedicalFacility, Participant, Province

    provinces = dict(Province.objects.values_list("code", "name"))
    result = demo.SeedResult()
    facility_ids = list(demo._ensure_facilities(demo.facility_plans(2026, provinces), result).values())
    employer_ids = list(demo._ensure_employers(demo.employer_plans(2026, provinces), result).values())
    province_ids = list(Province.objects.values_list("id", flat=True))
    now = datetime.datetime.now(datetime.UTC).isoformat()
    count = last - first + 1
    ids = range(first, last + 1)

    def people():
        return people_lines(ids, province_ids, demo._public_ids(count), now)

    def cards():
        public_ids = demo._public_ids(count)
        for k, i in enumerate(ids):
            valid_to = on + datetime.timedelta(days=(i * 7919) % CARD_SPREAD_DAYS)
            valid_from = valid_to - datetime.timedelta(days=364)
            yield (
                f"{public_ids[k]}\t{i}\tGD4{i:012d}\tGD\t4\t{valid_from}\t{valid_to}\t"
                f"{facility_ids[i % len(facility_ids)]}\t{valid_from}\n"
            )

    def jobs():
        employed = [i for i in ids if i % 3]
        public_ids = demo._public_ids(len(employed))
        for k, i in enumerate(employed):
            yield f"{public_ids[k]}\t{i}\t{employer_ids[i % len(employer_ids)]}\t2020-01-01\t\tf\tindefinite\n"

    def columns(model, names):
        return [connection.ops.quote_name(model._meta.get_field(n).column) for n in names]

    with transaction.atomic():
        copy_rows(
            Participant._meta.db_table,
            columns(Participant, PEOPLE_COLUMNS),
            people(),
        )  # fmt: skip
        copy_rows(
            HealthInsuranceCard._meta.db_table,
            columns(
                HealthInsuranceCard,
                [
                    "public_id", "participant", "card_number", "object_group", "benefit_level", "valid_from",
                    "valid_to", "facility", "issued_on",
                ],
            ),
            cards(),
        )  # fmt: skip
        copy_rows(
            Employment._meta.db_table,
            columns(
                Employment,
                ["public_id", "participant", "employer", "start_date", "job_title", "hazardous", "contract_kind"],
            ),
            jobs(),
        )
        table = Participant._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [last])
    with connection.cursor() as cursor:
        for model in (Participant, HealthInsuranceCard, Employment, Employer, MedicalFacility):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _worker_tree_hwm(pids: list[int]) -> dict[int, int]:
    """Peak RSS (KiB) per process: the worker mains and their pool children."""
    peaks = {}
    for pid in pids:
        for p in [pid, *_children(pid)]:
            peaks[p] = _hwm_kib(p)
    return peaks


def _start_workers(count: int, queue: str, env: dict[str, str]) -> list[subprocess.Popen]:
    workers = []
    WORKER_LOG.parent.mkdir(parents=True, exist_ok=True)
    log = WORKER_LOG.open("a")  # shared by the worker processes; closed when the bench exits
    for k in range(count):
        workers.append(
            subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "bhxh_portal", "worker", "--concurrency", "1",
                    "--pool", "prefork", "-Q", queue, "-n", f"bench{k}-{queue}@%h", "--loglevel", "WARNING",
                    "--without-gossip", "--without-mingle", "--without-heartbeat",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )  # fmt: skip
    return workers


def _stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _run(label: str, people: int, on: datetime.date, workers: int, chunk: int, queue: str, env) -> dict:
    from django.db import connection

    from reminders.models import Delivery, Reminder
    from reminders.tasks import sweep_chunk, sweep_start

    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {connection.ops.quote_name(Delivery._meta.db_table)}, "
            f"{connection.ops.quote_name(Reminder._meta.db_table)}"
        )
    procs = _start_workers(workers, queue, env)
    try:
        time.sleep(3)  # let the workers connect before the clock starts
        started = time.perf_counter()
        sent = sweep_start(on=on, track=True, chunk_size=chunk)
        totals = {"reminders": 0, "deliveries": 0, "queued": 0}
        pending = [sweep_chunk.AsyncResult(task_id) for task_id in sent.task_ids]
        peak: dict[int, int] = {}
        while pending:
            still = []
            for result in pending:
                if result.ready():
                    for key, value in result.get(propagate=True).items():
                        totals[key] += value
                    result.forget()
                else:
                    still.append(result)
            pending = still
            for pid, kib in _worker_tree_hwm([p.pid for p in procs]).items():
                peak[pid] = max(peak.get(pid, 0), kib)
            if pending:
                time.sleep(0.2)
        wall = time.perf_counter() - started
        for pid, kib in _worker_tree_hwm([p.pid for p in procs]).items():
            peak[pid] = max(peak.get(pid, 0), kib)
    finally:
        _stop(procs)
    rows = totals["reminders"] + totals["deliveries"]
    line = {
        "label": label,
        "participants": people,
        "chunks": sent.chunks,
        "reminders": totals["reminders"],
        "deliveries": totals["deliveries"],
        "wall_s": wall,
        "rows_per_s": rows / wall if wall else 0.0,
        "participants_per_s": people / wall if wall else 0.0,
        "max_rss_mib": max(peak.values(), default=0) / 1024,
        "rss_mib": sorted(round(kib / 1024, 1) for kib in peak.values()),
    }
    assert Reminder.objects.filter(due_on=on).count() == totals["reminders"], "ledger and chunk results disagree"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument("--on", default=None, help="YYYY-MM-DD; default: the first day of the next quarter")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=None)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench'.")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        sys.exit("Set CELERY_BROKER_URL to Redis, e.g. redis://127.0.0.1:6379/0")
    # A queue of our own: another worker on the same Redis must not take the bench's chunks (or the reverse).
    queue = f"bench-sweep-{uuid.uuid4().hex[:8]}"
    os.environ["REMINDER_SWEEP_QUEUE"] = queue
    os.environ["REMINDER_DELIVERY_QUEUE"] = queue
    env = dict(os.environ)

    _recreate_database(url)
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True, env=env, cwd=ROOT)

    import django

    django.setup()
    from django.conf import settings
    from django.utils import timezone

    on = datetime.date.fromisoformat(args.on) if args.on else _next_quarter_start(timezone.localdate())
    chunk = args.chunk or settings.REMINDER_SWEEP_CHUNK
    small = max(1, args.participants // 10)
    print(f"sweep of {on:%d/%m/%Y}, {args.workers} worker process(es) x concurrency 1, {chunk:,} people a chunk")
    print(f"worker log: {WORKER_LOG}")

    lines = []
    seeded = 0
    for label, people in (("N/10", small), ("N", args.participants)):
        started = time.perf_counter()
        _seed(seeded + 1, people, on)
        print(f"seeded {people - seeded:,} people by COPY in {time.perf_counter() - started:.1f} s")
        seeded = people
        lines.append(_run(label, people, on, args.workers, chunk, queue, env))
        line = lines[-1]
        print(
            f"{line['label']:>5}: {line['participants']:>10,} participants {line['chunks']:>6,} chunks "
            f"{line['reminders']:>10,} reminders {line['deliveries']:>10,} deliveries "
            f"{line['wall_s']:>7.1f} s {line['rows_per_s']:>9,.0f} rows/s {line['participants_per_s']:>8,.0f} people/s "
            f"max worker RSS {line['max_rss_mib']:.1f} MiB (per process: {line['rss_mib']})",
            flush=True,
        )
    if len(lines) == 2 and lines[0]["max_rss_mib"]:
        print(f"memory N vs N/10: x{lines[1]['max_rss_mib'] / lines[0]['max_rss_mib']:.2f}")


if __name__ == "__main__":
    main()
