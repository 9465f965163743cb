"""Deliveries through a REAL Celery worker (a subprocess) against real Redis and the test PostgreSQL database.

The worker is killed with SIGKILL in the middle and started again; every SMS must then be sent exactly once,
counted both as rows and as messages the (file) gateway accepted. The gateway here is participants.sms's
FileSmsBackend, which keeps one file per idempotency key like a real gateway keeps one message per
Idempotency-Key; a second log counts every request that reached it, duplicates included.

Isolation on a Redis shared with other test runs: a key prefix of our own (so our worker neither takes nor
restores anyone else's messages) and a queue of our own.
"""

import contextlib
import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from bhxh_portal.celery import app
from participants import sms
from reminders.enums import Channel, DeliveryStatus, KindChoice
from reminders.models import Delivery, NotificationPreference
from reminders.services import reminder_record
from tests.conftest import load_reference_data
from tests.factories import ParticipantFactory
from tests.reminders.test_delivery import forget_celery_result_backend

pytestmark = [pytest.mark.integration, pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 4  # seconds before Redis hands an unacknowledged message (a dead worker's) to another
LEASE = 3  # REMINDER_SEND_LEASE_SECONDS: a dead worker's claim on a row lasts this long


class CountingFileSmsBackend(sms.FileSmsBackend):
    """The file gateway, slowed down on both sides of accepting the message so that a kill lands in the crash
    window, and logging every request (SMS_CALLS_LOG) so the test can count provider calls."""

    def send(self, phone, text, *, client_ref=None):
        delay = float(os.environ.get("SMS_TEST_DELAY", "0"))
        with open(os.environ["SMS_CALLS_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{client_ref}\n")
        time.sleep(delay / 2)
        reference = super().send(phone, text, client_ref=client_ref)
        time.sleep(delay / 2)  # accepted, but the answer has not reached the worker yet
        return reference


def transport_options(prefix: str) -> dict:
    return {
        "global_keyprefix": prefix,
        "visibility_timeout": VISIBILITY_TIMEOUT,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }


# Django first: this module imports models.
WORKER_MAIN = (
    "import bhxh_portal.celery, django; django.setup(); "
    "from tests.reminders.test_delivery_worker import run_worker; run_worker()"
)


def run_worker() -> None:
    """Entry point of the worker subprocess (the options come from the environment)."""
    app.conf.broker_transport_options = transport_options(os.environ["TEST_BROKER_PREFIX"])
    app.worker_main(
        [
            "worker",
            "--queues",
            os.environ["REMINDER_DELIVERY_QUEUE"],
            "--pool=prefork",
            "--concurrency=2",
            "--loglevel=WARNING",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
        ]
    )


def _reset_producer_pool() -> None:
    # The app caches its broker connections; new transport options only apply to new ones. The old pool is
    # left open, not closed: other code (a test's worker) may still hold it.
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None


@pytest.fixture
def broker(settings, redis_url):
    import redis

    prefix = f"test-delivery-{uuid.uuid4().hex[:10]}:"
    queue = "deliveries"
    settings.REMINDER_DELIVERY_QUEUE = queue
    previous = app.conf.broker_transport_options
    app.conf.broker_transport_options = transport_options(prefix)
    _reset_producer_pool()
    yield {"prefix": prefix, "queue": queue, "url": redis_url}
    app.conf.broker_transport_options = previous
    _reset_producer_pool()
    forget_celery_result_backend()
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def worker_env(broker, tmp_path):
    load_reference_data()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": broker["url"],
        "TEST_BROKER_PREFIX": broker["prefix"],
        "REMINDER_DELIVERY_QUEUE": broker["queue"],
        "REMINDER_SEND_LEASE_SECONDS": str(LEASE),
        # Mail goes to files under this run's own var/ (the development e-mail backend).
        "BHXH_VAR_DIR": str(tmp_path / "var"),
        "SMS_CALLS_LOG": str(tmp_path / "sms-calls.log"),
        "PYTHONPATH": str(ROOT),
        "WORKER_LOG": str(tmp_path / "worker.log"),
    }
    if db.get("PASSWORD"):
        env["DATABASE_URL"] = env["DATABASE_URL"].replace(f"{db['USER']}@", f"{db['USER']}:{db['PASSWORD']}@")
    return env


@contextlib.contextmanager
def worker(env):
    log = open(env["WORKER_LOG"], "ab")  # closed below, after the process
    process = subprocess.Popen(
        [sys.executable, "-c", WORKER_MAIN],
        cwd=ROOT,
        env=env,
        start_new_session=True,  # its own process group: SIGKILL reaches the pool's children too
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


def kill_9(process) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def wait_for(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def wait_sent_with_safety_net(broker: dict, *, sent, total: int, timeout: float) -> int:
    """Wait until ``sent()`` reaches ``total``. If the broker goes idle first (nothing queued, nothing held
    unacknowledged, for longer than a redelivery and a lease), run beat's safety net once, as its next run
    would (`deliveries_release_due` with "now" past the stale time), and go on waiting; returns how many rows
    it queued again. A message can be lost with every task acks_late: Redis's BRPOP forgets it before the
    worker records it, and a worker killed in between loses it (celery/celery#4354; docs/reminders.md)."""
    import redis
    from django.conf import settings
    from django.utils import timezone

    from reminders.delivery import deliveries_release_due

    client = redis.Redis.from_url(broker["url"])
    deadline = time.monotonic() + timeout
    idle_since, released = None, None
    try:
        while sent() < total:
            assert time.monotonic() < deadline, f"timed out waiting for every SMS: {sent()} of {total} sent"
            waiting = client.llen(f"{broker['prefix']}{broker['queue']}") + client.hlen(f"{broker['prefix']}unacked")
            idle_since = (idle_since or time.monotonic()) if waiting == 0 else None
            if idle_since and time.monotonic() - idle_since > VISIBILITY_TIMEOUT + LEASE + 5:
                assert released is None, f"the safety net ran and the day is still not done: {sent()} of {total}"
                later = timezone.now() + datetime.timedelta(seconds=settings.REMINDER_RELEASE_STALE_SECONDS + 1)
                released, idle_since = deliveries_release_due(now=later), None
            time.sleep(0.2)
    finally:
        client.close()
    return released or 0


def make_sms_reminders(count: int, *, email: bool = False) -> list[Delivery]:
    rows = []
    for n in range(count):
        participant = ParticipantFactory(email=f"nguoi.nhan{n}@example.vn" if email else "")
        # No quiet hours (start == end): the test runs at any hour of the day.
        NotificationPreference.objects.create(
            participant=participant,
            sms_enabled=True,
            email_enabled=email,
            quiet_start=datetime.time(0, 0),
            quiet_end=datetime.time(0, 0),
        )
        reminder, _ = reminder_record(
            participant=participant,
            kind=KindChoice.CARD_EXPIRING,
            subject=f"card:{n}:2026-12-31",
            due_on=datetime.date(2026, 12, 1),
            context={"valid_to": "2026-12-31"},
        )
        rows.append(reminder.deliveries.get(channel=Channel.SMS))
    return rows


def test_kill_9_in_the_middle_then_restart_sends_every_sms_exactly_once(settings, broker, worker_env, tmp_path):
    total = 40
    settings.REMINDER_DELIVERY_BATCH = 4
    sms_dir = tmp_path / "var" / "sms"
    env = {
        **worker_env,
        "SMS_BACKEND": "tests.reminders.test_delivery_worker.CountingFileSmsBackend",
        "SMS_TEST_DELAY": "0.2",
    }
    rows = make_sms_reminders(total)  # each commit publishes its batch: the queue is full before any worker runs

    def sent() -> int:
        return Delivery.objects.filter(channel=Channel.SMS, status=DeliveryStatus.SENT).count()

    with worker(env) as first:
        wait_for(lambda: sent() >= total // 4, timeout=60, what="a quarter of the SMS to be sent")
        kill_9(first)
    sent_before_restart = sent()
    assert sent_before_restart < total, "the worker finished before it was killed: nothing was tested"

    with worker(env):
        released = wait_sent_with_safety_net(broker, sent=sent, total=total, timeout=90)
        assert released <= settings.REMINDER_DELIVERY_BATCH  # at most the one message Redis can lose at a kill
        time.sleep(VISIBILITY_TIMEOUT + LEASE + 2)  # redelivered copies of finished tasks run and do nothing

    files = sorted(sms_dir.glob("*.txt"))
    calls = Path(worker_env["SMS_CALLS_LOG"]).read_text(encoding="utf-8").split()
    refs = {str(row.public_id) for row in rows}
    assert sent() == total
    assert Delivery.objects.filter(channel=Channel.SMS).exclude(status=DeliveryStatus.SENT).count() == 0
    # Exactly one message per delivery reached the gateway's outbox...
    assert len(files) == total
    assert {f.stem.split("-", 1)[1] for f in files} == {
        uuid.uuid5(uuid.NAMESPACE_URL, f"bhxh-portal:sms:{ref}").hex for ref in refs
    }
    # ...while the gateway may have seen a request twice (the crash window): same key, dropped by the gateway.
    assert set(calls) == refs
    assert len(calls) >= total
    print(
        f"\n{total} SMS: {sent_before_restart} sent before kill -9, {len(calls)} gateway requests, "
        f"{len(calls) - total} repeated with the same key, {len(files)} messages delivered"
    )
    for row in Delivery.objects.filter(channel=Channel.SMS):
        assert row.sent_at is not None and row.provider_ref and row.attempts >= 1


def test_a_failing_sms_gateway_is_retried_then_marked_failed_while_email_goes_out(settings, worker_env, tmp_path):
    env = {
        **worker_env,
        "SMS_BACKEND": "tests.reminders.test_delivery.FailingSmsBackend",
        "REMINDER_MAX_ATTEMPTS": "3",
        "REMINDER_RETRY_BASE_SECONDS": "0.5",
        "REMINDER_RETRY_CAP_SECONDS": "1",
    }
    rows = make_sms_reminders(3, email=True)
    ids = [row.id for row in rows]

    def settled():
        states = list(Delivery.objects.filter(channel=Channel.SMS, id__in=ids).values_list("status", flat=True))
        return states and all(s == DeliveryStatus.FAILED_PERMANENT for s in states)

    with worker(env):
        wait_for(settled, timeout=60, what="the SMS to be given up")
        wait_for(
            lambda: Delivery.objects.filter(channel=Channel.EMAIL, status=DeliveryStatus.SENT).count() == 3,
            timeout=30,
            what="the e-mails to be sent",
        )

    for row in Delivery.objects.filter(id__in=ids):
        assert (row.status, row.attempts, row.last_error) == (
            DeliveryStatus.FAILED_PERMANENT,
            3,
            "sms_temporary_http_503;max_attempts",
        )
    mail = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "var" / "mail").glob("*.log"))
    for row in Delivery.objects.filter(channel=Channel.EMAIL):
        assert row.status == DeliveryStatus.SENT
        assert mail.count(f"<reminder.{row.public_id}@") == 1  # one e-mail each, Message-ID from its key
