"""Faults under load: the production app loses Redis, then the broker, then PostgreSQL, and comes back.

The app runs as in production (gunicorn with the production settings, a Celery worker) against services of
its own that this test starts and stops for real: a private PostgreSQL cluster (initdb), two redis-servers
(the cache and the broker) and an SMTP server writing a Maildir. Threads keep requesting pages throughout.
For each fault the test shows that /readyz says 503 and names the part, that a failing page is the project's
own error page (no stack trace), that the app recovers by itself when the service returns (same processes,
no restart), and that reminders queued while the broker was down are sent once, none lost, none twice.
"""

import contextlib
import glob
import json
import mailbox
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import free_port, missing_service

pytestmark = [pytest.mark.integration]

ROOT = Path(__file__).resolve().parent.parent
OWN_ERROR_PAGE = "Đã xảy ra lỗi"


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {timeout:.0f} s (last: {last!r})")


class PrivatePostgres:
    """A throw-away PostgreSQL cluster on its own port (as the postgres user when the test runs as root)."""

    def __init__(self, folder: Path):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
        if not binaries:
            missing_service("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        self.bin = Path(binaries[-1]).parent
        self.data, self.port = folder / "pgdata", free_port()
        self.folder = folder
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        folder.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            shutil.chown(folder, "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_postgres, *command], check=True, capture_output=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"
        )

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self, name: str) -> str:
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


class PrivateRedis:
    def __init__(self):
        if shutil.which("redis-server") is None:
            missing_service("redis-server is not installed")
        self.port, self.process = free_port(), None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: _answers(self.port), 10, "redis-server starts")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False


class Traffic:
    """Threads requesting pages, signed in and out, until stopped; every response is kept for the checks."""

    def __init__(self, base: str, cookie: str):
        self.base, self.cookie = base, cookie
        self.responses: list[tuple[float, str, int, str]] = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(path,), daemon=True) for path in self.PATHS]

    PATHS = ("/", "/calculator/", "/contributions/", "/eligibility/")

    def _run(self, path: str) -> None:
        while not self.stopping.is_set():
            try:
                response = requests.get(
                    self.base + path, headers={"Cookie": self.cookie}, timeout=10, allow_redirects=False
                )
                self.responses.append((time.monotonic(), path, response.status_code, response.text))
            except requests.RequestException as exc:
                self.responses.append((time.monotonic(), path, 0, str(exc)))
            time.sleep(0.2)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=15)

    def since(self, moment: float):
        return [r for r in self.responses if r[0] >= moment]


