"""Load test: the real mix of traffic (bench/locustfile.py) against `make prod` on this machine.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bhxh_load_bench .venv/bin/python bench/load.py

Steps: (1) re-create the database (its name must contain "bench") and seed it with bench/seed.py
(--participants, default 100,000, with the demo personas); (2) give --citizens of them (default 2,000) a
sign-in with one password; (3) start `make prod` (gunicorn with TLS on a self-signed certificate, so the
secure cookies of production work, a Celery worker and beat) on --port; (4) wait for /readyz; (5) run Locust
headless with --users at --spawn-rate for --seconds; (6) print the requests per second, the p50/p95/p99
latency per request type and in all, and the failures, then stop everything it started.

All simulated people come from one address (127.0.0.1), so the per-address rate limits are raised for the
run (the API throttles, the per-address sign-in limit and the clinic desk's limits: RAISED_LIMITS below);
every other setting is production's.

--keep reuses the database of an earlier run (no re-seeding). Exit 1 on any failed request, or when the p95 of
all requests is above --p95-ms (300). --smoke is CI's short run: 2,000 participants, 20 users for 20 s, failing
only on a failed request (its latency on a CI machine says nothing).
"""

import argparse
import csv
import datetime
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bhxh_portal.settings")

from seed import bench_database_url  # noqa: E402 - bench/seed.py, next to this file

CITIZEN_PASSWORD = "tai-kiem-tra-2026"  # noqa: S105 - accounts of a throw-away bench database
RAISED_LIMITS = {
    "THROTTLE_ANON": "100000/min",
    "THROTTLE_USER": "100000/min",
    "THROTTLE_AUTH_TOKEN": "100000/min",
    "THROTTLE_CALCULATOR": "100000/min",
    "THROTTLE_CHECKINS": "100000/min",
    "SIGNIN_RATE_PER_IP": "100000/m",
    "CLINIC_DESK_RATE_PER_USER": "100000/m",
    "CLINIC_DESK_RATE_PER_FACILITY": "100000/m",
}


def _django():
    import django

    django.setup()


def seed(participants: int) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "seed.py"), "--participants", str(participants), "--workers", "2"],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


DESK_ACCOUNTS = 30  # more than the ClinicDesk users of a run (weight 2 of 19, 100 users)


