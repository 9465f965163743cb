"""Two web processes, one app (docs/scaling.md, "Stateless web processes behind the proxy").

Two separate gunicorn processes (one worker each, two ports) serve the same database and Redis, as two web
machines behind a load balancer would, with no sticky sessions. A browser (one cookie jar) goes from one to the
other at every step, over real HTTP: it signs in on A and is signed in on B; it signs out on B and is signed out
on A; failed sign-ins counted on both lock the account out on both. Nothing a process keeps in its own memory
decides any of it.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port, missing_service
from tests.scratch_database import scratch_database

pytestmark = [pytest.mark.integration]

ROOT = Path(__file__).resolve().parent.parent
CITIZEN = "citizen-maternity"
PASSWORD = "demo-Citizen-2026!"  # bhxh_portal/demo/personas.py
SIGNED_IN = 'action="/accounts/logout/"'  # the header's sign-out form, on a signed-in person's pages only
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One cookie jar for every process: cookies belong to the host, whatever the port."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, base: str, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(base + path, data=body, headers={"Referer": base + path})  # noqa: S310 - http://127.0.0.1 only
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:  # 3xx (not followed) and 4xx answers
            return exc.code, exc.read().decode(errors="replace")

    def post_form(self, base: str, form_path: str, action: str, data: dict) -> tuple[int, str]:
        """Fetch the form's page from ``base`` for a CSRF token, then post ``data`` to ``action`` on ``base``."""
        _status, page = self.request(base, form_path)
        token = CSRF_FIELD.search(page)
        assert token, f"no CSRF token on {form_path}"
        return self.request(base, action, {**data, "csrfmiddlewaretoken": token[1]})


@pytest.fixture
def two_processes():
    url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not url.startswith("postgres") or not redis_url:
        missing_service("PostgreSQL and Redis are needed; set DATABASE_URL and REDIS_URL")
    with scratch_database("bhxh_two_web") as database:
        env = {k: v for k, v in os.environ.items() if k not in {"CELERY_BROKER_URL", "DJANGO_ENV"}}
        yield from _serve_twice(env | {"DATABASE_URL": database.url})


def _serve_twice(env: dict):
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--no-input", "-v", "0"], ["seed_demo", "--participants", "0"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    processes, bases = [], []
    try:
        for _ in range(2):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "bhxh_portal.wsgi",
                        "--workers",
                        "1",
                        "--bind",
                        f"127.0.0.1:{port}",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    start_new_session=True,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for process, base in zip(processes, bases, strict=True):
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2).close()  # noqa: S310 - http://127.0.0.1 only
                    break
                except OSError:
                    assert process.poll() is None, process.stderr.read().decode()[-2000:]
                    assert time.monotonic() < deadline, f"gunicorn on {base} did not start"
                    time.sleep(0.2)
        yield bases
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


def _sign_in(browser: Browser, base: str, password: str) -> tuple[int, str]:
    return browser.post_form(base, "/accounts/login/", "/accounts/login/", {"username": CITIZEN, "password": password})


def test_a_browser_moving_between_two_web_processes_keeps_its_session_and_its_lock_out(two_processes):
    a, b = two_processes
    browser = Browser()

    status, _ = _sign_in(browser, a, PASSWORD)
    assert status == 302  # signed in on A
    status, page = browser.request(b, "/contributions/")
    assert status == 200 and SIGNED_IN in page  # ...and on B, with the session A made
    status, _ = browser.post_form(b, "/contributions/", "/accounts/logout/", {})
    assert status == 302  # signed out on B
    status, _ = browser.request(a, "/contributions/")
    assert status == 302  # ...and on A: back to the sign-in page

    # Five wrong passwords (AXES_FAILURE_LIMIT), alternating processes, lock the account out on both.
    for attempt in range(4):
        status, _ = _sign_in(browser, (a, b)[attempt % 2], "wrong-password")
        assert status == 200, attempt  # the form again, with its error
    status, _ = _sign_in(browser, a, "wrong-password")
    assert status == 429  # the fifth, two of the four before it counted by B
    for base in (a, b):
        status, page = _sign_in(browser, base, PASSWORD)
        assert status == 429 and SIGNED_IN not in page, base
