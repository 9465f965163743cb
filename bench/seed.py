"""Seeding benchmark: demo participants with whole histories into the database of DATABASE_URL.

    createdb -h 127.0.0.1 -U postgres bhxh_bench   # optional: the bench (re)creates it
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bhxh_bench .venv/bin/python bench/seed.py

Options: --participants N (default 100,000), --seed S (default 2026), --as-of YYYY-MM-DD (default
today), --workers K (processes splitting the participant range; default 1), --keep (seed into the
existing database instead of re-creating it; already-present people are skipped).

The database is dropped and re-created first, so its name must contain "bench". All migrations run
before the clock starts. Prints elapsed seconds, rows inserted per table and rows per second, then
times a second run with the same arguments (which must insert nothing).
"""

import argparse
import datetime
import io
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bhxh_portal.settings")


def copy_rows(table: str, columns: list[str], rows) -> None:
    """COPY rows (tab-separated lines) into a table through Django's connection, 4 MB at a time; shared by
    the benchmarks that seed their own data."""
    from django.db import connection

    sql = f"COPY {connection.ops.quote_name(table)} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.connection.cursor() as raw, raw.copy(sql) as copy:
        buffer = io.StringIO()
        for row in rows:
            buffer.write(row)
            if buffer.tell() > 4_000_000:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())


PEOPLE_COLUMNS = [
    "id", "public_id", "social_insurance_number", "national_id", "full_name", "birth_date", "sex", "province",
    "phone", "email", "preferred_language", "created_at",
]  # fmt: skip


def people_lines(ids: range, province_ids: list[int], public_ids: list[str], now: str):
    """COPY lines of Participant (PEOPLE_COLUMNS) for the benches that seed plain people: person i has the id,
    social-insurance and ID numbers i, and province number i (mod 34); shared by reminder_sweep and coverage."""
    for k, i in enumerate(ids):
        sex = "male" if i % 2 else "female"
        birth = datetime.date(1950 + i % 55, i % 12 + 1, i % 28 + 1).isoformat()
        yield (
            f"{i}\t{public_ids[k]}\t{i:010d}\t{i:012d}\tNguyễn Văn Thử {i}\t{birth}\t{sex}\t"
            f"{province_ids[i % len(province_ids)]}\t\t\tvi\t{now}\n"
        )


def bench_database_url() -> str:
    """DATABASE_URL, which must name a PostgreSQL database with "bench" in its name (the benches re-create it)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench' (it is re-created).")
    return url


def _recreate_database(url: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = config["NAME"]
    if "bench" not in name:
        sys.exit(f"Refusing to drop database {name!r}: the bench only re-creates databases named *bench*.")
    with psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _seed_range(args: tuple[int, int, int, str, bool]) -> dict[str, int]:
    """Runs in a worker process: seeds participants start..stop-1."""
    start, stop, seed, as_of, with_personas = args
    import django

    django.setup()
    from bhxh_portal import demo

    result = demo.demo_seed(
        participants=stop,
        start=start,
        seed=seed,
        as_of=datetime.date.fromisoformat(as_of),
        with_personas=with_personas,
        progress=_progress if with_personas else None,
    )
    return result.created


def _progress(done: int, total: int) -> None:
    if done % 10_000 == 0 or done == total:
        print(f"  … {done:,} / {total:,} participants", file=sys.stderr, flush=True)


def _seed(participants: int, seed: int, as_of: str, workers: int) -> dict[str, int]:
    if workers == 1:
        return _seed_range((0, participants, seed, as_of, True))
    # Shared rows (employers, facilities, accounts, personas) first, then disjoint ranges in parallel.
    created = _seed_range((0, 0, seed, as_of, True))
    step = -(-participants // workers)
    ranges = [(i, min(i + step, participants), seed, as_of, False) for i in range(0, participants, step)]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        for part in pool.map(_seed_range, ranges):
            for table, count in part.items():
                created[table] += count
    return created


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", default=None, help="YYYY-MM-DD; default today in Asia/Ho_Chi_Minh")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="do not re-create the database")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/bhxh_bench")

    if not args.keep:
        _recreate_database(url)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],
        check=True,
        env=os.environ,
    )
    print(f"migrate: {time.perf_counter() - started:.1f} s")

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from bhxh_portal import demo

    as_of = args.as_of or timezone.localdate().isoformat()
    print(f"seeding {args.participants:,} participants (seed {args.seed}, as of {as_of}, {args.workers} worker(s))")
    started = time.perf_counter()
    created = _seed(args.participants, args.seed, as_of, args.workers)
    elapsed = time.perf_counter() - started

    total = sum(created.values())
    print(f"\nelapsed: {elapsed:.1f} s for {args.participants:,} participants")
    print(f"{'table':<22} {'inserted':>12} {'in table':>12}")
    for table, model in demo.TABLES:
        print(f"{table:<22} {created[table]:>12,} {model.objects.count():>12,}")
    print(f"{'total':<22} {total:>12,}")
    print(
        f"rows/second: {total / elapsed:,.0f} (contribution records: {created['contribution_records'] / elapsed:,.0f})"
    )
    if created["participants"]:
        print(f"contribution records per participant: {created['contribution_records'] / created['participants']:.1f}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"database size: {cursor.fetchone()[0]}")

    started = time.perf_counter()
    again = demo.demo_seed(participants=args.participants, seed=args.seed, as_of=datetime.date.fromisoformat(as_of))
    print(
        f"\nsecond run with the same arguments: {time.perf_counter() - started:.1f} s, rows inserted: {sum(again.created.values())}"
    )


if __name__ == "__main__":
    main()
