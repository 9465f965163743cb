"""Read-heavy pages from a REAL streaming replica (bhxh_portal/replica.py, docs/scaling.md).

The test makes its own two PostgreSQL servers from the machine's PostgreSQL binaries: a primary (initdb, on a
free port, `wal_level=replica`) and a hot standby cloned from it with `pg_basebackup -R` that streams its WAL.
It does not touch the machine's own cluster. The app, configured with DATABASE_URL (the primary) and
DATABASE_REPLICA_URL (the standby), migrates and seeds the demo on the primary; the demo reaches the standby by
replication. Then, inside the app (`manage.py shell`):

1. a signed-in citizen's pages answer 200 with the person's records read from the standby, while the session,
   the account and the second factor are read from the primary (queries counted per connection);
2. replay on the standby is paused, so it lags for real; the citizen changes their notification choices (a
   POST): the next page, in the same browser, shows the change (pinned to the primary by the cookie the POST
   set), while the same page without that cookie is served from the lagging standby and still shows the old
   choice. That is both halves of "read your own writes": the replica really is read, and it cannot hide a
   person's own change from them.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psycopg
import pytest

from tests.conftest import free_port, missing_service

pytestmark = [pytest.mark.integration]

ROOT = Path(__file__).resolve().parent.parent
INITDB = ["--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]
# Both servers: loopback only, no fsync (a test's data), WAL enough for a standby, and the standby answers reads.
SERVER = ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "wal_level=replica", "-c", "hot_standby=on"]
# The standby: a copy of the primary that writes its own primary_conninfo (-R) and streams the WAL it needs.
CLONE = ["-h", "127.0.0.1", "-U", "postgres", "-R", "-X", "stream", "-c", "fast"]

CLIENT = textwrap.dedent(
    """
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from accounts.models import User
    from bhxh_portal.replica import PIN_COOKIE
    from reminders.models import NotificationPreference

    import re

    def sms_on(response):
        return bool(re.search(r'<input[^>]*name="sms_enabled"[^>]*checked', response.content.decode()))

    setup_test_environment()
    citizen = User.objects.get(username="citizen-maternity")
    client = Client()
    client.force_login(citizen)
    for path in ["/", "/contributions/", "/eligibility/", "/inbox/", "/calculator/"]:
        with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(
            connections["replica"]
        ) as replica:
            response = client.get(path)
        tables = sorted({q["sql"].split('FROM "', 1)[1].split('"', 1)[0] for q in replica if 'FROM "' in q["sql"]})
        print("page", path, response.status_code, len(primary), len(replica), ",".join(tables))
        assert PIN_COOKIE not in response.cookies, path

    ready = client.get("/readyz")
    print("readyz", ready.status_code, ready.json()["checks"].get("replica"))
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        print("standby", cursor.fetchone()[0])
        cursor.execute("SELECT pg_wal_replay_pause()")
    before = NotificationPreference.objects.filter(participant__user=citizen).first()
    print("sms before", bool(before and before.sms_enabled))
    posted = client.post(
        "/inbox/preferences/",
        {"email_enabled": "on", "sms_enabled": "" if before and before.sms_enabled else "on",
         "quiet_start": "22:00", "quiet_end": "06:00"},
    )
    print("post", posted.status_code, PIN_COOKIE in posted.cookies)
    with CaptureQueriesContext(connections["replica"]) as replica:
        pinned = client.get("/inbox/preferences/")
    print("pinned", pinned.status_code, len(replica), sms_on(pinned))
    client.cookies.pop(PIN_COOKIE)
    with CaptureQueriesContext(connections["replica"]) as replica:
        unpinned = client.get("/inbox/preferences/")
    print("unpinned", unpinned.status_code, len(replica) > 0, sms_on(unpinned))
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    """
)


def _bindir() -> Path:
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = Path(subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout.strip())
        if (found / "initdb").exists():
            return found
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not versions:
        missing_service("PostgreSQL's server binaries (initdb, pg_basebackup) are not installed")
    return versions[-1].parent


def _wait_ready(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres", connect_timeout=1).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"PostgreSQL on port {port} did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)


@pytest.fixture
def clusters():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        missing_service("PostgreSQL is not the test database; set DATABASE_URL")
    bindir = _bindir()
    folder = Path(tempfile.mkdtemp(prefix="bhxh-replica-"))
    as_postgres = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    primary_dir, standby_dir = folder / "primary", folder / "standby"
    ports = {"primary": free_port(), "standby": free_port()}
    processes: list[subprocess.Popen] = []

    def start(data: Path, port: int) -> None:
        log = folder / f"{data.name}.log"
        with open(log, "ab") as out:
            process = subprocess.Popen(
                [*as_postgres, str(bindir / "postgres"), "-D", str(data), "-p", str(port), "-k", str(folder), *SERVER],
                stdout=out,
                stderr=out,
            )
        processes.append(process)
        _wait_ready(port, process, log)

    try:
        subprocess.run(
            [*as_postgres, str(bindir / "initdb"), "-D", str(primary_dir), "-U", "postgres", *INITDB],
            check=True,
            capture_output=True,
            timeout=120,
        )
        start(primary_dir, ports["primary"])
        with psycopg.connect(host="127.0.0.1", port=ports["primary"], user="postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE app")
        subprocess.run(
            [*as_postgres, str(bindir / "pg_basebackup"), "-p", str(ports["primary"]), "-D", str(standby_dir), *CLONE],
            check=True,
            capture_output=True,
            timeout=120,
        )
        start(standby_dir, ports["standby"])
        yield {name: f"postgres://postgres@127.0.0.1:{port}/app" for name, port in ports.items()} | {"ports": ports}
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(folder, ignore_errors=True)


def _caught_up(ports: dict) -> bool:
    with psycopg.connect(host="127.0.0.1", port=ports["primary"], user="postgres", dbname="app") as conn:
        lsn = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    with psycopg.connect(host="127.0.0.1", port=ports["standby"], user="postgres", dbname="app") as conn:
        return conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]).fetchone()[0]


def test_pages_read_a_real_streaming_replica_and_a_person_reads_their_own_writes(clusters):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CELERY_BROKER_URL", "DJANGO_ENV"}}
    env |= {"DATABASE_URL": clusters["primary"]}
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--no-input", "-v", "0"], ["seed_demo", "--participants", "0"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    deadline = time.monotonic() + 60
    while not _caught_up(clusters["ports"]):
        assert time.monotonic() < deadline, "the standby did not catch up with the primary"
        time.sleep(0.2)

    env |= {"DATABASE_REPLICA_URL": clusters["standby"], "REPLICA_PIN_SECONDS": "30"}
    app = subprocess.run(
        [*manage, "shell", "-c", CLIENT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert app.returncode == 0, app.stderr[-3000:]
    lines = app.stdout.splitlines()
    print("\n" + "\n".join(lines))

    pages = [line.split(" ") for line in lines if line.startswith("page ")]
    assert len(pages) == 5
    for _, path, status, primary, _replica, _tables in pages:
        assert status == "200", (path, status)
        # The session, the account and the second factor: the primary, on every page.
        assert int(primary) >= 1, path
    by_path = {path: (int(replica), tables.split(",")) for _, path, _, _, replica, tables in pages}
    # The person's records: the standby.
    for path in ("/", "/contributions/", "/eligibility/", "/inbox/"):
        count, tables = by_path[path]
        assert count >= 2 and "participants_participant" in tables, (path, by_path[path])
        assert not {"django_session", "accounts_user", "otp_totp_totpdevice", "axes_accessattempt"} & set(tables)
    assert "standby True" in lines
    assert "readyz 200 ok" in lines

    sms_before = "sms before True" in lines
    assert "post 302 True" in lines  # saved, and the browser pinned to the primary
    # Pinned: no read from the lagging standby, and the page shows the change.
    assert f"pinned 200 0 {not sms_before}" in lines
    # Not pinned: read from the standby, paused before the change, so the page still shows the old choice.
    assert f"unpinned 200 True {sms_before}" in lines


# --- The router's decisions, without a replica (the middleware is the only thing that turns it on) ------------


def test_the_router_sends_only_a_reading_requests_portal_records_to_the_replica_until_it_writes_them():
    from django.contrib.sessions.models import Session

    from accounts.models import User
    from bhxh_portal.replica import ReplicaRouter, _reads_from, _wrote
    from checkin.models import CheckIn
    from participants.models import Participant

    router = ReplicaRouter()
    assert router.db_for_read(Participant) == "default"  # a task, a command: no request, the primary
    reads, wrote = _reads_from.set("replica"), _wrote.set(False)
    try:
        assert router.db_for_read(Participant) == "replica"
        # Sign-in, sessions, the check-in codes: the primary even inside a reading request.
        assert {router.db_for_read(model) for model in (Session, User, CheckIn)} == {"default"}
        router.db_for_write(Session)  # the idle-timeout save of the session changes nothing the replica serves
        assert router.db_for_read(Participant) == "replica" and not _wrote.get()
        assert router.db_for_write(Participant) == "default"
        assert router.db_for_read(Participant) == "default" and _wrote.get()  # its own write, from the primary
    finally:
        _reads_from.reset(reads)
        _wrote.reset(wrote)
    assert router.allow_migrate("replica", "participants") is False
    assert router.allow_migrate("default", "participants") is True


def test_without_a_replica_the_middleware_steps_aside_and_a_forged_pin_cookie_is_ignored(rf):
    from bhxh_portal.replica import PIN_COOKIE, _pinned, replica_reads

    def view(request):
        return "response"

    assert replica_reads(view) is view
    request = rf.get("/")
    request.COOKIES[PIN_COOKIE] = "not a time"
    assert _pinned(request) is False
    request.COOKIES[PIN_COOKIE] = f"{time.time() + 5:.0f}"
    assert _pinned(request) is True


READS_AFTER_THE_VIEW: list[str] = []


def replica_switch(get_response):
    """A stand-in for replica_reads in the test below: lets the request read the replica, as replica_reads does
    for a GET, and notes where a person's record would be read from once the view has run."""
    from bhxh_portal.replica import REPLICA, ReplicaRouter, _reads_from
    from participants.models import Participant

    def middleware(request):
        reads = _reads_from.set(REPLICA)
        try:
            response = get_response(request)
            READS_AFTER_THE_VIEW.append(ReplicaRouter().db_for_read(Participant))
        finally:
            _reads_from.reset(reads)
        return response

    return middleware


@pytest.mark.django_db
def test_a_page_drawn_to_be_kept_reads_the_primary(client, settings):
    """A page the page cache will keep (bhxh_portal/page_cache.py) must not be drawn from a lagging replica: it
    would be served until the person's records change again. A page that is never kept may read the replica."""
    from tests.factories import ParticipantFactory, UserFactory

    person = ParticipantFactory(user=UserFactory(username="citizen-replica"))
    client.force_login(person.user)
    settings.MIDDLEWARE = ["tests.test_replica.replica_switch", *settings.MIDDLEWARE]
    READS_AFTER_THE_VIEW.clear()
    client.get("/contributions/")  # drawn, to be kept
    client.get("/contributions/?year=2025")  # a query string: never kept
    assert READS_AFTER_THE_VIEW == ["default", "replica"]
