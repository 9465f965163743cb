"""Coverage-statistics benchmark: N participants in PostgreSQL, the monthly snapshot, then the API's answer time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bhxh_coverage_bench \\
        .venv/bin/python bench/coverage.py --participants 1000000

Re-creates the database (its name must contain "bench"), migrates, and seeds with COPY: N people spread over
the 34 provinces, a health-insurance card each (one in ten expired before the month measured), and for the
month measured and the same month a year earlier a compulsory contribution record for two people in three
(nine in ten of them with unemployment insurance, employers in every province) and a voluntary one for one in
twenty. Then it times the snapshot of both months (`coverage_snapshot_compute`, what the nightly task runs) and
`--requests` GETs of `/api/v1/stats/coverage/` through Django's whole request stack as a staff user, national
and for one province, and prints the median and p95 (target: under 300 ms).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bhxh_portal.settings")

from seed import PEOPLE_COLUMNS, _recreate_database, bench_database_url, copy_rows, people_lines  # noqa: E402 - bench/seed.py

MONTH = datetime.date(2026, 11, 1)
YEAR_AGO = datetime.date(2025, 11, 1)


def _seed(people: int) -> dict[str, int]:
    from django.db import connection, transaction

    from bhxh_portal import demo
    from participants.models import ContributionRecord, HealthInsuranceCard, Participant, Province

    provinces = dict(Province.objects.values_list("code", "name"))
    result = demo.SeedResult()
    facility_ids = list(demo._ensure_facilities(demo.facility_plans(2026, provinces), result).values())
    employer_ids = list(demo._ensure_employers(demo.employer_plans(2026, provinces), result).values())
    province_ids = list(Province.objects.values_list("id", flat=True))
    now = datetime.datetime.now(datetime.UTC).isoformat()
    ids = range(1, people + 1)
    rows = {"participants": people, "cards": people, "contributions": 0}

    def participants():
        return people_lines(ids, province_ids, demo._public_ids(people), now)

    def cards():
        public_ids = demo._public_ids(people)
        for k, i in enumerate(ids):
            valid_to = datetime.date(2026, 10, 31) if i % 10 == 0 else datetime.date(2027, 6, 30)
            yield (
                f"{public_ids[k]}\t{i}\tGD4{i:012d}\tGD\t4\t2024-07-01\t{valid_to}\t"
                f"{facility_ids[i % len(facility_ids)]}\t2024-06-20\n"
            )

    def contributions():
        for month in (YEAR_AGO, MONTH):
            compulsory = [i for i in ids if i % 3]
            voluntary = [i for i in ids if i % 20 == 0 and i % 3 == 0]
            public_ids = iter(demo._public_ids(len(compulsory) + len(voluntary)))
            for i in compulsory:
                ui = 100_000 if i % 10 else 0
                rows["contributions"] += 1
                yield (
                    f"{next(public_ids)}\t{i}\t{month}\t{employer_ids[i % len(employer_ids)]}\tcompulsory\t10000000\t"
                    f"2200000\t300000\t50000\t450000\t{ui}\t1050000\tpaid\t{month}\n"
                )
            for i in voluntary:
                rows["contributions"] += 1
                yield f"{next(public_ids)}\t{i}\t{month}\t\\N\tvoluntary\t1500000\t330000\t0\t0\t0\t0\t330000\tpaid\t{month}\n"

    def columns(model, names):
        return [connection.ops.quote_name(model._meta.get_field(n).column) for n in names]

    with transaction.atomic():
        copy_rows(
            Participant._meta.db_table,
            columns(Participant, PEOPLE_COLUMNS),
            participants(),
        )  # fmt: skip
        copy_rows(
            HealthInsuranceCard._meta.db_table,
            columns(HealthInsuranceCard, ["public_id", "participant", "card_number", "object_group", "benefit_level",
                                          "valid_from", "valid_to", "facility", "issued_on"]),
            cards(),
        )  # fmt: skip
        copy_rows(
            ContributionRecord._meta.db_table,
            columns(ContributionRecord, ["public_id", "participant", "month", "employer", "scheme", "salary_basis",
                                         "retirement_amount", "sickness_maternity_amount", "occupational_amount",
                                         "health_amount", "unemployment_amount", "employee_share", "status",
                                         "paid_on"]),
            contributions(),
        )  # fmt: skip
        with connection.cursor() as cursor:
            table = Participant._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [people])
    with connection.cursor() as cursor:
        for model in (Participant, HealthInsuranceCard, ContributionRecord):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return rows


def _times(client, params: dict, count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get("/api/v1/stats/coverage/", params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content
    return times


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    _recreate_database(bench_database_url())

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User
    from coverage_stats.services import coverage_snapshot_compute

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    rows = _seed(args.participants)
    print(f"seeded {rows} in {time.perf_counter() - started:.1f} s")
    for month in (YEAR_AGO, MONTH):
        started = time.perf_counter()
        coverage_snapshot_compute(month=month, today=datetime.date(2026, 12, 6))
        print(f"snapshot {month:%Y-%m}: {time.perf_counter() - started:.2f} s")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    staff = User.objects.create(username="bench-staff", role="admin", is_staff=True)
    client = Client()
    client.force_login(staff)
    for label, params in (("national", {"month": "2026-11"}), ("one province", {"month": "2026-11", "province": "79"})):
        _times(client, params, 3)  # warm-up
        times = _times(client, params, args.requests)
        print(
            f"GET /api/v1/stats/coverage/ {label}: median {statistics.median(times):.1f} ms, "
            f"p95 {_p95(times):.1f} ms over {args.requests} requests"
        )


if __name__ == "__main__":
    main()