class ProductionApp:
    def __init__(self, folder: Path, env: dict):
        self.folder, self.env, self.port = folder, env, free_port()
        self.web = self.worker = None

    def manage(self, *args: str, demo: bool = False) -> str:
        """A management command with the app's environment; `demo` ones (seed_demo, demo_logins refuse to run in
        production) with the development profile on the same database and broker."""
        env = {**self.env, "DJANGO_ENV": "development"} if demo else self.env
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code)

    def start(self) -> None:
        web_env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": "2"}
        self.web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "bhxh_portal.wsgi", "--config", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env=web_env,
            stdout=(self.folder / "web.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "bhxh_portal", "worker", "--pool", "solo", "--loglevel", "INFO"],
            cwd=ROOT,
            env=self.env,
            stdout=(self.folder / "worker.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: self.ready()[0] == 200, 60, "the app answers /readyz with 200")

    def stop(self) -> None:
        for process in (self.web, self.worker):
            if process is not None and process.poll() is None:
                process.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=20)
                if process.poll() is None:
                    process.kill()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ready(self) -> tuple[int, dict]:
        try:
            response = requests.get(self.base + "/readyz", timeout=10)
        except requests.RequestException:
            return 0, {}
        return response.status_code, response.json().get("checks", {})


def _sent_email_refs(app: ProductionApp) -> dict[str, str]:
    out = app.shell(
        "import json; from reminders.models import Delivery; "
        "rows = Delivery.objects.filter(channel='email').values_list('public_id', 'status'); "
        "print(json.dumps({str(ref): status for ref, status in rows}))"
    )
    return json.loads(out.strip().splitlines()[-1])


def _mailed_ids(maildir: Path) -> list[str]:
    if not maildir.exists():
        return []
    return [message["Message-ID"] for message in mailbox.Maildir(str(maildir), create=False)]


@pytest.fixture
def services(tmp_path):
    postgres = PrivatePostgres(Path("/tmp") / f"bhxh-faults-{secrets.token_hex(4)}")
    postgres.start()
    cache, broker = PrivateRedis(), PrivateRedis()
    cache.start()
    broker.start()
    smtp_port, maildir = free_port(), tmp_path / "maildir"
    smtp = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{smtp_port}",
            "-c",
            "aiosmtpd.handlers.Mailbox",
            str(maildir),
        ]
    )
    from checkin import tokens

    env = {
        **{
            k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_"))
        },
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CHECKIN_PRIVATE_KEY": tokens.private_key_pem(tokens.generate_private_key()).decode("ascii"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": postgres.create_database("faults"),
        "CELERY_BROKER_URL": broker.url,
        "REDIS_URL": cache.url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "BHXH_VAR_DIR": str(tmp_path / "var"),
        "LOG_FORMAT": "plain",
        "READYZ_TIMEOUT_SECONDS": "1",
        # The safety net re-queues a delivery whose task was lost after seconds, not an hour.
        "REMINDER_RELEASE_GRACE_SECONDS": "1",
        "REMINDER_RELEASE_STALE_SECONDS": "3",
        "REMINDER_RETRY_BASE_SECONDS": "1",
        "REMINDER_RETRY_CAP_SECONDS": "2",
        "PYTHONPATH": str(ROOT),
    }
    app = ProductionApp(tmp_path, env)
    try:
        app.manage("migrate", "--no-input", "-v", "0")
        app.manage("collectstatic", "--no-input", "-v", "0")
        app.manage("seed_demo", "--participants", "0", demo=True)
        app.start()
        yield app, postgres, cache, broker, maildir
    finally:
        app.stop()
        smtp.terminate()
        for redis in (cache, broker):
            with contextlib.suppress(Exception):
                redis.stop()
        with contextlib.suppress(Exception):
            postgres.stop()
        shutil.rmtree(postgres.folder, ignore_errors=True)


def _set_cookies(response, cookies: dict) -> dict:
    for header in response.raw.headers.getlist("Set-Cookie"):
        name, _, value = header.split(";", 1)[0].partition("=")
        cookies[name.strip()] = value
    return cookies


def _signed_in_cookie_header(app: ProductionApp) -> str:
    """A citizen's session over plain HTTP. Its cookies are Secure, which a client keeps for HTTPS only; the test
    plays the TLS proxy and sends them back itself."""
    logins = json.loads(app.manage("demo_logins", "--json", demo=True))
    citizen = next(login for login in logins if login["role"] == "citizen")
    form = requests.get(app.base + "/accounts/login/", timeout=10)
    cookies = _set_cookies(form, {})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token, (form.status_code, form.text[:800])
    signed_in = requests.post(
        app.base + "/accounts/login/",
        data={"username": citizen["username"], "password": citizen["password"], "csrfmiddlewaretoken": token.group(1)},
        headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        timeout=10,
        allow_redirects=False,
    )
    cookies = _set_cookies(signed_in, cookies)
    assert signed_in.status_code == 302 and "sessionid" in cookies, signed_in.text[:500]
    return f"sessionid={cookies['sessionid']}"


def _assert_own_error_pages(responses) -> None:
    failed = [r for r in responses if r[2] >= 500]
    for _at, path, _status, body in failed:
        assert OWN_ERROR_PAGE in body, (path, body[:300])
        assert "Traceback" not in body and 'File "' not in body, (path, body[:300])


