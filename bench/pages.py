"""Page throughput benchmark: each main page's requests per second as a share of a bare Django view
served by the same gunicorn in the same run, and each page's HTML weight.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bhxh_pages_bench .venv/bin/python bench/pages.py

Needs Debian's `wrk` (apt-get install wrk). Options: --seconds S (per measurement, default 5),
--connections C (wrk -c, default 8), --workers W (gunicorn workers, default 2), --port P (default 8765),
--keep (reuse the database of an earlier run), --no-redis (cache in process memory instead of Redis),
--no-page-cache (PAGE_CACHE_SECONDS=0: every request draws its page).

By default the page cache (bhxh_portal/page_cache.py) is on, as in production with Redis: wrk asks for the
same page again and again, so after the first request each page is served kept, and the figures are those of
a person coming back to a page whose records have not changed. --no-page-cache measures the pages as drawn
(a first visit, or the first after a change). The cache is Redis database 7, emptied at the start, unless
REDIS_URL says otherwise (then it is left alone).

The database (its name must contain "bench") is re-created, migrated and loaded with `seed_demo`: the
demo personas with their whole histories and notices. gunicorn serves the project's settings with one
addition, a bare view at /bench/bare/ (bench/pages_urls.py) that goes through the same middleware and
returns a few bytes. Each page is measured right after a fresh measurement of the bare view, with wrk
from another process on loopback, signed in as the persona that uses it (sessions made in the
database). The ratio page/bare cancels out how busy the machine is.

The bare view is measured twice: with the same session cookie as the page ("same session": the
session middleware loads and re-saves that session, as it does for every signed-in request, so the
share is the page's own work) and with no cookie at all ("anonymous": the share then also carries
the fixed cost of being signed in). A signed-out page has one baseline, the anonymous one.

Targets (issue 11): every citizen page and the calculator at least 40 % of the bare view with the same
session; /checkin/ HTML at most 12 KB. The employer staff list and the clinic desk are measured too.
"""

import argparse
import os
import re
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

from seed import _recreate_database, bench_database_url  # noqa: E402 - bench/seed.py, next to this file

CITIZEN_TARGET = 0.40
CHECKIN_HTML_LIMIT = 12 * 1024
REQUESTS_PER_SECOND = re.compile(r"Requests/sec:\s+([0-9.]+)")
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")


def sessions() -> dict[str, str]:
    """A signed-in session cookie for the demo citizen, and for the HR officer and the desk (the second step
    passed: every account but a citizen's needs it)."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User

    cookies = {}
    for persona, username in (("citizen", "citizen-maternity"), ("employer", "hr.demo"), ("clinic", "clinic.demo")):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        if persona != "citizen":
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user, confirmed=True).persistent_id
            session.save()
        cookies[persona] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return cookies


def employer_staff_url() -> str:
    from employers.models import EmployerMembership

    membership = EmployerMembership.objects.select_related("employer").get(user__username="hr.demo")
    return f"/employer/{membership.employer.public_id}/"


def wrk(base: str, path: str, cookie: str | None, seconds: int, connections: int) -> float:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, base + path], capture_output=True, text=True, check=True).stdout
    errors = NON_2XX.search(output)
    if errors:
        sys.exit(f"{path}: {errors.group(1)} responses were not 2xx/3xx\n{output}")
    return float(REQUESTS_PER_SECOND.search(output).group(1))


def fetch(base: str, path: str, cookie: str | None) -> bytes:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own loopback server
        if response.url != base + path:
            sys.exit(f"{path} redirected to {response.url}: the session did not sign in")
        return response.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--no-redis", action="store_true")
    parser.add_argument("--no-page-cache", action="store_true")
    args = parser.parse_args()

    url = bench_database_url()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not args.no_redis:
        if "REDIS_URL" not in env:
            import redis

            env["REDIS_URL"] = "redis://127.0.0.1:6379/7"
            redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # the bench's own database: no page of a former run
        os.environ["REDIS_URL"] = env["REDIS_URL"]
    if args.no_page_cache:
        env["PAGE_CACHE_SECONDS"] = os.environ["PAGE_CACHE_SECONDS"] = "0"
    python = sys.executable
    if not args.keep:
        _recreate_database(url)
        subprocess.run([python, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([python, "manage.py", "seed_demo", "--participants", "0"], cwd=ROOT, env=env, check=True)

    cookies = sessions()
    pages = [
        ("home (signed out)", "/", None, CITIZEN_TARGET),
        ("card (citizen home)", "/", cookies["citizen"], CITIZEN_TARGET),
        ("contributions", "/contributions/", cookies["citizen"], CITIZEN_TARGET),
        ("eligibility", "/eligibility/", cookies["citizen"], CITIZEN_TARGET),
        ("check-in", "/checkin/", cookies["citizen"], CITIZEN_TARGET),
        ("inbox", "/inbox/", cookies["citizen"], CITIZEN_TARGET),
        ("calculator", "/calculator/", None, CITIZEN_TARGET),
        ("employer staff list", employer_staff_url(), cookies["employer"], None),
        ("clinic desk", "/clinic/", cookies["clinic"], None),
    ]

    base = f"http://127.0.0.1:{args.port}"
    server_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.pages_settings"}
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "bhxh_portal.wsgi", "--workers", str(args.workers), "--bind", base[7:]],
        cwd=ROOT,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    failures = []
    try:
        for _ in range(100):
            try:
                fetch(base, "/bench/bare/", None)
                break
            except OSError:
                time.sleep(0.2)
        wrk(base, "/bench/bare/", None, 2, args.connections)  # warm up the workers
        cache_note = "page cache off" if args.no_page_cache or args.no_redis else "page cache on"
        print(
            f"gunicorn {args.workers} workers, wrk -c{args.connections}, {args.seconds} s a measurement, {cache_note}"
        )
        print(
            f"{'page':<22} {'HTML KB':>8} {'bare, same session':>19} {'bare, anonymous':>16} "
            f"{'page req/s':>11} {'share':>7} {'share anon.':>12}  target"
        )
        for name, path, cookie, target in pages:
            html = fetch(base, path, cookie)
            anonymous = wrk(base, "/bench/bare/", None, args.seconds, args.connections)
            bare = wrk(base, "/bench/bare/", cookie, args.seconds, args.connections) if cookie else anonymous
            rate = wrk(base, path, cookie, args.seconds, args.connections)
            share = rate / bare
            verdict = ""
            if target is not None:
                verdict = f"≥ {target:.0%} " + ("ok" if share >= target else "MISSED")
                if share < target:
                    failures.append(f"{name}: {share:.1%} of the bare view")
            if path == "/checkin/":
                verdict += f"; HTML ≤ {CHECKIN_HTML_LIMIT // 1024} KB " + (
                    "ok" if len(html) <= CHECKIN_HTML_LIMIT else "MISSED"
                )
                if len(html) > CHECKIN_HTML_LIMIT:
                    failures.append(f"{name}: {len(html)} bytes of HTML")
            print(
                f"{name:<22} {len(html) / 1024:>8.1f} {bare if cookie else float('nan'):>19.0f} {anonymous:>16.0f} "
                f"{rate:>11.0f} {share:>7.1%} {rate / anonymous:>12.1%}  {verdict}"
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    if failures:
        print("Missed: " + "; ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
