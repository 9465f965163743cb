"""Employer staff-list benchmark: one employer with 50,000 current staff on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bhxh_bench .venv/bin/python bench/employer_staff.py

Options: --staff N (default 50,000), --months M (contribution months per person, default 24), --reps R
(timed repetitions per page, default 20), --keep (reuse the seeded database of an earlier run: no
re-create, no seeding), --explain-over MS (EXPLAIN ANALYZE the queries of any page whose median is above
this, default 200), --as-of YYYY-MM-DD (default today), --no-jit (SET jit = off on the bench's connection,
to compare with the server's default).

The database is dropped and re-created (bench/seed.py's helper; its name must contain "bench") and
migrated, then seeded with COPY: the employer, N people with an open employment, a current card for all
but one in fifty (valid-to dates spread from a month ago to a year ahead), and M months of compulsory
contributions each, the last one to three months unpaid for one person in four. Tables are ANALYZEd.

For the default sort (name) and each of -start, valid_to, -unpaid, and the expiring and arrears filters,
it prints the median and p95 time of `staff_page_get` for page 1 and for page 1,000 (or the filter's
last page when it has fewer), and the number of queries per page. The cursor of page 1,000 is reached
once, untimed, by walking the keyset in steps of 2,000 rows (the same cursor 999 pages of 50 give);
then that page is fetched R times with its cursor. Last, a full CSV and XLSX export through the views:
rows per second, and the peak Python memory (tracemalloc, a separate run) of the view.
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bhxh_portal.settings")

from seed import _recreate_database, copy_rows  # noqa: E402 - bench/seed.py, next to this file

UNIT_CODE = "0109999999DNA03"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Thu", "Gia"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hạnh", "Hùng", "Khánh", "Lan", "Linh", "Mai", "Nam", "Phương"]
GIVEN += ["Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tú", "Uyên", "Việt", "Xuân", "Yến"]
SCENARIOS = [
    ("name (default)", {}),
    ("-start", {"sort": "-start"}),
    ("valid_to", {"sort": "valid_to"}),
    ("-unpaid", {"sort": "-unpaid"}),
    ("expiring", {"expiring": True}),
    ("arrears", {"arrears": True}),
]
TARGET_PAGE = 1000
WALK_STEP = 2000


def _month_back(day: datetime.date, back: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - back
    return datetime.date(index // 12, index % 12 + 1, 1)


def _seed(staff: int, months: int, today: datetime.date) -> dict[str, int]:
    from django.db import connection, transaction

    from participants.models import (
        ContributionRecord,
        Employer,
        Employment,
        HealthInsuranceCard,
        MedicalFacility,
        Participant,
        Province,
    )

    home = Province.objects.get(code="01")
    employer = Employer.objects.create(
        unit_code=UNIT_CODE, name="Công ty Cổ phần May Sông Hồng", tax_code="0109999999", region="I", province=home
    )
    facility = MedicalFacility.objects.create(
        code="01999", name="Trạm Y tế phường Bến Thành", level="primary", province=home
    )
    now = datetime.datetime.now(datetime.UTC).isoformat()
    ids = range(1, staff + 1)

    def columns(model, names):
        return [connection.ops.quote_name(model._meta.get_field(n).column) for n in names]

    def people():
        for i in ids:
            sex = "female" if i % 2 else "male"
            name = f"{FAMILY[i * 7 % len(FAMILY)]} {MIDDLE[i * 3 % len(MIDDLE)]} {GIVEN[i * 11 % len(GIVEN)]}"
            birth = datetime.date(1966 + i % 38, i % 12 + 1, i % 28 + 1)
            yield f"{i}\t{uuid.uuid4()}\t79{i:08d}\t079{i:09d}\t{name}\t{birth}\t{sex}\t{home.pk}\t\t\tvi\t{now}\n"

    def jobs():
        for i in ids:
            start = datetime.date(2005 + i % 20, i % 12 + 1, i % 28 + 1)
            yield f"{uuid.uuid4()}\t{i}\t{employer.pk}\t{start}\t\\N\tCông nhân may\tf\tindefinite\t{5_000_000 + i % 50 * 100_000}\n"

    def cards():
        for i in ids:
            if i % 50 == 0:
                continue  # not covered
            valid_to = today + datetime.timedelta(days=(i * 7919) % 395 - 30)
            valid_from = valid_to - datetime.timedelta(days=364)
            yield f"{uuid.uuid4()}\t{i}\tDN479{i:08d}\tDN\t4\t{valid_from}\t{valid_to}\t{facility.pk}\t{valid_from}\n"

    def unpaid_months(i: int) -> int:
        return (i // 4) % 3 + 1 if i % 4 == 0 else 0

    def contributions():
        month_list = [_month_back(today, k) for k in range(months, 0, -1)]
        for i in ids:
            salary = 5_000_000 + i % 50 * 100_000
            funds = (salary * 22 // 100, salary * 3 // 100, salary * 5 // 1000, salary * 45 // 1000, salary * 2 // 100)
            employee = salary * 8 // 100 + salary * 15 // 1000 + salary // 100
            first_unpaid = months - unpaid_months(i)
            for k, month in enumerate(month_list):
                paid = k < first_unpaid
                status, paid_on = (
                    ("paid", _month_back(month, -1) + datetime.timedelta(days=14)) if paid else ("unpaid", "\\N")
                )
                yield (
                    f"{uuid.uuid4()}\t{i}\t{month}\t{employer.pk}\tcompulsory\t{salary}\t"
                    f"{funds[0]}\t{funds[1]}\t{funds[2]}\t{funds[3]}\t{funds[4]}\t{employee}\t{status}\t{paid_on}\n"
                )

    with transaction.atomic():
        copy_rows(
            Participant._meta.db_table,
            columns(
                Participant,
                [
                    "id", "public_id", "social_insurance_number", "national_id", "full_name", "birth_date", "sex",
                    "province", "phone", "email", "preferred_language", "created_at",
                ],
            ),
            people(),
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{Participant._meta.db_table}', 'id'), %s)", [max(staff, 1)]
            )
        copy_rows(
            Employment._meta.db_table,
            columns(
                Employment,
                [
                    "public_id", "participant", "employer", "start_date", "end_date", "job_title", "hazardous",
                    "contract_kind", "salary",
                ],
            ),
            jobs(),
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
            ContributionRecord._meta.db_table,
            columns(
                ContributionRecord,
                [
                    "public_id", "participant", "month", "employer", "scheme", "salary_basis", "retirement_amount",
                    "sickness_maternity_amount", "occupational_amount", "health_amount", "unemployment_amount",
                    "employee_share", "status", "paid_on",
                ],
            ),
            contributions(),
        )  # fmt: skip
    with connection.cursor() as cursor:
        for model in (Participant, Employment, HealthInsuranceCard, ContributionRecord, Employer):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return {
        "participants": Participant.objects.count(),
        "employments": Employment.objects.count(),
        "cards": HealthInsuranceCard.objects.count(),
        "contribution records": ContributionRecord.objects.count(),
    }


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered) * 1000:8.1f} {p95 * 1000:8.1f}"


def _cursor_of_page(employer, filters, today, page: int) -> tuple[str | None, int]:
    """The cursor that opens `page` (pages of PAGE_SIZE), by walking the keyset in big steps; and the page
    number reached (the last page when there are fewer)."""
    from employers.selectors import PAGE_SIZE, staff_page_get

    total = staff_page_get(employer=employer, filters=filters, today=today, page_size=1).total
    page = max(1, min(page, -(-total // PAGE_SIZE)))
    remaining, cursor = (page - 1) * PAGE_SIZE, None
    while remaining:
        step = min(WALK_STEP, remaining)
        result = staff_page_get(employer=employer, filters=filters, today=today, cursor=cursor, page_size=step)
        cursor, remaining = result.next_cursor, remaining - step
    return cursor, page


def _time_page(employer, filters, today, cursor, reps: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from employers.selectors import staff_page_get

    samples = []
    for _ in range(reps):
        started = time.perf_counter()
        page = staff_page_get(employer=employer, filters=filters, today=today, cursor=cursor)
        samples.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        staff_page_get(employer=employer, filters=filters, today=today, cursor=cursor)
    return samples, captured.captured_queries, page


def _explain(queries) -> None:
    from django.db import connection

    for query in queries:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            print("      " + "\n      ".join(row[0] for row in cursor.fetchall()))


def _export(view, employer, user, *, measure_memory: bool) -> tuple[float, int, int, int]:
    """One export through the view: seconds, data rows, bytes, and peak traced memory (0 when not measured)."""
    from django.test import RequestFactory
    from django.utils import translation

    from participants.models import PersonalDataAccess

    PersonalDataAccess.objects.filter(employer=employer).delete()
    request = RequestFactory().get(f"/employer/{employer.public_id}/export")
    request.user = user
    user.is_verified = lambda: True  # as django-otp's middleware marks a session that passed the TOTP step
    if measure_memory:
        tracemalloc.start()
    started = time.perf_counter()
    with translation.override("vi"):
        response = view(request, employer_id=employer.public_id)
        size, lines = 0, 0
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\n")
        response.close()
    elapsed = time.perf_counter() - started
    peak = 0
    if measure_memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    rows = PersonalDataAccess.objects.filter(employer=employer).count()
    return elapsed, rows, size, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--staff", type=int, default=50_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="reuse the database seeded by an earlier run")
    parser.add_argument("--explain-over", type=float, default=200.0, help="ms; EXPLAIN ANALYZE slower pages")
    parser.add_argument("--as-of", default=None, help="YYYY-MM-DD; default today in Asia/Ho_Chi_Minh")
    parser.add_argument("--no-jit", action="store_true", help="SET jit = off for this connection")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/bhxh_bench")
    if "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit("The database name must contain 'bench': this benchmark re-creates it.")
    if not args.keep:
        _recreate_database(url)
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True, env=os.environ)

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from employers import exports
    from employers.models import EmployerMembership
    from employers.selectors import StaffFilters
    from participants.enums import EmployerRole, Role
    from participants.models import Employer

    today = datetime.date.fromisoformat(args.as_of) if args.as_of else timezone.localdate()
    if not args.keep:
        started = time.perf_counter()
        counts = _seed(args.staff, args.months, today)
        print(f"seeded in {time.perf_counter() - started:.1f} s: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    employer = Employer.objects.get(unit_code=UNIT_CODE)
    with connection.cursor() as cursor:
        if args.no_jit:
            cursor.execute("SET jit = off")
        cursor.execute("SELECT version(), current_setting('jit')")
        version, jit = cursor.fetchone()
        print(f"{version.split(',')[0]}, jit={jit}; as of {today:%d/%m/%Y}; {args.reps} repetitions per page\n")

    print(f"{'sort / filter':<16} {'rows':>7} {'page':>6} {'median ms':>9} {'p95 ms':>8} {'queries':>7}")
    slow = []
    for label, options in SCENARIOS:
        filters = StaffFilters(**options)
        cursor, page_number = _cursor_of_page(employer, filters, today, TARGET_PAGE)
        for number, page_cursor in ((1, None), (page_number, cursor)):
            samples, queries, page = _time_page(employer, filters, today, page_cursor, args.reps)
            print(f"{label:<16} {page.total:>7,} {number:>6,} {_ms(samples)}  {len(queries):>7}")
            if statistics.median(samples) * 1000 > args.explain_over:
                slow.append((label, number, queries))
    for label, number, queries in slow:
        print(f"\nEXPLAIN ANALYZE, {label}, page {number}:")
        _explain(queries)

    user, _ = User.objects.get_or_create(username="bench.hr", defaults={"role": Role.EMPLOYER})
    EmployerMembership.objects.get_or_create(user=user, employer=employer, defaults={"role": EmployerRole.HR_VIEWER})
    print()
    for name, view in (("CSV", exports.staff_export_csv), ("XLSX", exports.staff_export_xlsx)):
        elapsed, rows, size, _ = _export(view, employer, user, measure_memory=False)
        _, _, _, peak = _export(view, employer, user, measure_memory=True)
        print(
            f"{name} export: {rows:,} rows, {size / 2**20:.1f} MiB in {elapsed:.1f} s = {rows / elapsed:,.0f} rows/s; "
            f"peak Python memory of the view {peak / 2**20:.1f} MiB (tracemalloc run)"
        )


if __name__ == "__main__":
    main()