def test_the_app_survives_losing_redis_the_broker_and_postgresql_under_load(services):
    app, postgres, cache, broker, maildir = services
    pids = (app.web.pid, app.worker.pid)
    cookie = _signed_in_cookie_header(app)
    # The seed's reminders (45 days of backfill) are sent by the worker before the faults start.
    wait_for(lambda: all(s != "queued" for s in _sent_email_refs(app).values()), 90, "the seed's e-mails are sent")

    with Traffic(app.base, cookie) as traffic:
        time.sleep(2)
        assert {r[2] for r in traffic.responses} == {200}, "all pages answer before any fault"

        # 1. The cache (Redis) goes down, then comes back.
        cache.stop()
        wait_for(lambda: app.ready()[1].get("cache") == "unavailable", 20, "readyz names the cache")
        status, checks = app.ready()
        assert status == 503 and checks["database"] == "ok" and checks["broker"] == "ok"
        cache.start()
        back = time.monotonic()
        wait_for(lambda: app.ready()[0] == 200, 30, "readyz recovers after Redis returns")

        # 2. The broker goes down. A reminder created meanwhile is committed; its message cannot be published.
        broker.stop()
        wait_for(lambda: app.ready()[1].get("broker") == "unavailable", 20, "readyz names the broker")
        created = app.shell(
            "from django.utils import timezone; from participants.models import Participant; "
            "from reminders.services import reminder_record; "
            "p = Participant.objects.exclude(email='').exclude(notification_preference__email_enabled=False).first(); "
            "r, new = reminder_record(participant=p, kind='card_expiring', subject='faults-test', due_on=timezone.localdate()); "
            "print(r.deliveries.get(channel='email').public_id, new)"
        )
        waiting_id, new = created.strip().splitlines()[-1].split()
        assert new == "True"
        assert _sent_email_refs(app)[waiting_id] == "queued"
        broker.start()  # empty: Redis kept nothing on disk, the message was never there anyway
        wait_for(lambda: app.ready()[0] == 200, 30, "readyz recovers after the broker returns")
        # What beat does every 10 minutes: re-queue deliveries whose task was lost.
        time.sleep(4)
        app.manage(
            "shell", "--no-imports", "-c", "from reminders.delivery import release_deferred; release_deferred.delay()"
        )
        wait_for(lambda: _sent_email_refs(app)[waiting_id] == "sent", 60, "the waiting reminder is sent")

        # 3. PostgreSQL goes down: pages that read data fail with the project's error page; it comes back.
        before_db = time.monotonic()
        postgres.stop()
        wait_for(lambda: app.ready()[1].get("database") == "unavailable", 20, "readyz names the database")
        wait_for(
            lambda: any(r[2] >= 500 and r[1] == "/contributions/" for r in traffic.since(before_db)),
            20,
            "a signed-in page fails while the database is down",
        )
        postgres.start()
        after_db = time.monotonic()
        wait_for(lambda: app.ready()[0] == 200, 60, "readyz recovers after PostgreSQL returns")
        wait_for(
            lambda: any(r[2] == 200 and r[1] == "/contributions/" for r in traffic.since(after_db + 1)),
            30,
            "the citizen's page works again, same session",
        )

    _assert_own_error_pages(traffic.responses)
    assert not [r for r in traffic.responses if r[2] == 0], "every request got an answer, if only the error page"
    assert any(r[2] == 200 for r in traffic.since(back)), "pages answered after Redis returned"
    assert (app.web.pid, app.worker.pid) == pids and app.web.poll() is None and app.worker.poll() is None, (
        "recovered without a restart"
    )
    # Every e-mail delivery sent exactly once; none left behind.
    statuses = _sent_email_refs(app)
    assert "queued" not in statuses.values()
    mailed = _mailed_ids(maildir)
    assert len(mailed) == len(set(mailed)), "an e-mail was sent twice"
    sent = [ref for ref, status in statuses.items() if status == "sent"]
    assert len(mailed) == len(sent)
    assert any(waiting_id in message_id for message_id in mailed)