def prepare_accounts(citizens: int, path: Path) -> dict:
    """Sign-ins for `citizens` people with a current card, desk accounts at the demo clinic and the HR account
    (each with its authenticator secret), ID numbers to look up, and a few calculator requests. One password
    hash for every citizen and desk: hashing is deliberately slow."""
    _django()
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from accounts.twofactor.services import totp_secret_base32
    from bhxh_portal import demo
    from checkin.models import ClinicStaff
    from employers.models import EmployerMembership
    from participants.enums import Role
    from participants.models import HealthInsuranceCard, Participant

    today = timezone.localdate()
    current = HealthInsuranceCard.objects.filter(
        replaced_at__isnull=True, valid_from__lte=today, valid_to__gte=today
    ).values_list("participant_id", flat=True)
    people = list(
        Participant.objects.filter(id__in=current, user__isnull=True)
        .order_by("id")
        .values_list("id", "national_id")[:citizens]
    )
    password = make_password(CITIZEN_PASSWORD)
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(username=f"load-{pid}", password=password, role=Role.CITIZEN) for pid, _n in people
        )
        for (pid, _national_id), user in zip(people, users, strict=True):
            Participant.objects.filter(pk=pid).update(user=user)
        # One desk account per simulated receptionist: a TOTP code is accepted once, so desks signing in within
        # the same 30 seconds cannot share one authenticator app.
        facility = ClinicStaff.objects.get(user__username="clinic.demo").facility
        desks = []
        for n in range(DESK_ACCOUNTS):
            # --keep runs again on the same database: the desks of the earlier run get a new app.
            user, _new = User.objects.get_or_create(
                username=f"load-desk-{n}", defaults={"password": password, "role": Role.CLINIC}
            )
            ClinicStaff.objects.get_or_create(user=user, defaults={"facility": facility})
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(user=user, name="Load test app", confirmed=True)
            desks.append(
                {"username": user.username, "password": CITIZEN_PASSWORD, "totp_secret": totp_secret_base32(device)}
            )
    logins = {row["username"]: row for row in demo.demo_login_list()}
    hr = logins["hr.demo"]
    membership = EmployerMembership.objects.select_related("employer").get(user__username="hr.demo")
    staff = membership.employer.employments.count()
    accounts = {
        "citizens": [national_id for _pid, national_id in people],
        "citizen_password": CITIZEN_PASSWORD,
        "national_ids": [n for n in Participant.objects.order_by("?").values_list("national_id", flat=True)[:500]],
        "clinics": desks,
        "employer": {
            "username": "hr.demo",
            "password": hr["password"],
            "totp_secret": hr["totp_secret"],
            "staff_url": f"/employer/{membership.employer.public_id}/",
            "pages": max(1, -(-staff // 50)),
        },
        "calculator_requests": _calculator_requests(today),
    }
    path.write_text(json.dumps(accounts))
    return accounts


def _calculator_requests(today: datetime.date) -> list[dict]:
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    return [
        {
            "person": {"sex": sex, "birth_date": birth},
            "periods": [
                {"start": start, "end": last_month, "scheme": "compulsory", "monthly_salary": salary, "region": "I"}
            ],
            "events": {"sickness": {"start_date": today.isoformat()}},
        }
        for sex, birth, start, salary in (
            ("female", "1994-03-02", "2016-01", 9_500_000),
            ("male", "1968-07-15", "2001-05", 14_000_000),
            ("male", "1990-11-30", "2019-09", 6_200_000),
        )
    ]


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert, private = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert, private


def wait_ready(base: str, timeout: float = 120) -> None:
    import ssl

    context = ssl._create_unverified_context()  # noqa: S323 - our own self-signed certificate on loopback
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=5, context=context) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    sys.exit(f"{base}/readyz did not answer 200 within {timeout:.0f} s")


def report(prefix: Path, p95_limit: float) -> int:
    rows = list(csv.DictReader(prefix.with_name(prefix.name + "_stats.csv").open()))
    print(f"{'request':<34} {'count':>7} {'fail':>5} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    total = None
    for row in rows:
        line = (
            f"{row['Name'][:34]:<34} {int(row['Request Count']):>7} {int(row['Failure Count']):>5} "
            f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7}"
        )
        if row["Name"] == "Aggregated":
            total = row
            print("-" * 82)
        print(line)
    failures = int(total["Failure Count"])
    p95 = float(total["95%"])
    print(
        f"\nheld {float(total['Requests/s']):.1f} requests/s; p95 {p95:.0f} ms (limit {p95_limit:.0f}); {failures} failures"
    )
    failures_csv = prefix.with_name(prefix.name + "_failures.csv")
    if failures:
        print(failures_csv.read_text())
    return 1 if failures or p95 > p95_limit else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--citizens", type=int, default=2_000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--p95-ms", type=float, default=300)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        args.participants, args.citizens, args.users, args.seconds = 2_000, 200, 20, 20
        args.p95_ms = float("inf")

    bench_database_url()
    work = ROOT / "var" / "load"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = {
        **os.environ,
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/13"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"),
    }
    os.environ.update(env)
    started = time.perf_counter()
    if not args.keep:
        seed(args.participants)
    else:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    accounts_file = work / "accounts.json"
    accounts = prepare_accounts(args.citizens, accounts_file)
    print(f"prepared {len(accounts['citizens']):,} citizen sign-ins in {time.perf_counter() - started:.0f} s")

    from checkin import tokens

    cert, key = self_signed_certificate(work)
    base = f"https://127.0.0.1:{args.port}"
    server_env = {
        **env,
        **RAISED_LIMITS,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CHECKIN_PRIVATE_KEY": tokens.private_key_pem(tokens.generate_private_key()).decode("ascii"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_CERTFILE": str(cert),
        "GUNICORN_KEYFILE": str(key),
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        ["make", "prod"],
        cwd=ROOT,
        env=server_env,
        stdout=(work / "prod.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_ready(base)
        prefix = work / "locust"
        subprocess.run(
            [
                sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                "--host", base, "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
                "--run-time", f"{args.seconds}s", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
            ],
            cwd=ROOT,
            env={**env, "LOAD_ACCOUNTS": str(accounts_file)},
            check=False,
        )  # fmt: skip
        print(f"\n{args.users} users, {args.seconds} s, {args.participants:,} participants, gunicorn on {base}")
        code = report(prefix, args.p95_ms)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    sys.exit(code)


if __name__ == "__main__":
    main()
