"""The app behind PgBouncer in transaction mode (docs/scaling.md): many client connections share a few server
connections, from one transaction to the next.

A real PgBouncer (Debian's package) is started in front of the test PostgreSQL server with a pool of 2 server
connections. The app, configured with DATABASE_POOL_MODE=transaction, migrates, seeds the demo and serves the
citizen pages and the employer's CSV export (a streamed QuerySet.iterator) from 6 threads at once, through the
pooler. The test then reads PgBouncer's own counters: every request was answered, and never more than 2 server
connections were used. It also shows why the setting exists: the app's direct-connection setting (the `options`
startup parameter that turns JIT off) is refused by PgBouncer.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import dj_database_url
import psycopg
import pytest

from tests.conftest import free_port, missing_service
from tests.scratch_database import scratch_database

pytestmark = [pytest.mark.integration]

ROOT = Path(__file__).resolve().parent.parent
POOL_SIZE = 2
THREADS = 6

# Runs inside the app (manage.py shell) through the pooler: 6 threads, each with its own Django connection,
# fetch the citizen pages and the employer export; prints one status line per request.
CLIENT = textwrap.dedent(
    """
    import threading
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from accounts.models import User
    from employers.models import EmployerMembership

    setup_test_environment()
    assert settings.DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        print("jit", cursor.fetchone()[0])
    employer = EmployerMembership.objects.get(user__username="hr.demo").employer
    hr = User.objects.get(username="hr.demo")
    device = TOTPDevice.objects.get(user=hr, confirmed=True).persistent_id
    citizen = User.objects.get(username="citizen-maternity")
    paths = ["/", "/contributions/", "/eligibility/", "/checkin/", "/inbox/", "/calculator/"]
    results = []

    def run(n):
        client = Client()
        if n % 2:
            client.force_login(hr)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device
            session.save()
            todo = [f"/employer/{employer.public_id}/", f"/employer/{employer.public_id}/export.csv"] * 3
        else:
            client.force_login(citizen)
            todo = paths
        for path in todo:
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            results.append((path, response.status_code, body.count(b"\\n")))
        connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for path, status, lines in results:
        print("page", status, lines, path)
    """
).replace("THREADS", str(THREADS))


@pytest.fixture
def server():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        missing_service("PostgreSQL is not the test database; set DATABASE_URL")
    binary = shutil.which("pgbouncer") or shutil.which("pgbouncer", path="/usr/sbin")
    if binary is None:
        missing_service("PgBouncer is not installed (apt-get install pgbouncer)")
    return dj_database_url.parse(url), binary


@pytest.fixture
def pooler(server):
    _config, binary = server
    with scratch_database("bhxh_pgbouncer") as database:
        with database.admin() as conn:
            # What docs/operations.md asks of an operator who puts the app behind a transaction pooler.
            conn.execute(f'ALTER DATABASE "{database.name}" SET jit = off')
        yield from _pgbouncer(database, binary)


def _pgbouncer(database, binary: str):
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="bhxh-pgbouncer-"))
    password = f" password={database.password}" if database.password else ""
    (folder / "pgbouncer.ini").write_text(
        f"[databases]\napp = host={database.host} port={database.port} dbname={database.name} "
        f"user={database.user}{password}\n"
        f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = any\npool_mode = transaction\ndefault_pool_size = {POOL_SIZE}\nmax_client_conn = 200\n"
        f"admin_users = {database.user}\nignore_startup_parameters = extra_float_digits\n"
        f"logfile = {folder / 'pgbouncer.log'}\n"
    )
    as_other_user = []
    if os.geteuid() == 0:  # PgBouncer refuses to run as root
        shutil.chown(folder, "postgres")
        for path in folder.iterdir():
            shutil.chown(path, "postgres")
        as_other_user = ["runuser", "-u", "postgres", "--"]
    process = subprocess.Popen([*as_other_user, binary, str(folder / "pgbouncer.ini")], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"PgBouncer did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    try:
        yield {"port": port, "user": database.user, "password": database.password}
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def _pool_peaks(pooler, stop_after: float, app: subprocess.Popen) -> int:
    """The most server connections PgBouncer held for the app while it ran (SHOW POOLS, polled)."""
    peak = 0
    console = {"host": "127.0.0.1", "port": pooler["port"], "user": pooler["user"], "dbname": "pgbouncer"}
    # The admin console speaks only the simple query protocol: a client-side-binding cursor.
    with psycopg.connect(**console, autocommit=True, cursor_factory=psycopg.ClientCursor) as conn:
        deadline = time.monotonic() + stop_after
        while app.poll() is None and time.monotonic() < deadline:
            cursor = conn.execute("SHOW POOLS")
            columns = [c.name for c in cursor.description]
            for row in cursor.fetchall():
                pool = dict(zip(columns, row, strict=True))
                if pool["database"] == "app":
                    in_use = sum(
                        pool[k] for k in ("sv_active", "sv_idle", "sv_used", "sv_tested", "sv_login") if k in pool
                    )
                    peak = max(peak, in_use)
            time.sleep(0.05)
    return peak


def test_the_app_works_behind_pgbouncer_in_transaction_mode(pooler):
    password = f":{pooler['password']}" if pooler["password"] else ""
    url = f"postgres://{pooler['user']}{password}@127.0.0.1:{pooler['port']}/app"
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CELERY_BROKER_URL", "DJANGO_ENV"}}
    env |= {"DATABASE_URL": url, "DATABASE_POOL_MODE": "transaction"}
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--no-input", "-v", "0"], ["seed_demo", "--participants", "0"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)

    app = subprocess.Popen(
        [*manage, "shell", "-c", CLIENT], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = _pool_peaks(pooler, stop_after=300, app=app)
    out, err = app.communicate(timeout=300)
    assert app.returncode == 0, err[-3000:]

    lines = out.splitlines()
    assert "jit off" in lines
    pages = [line.split(" ", 3) for line in lines if line.startswith("page ")]
    assert len(pages) == 3 * 6 + 3 * 6  # three citizens x 6 pages, three HR officers x 6 requests
    assert {status for _, status, _, _ in pages} == {"200"}, pages
    exports = [int(lines) for _, _, lines, path in pages if path.endswith("export.csv")]
    assert len(exports) == 9 and min(exports) >= 2 and len(set(exports)) == 1  # the same whole file each time
    assert 1 <= peak <= POOL_SIZE  # 6 client connections shared at most 2 server connections


def test_the_direct_connection_setting_is_refused_by_pgbouncer(pooler):
    """Why DATABASE_POOL_MODE=transaction exists: the `options` startup parameter is refused by the pooler."""
    with pytest.raises(psycopg.OperationalError, match="unsupported startup parameter"):
        psycopg.connect(
            host="127.0.0.1", port=pooler["port"], user=pooler["user"], dbname="app", options="-c jit=off"
        ).close()
