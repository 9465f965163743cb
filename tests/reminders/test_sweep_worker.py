"""The sweep end to end: `run_reminder_sweep --wait` with a real Celery worker process, Redis and PostgreSQL."""

import datetime
import io
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from reminders.enums import Channel, DeliveryStatus, KindChoice
from reminders.models import Delivery, Reminder
from tests.conftest import load_reference_data
from tests.factories import CardFactory, EmploymentFactory, ParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis]

ROOT = Path(__file__).resolve().parents[2]
ON = datetime.date(2026, 11, 20)


@pytest.fixture
def sweep_worker(require_postgres, redis_url, settings, tmp_path):
    """A `celery -A bhxh_portal worker` subprocess on the test database, consuming a queue of its own (so no
    other worker on the same Redis takes these tasks, and this one takes no one else's)."""
    queue = f"sweep-test-{uuid.uuid4().hex[:8]}"
    settings.REMINDER_SWEEP_QUEUE = queue
    settings.REMINDER_DELIVERY_QUEUE = queue
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": redis_url,
        "REMINDER_SWEEP_QUEUE": queue,
        "REMINDER_DELIVERY_QUEUE": queue,
        "BHXH_VAR_DIR": str(tmp_path / "var"),  # e-mail files and SMS files of this test only
        "DB_CONN_MAX_AGE": "0",
    }
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "bhxh_portal", "worker", "-Q", queue, "-c", "2", "--pool", "prefork",
            "-n", f"{queue}@%h", "--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()
        if worker.returncode not in (0, -15):
            print((tmp_path / "worker.log").read_text())


def _run_sweep() -> str:
    out = io.StringIO()
    call_command("run_reminder_sweep", "--on", ON.isoformat(), "--wait", "--timeout", "120", "--chunk", "4", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_sweep_with_a_real_worker_creates_each_due_reminder_once_and_a_second_run_nothing(sweep_worker):
    load_reference_data()
    due = [CardFactory(valid_to=ON + datetime.timedelta(days=days)).participant for days in (30, 7, 1, -1) * 4]
    employed = CardFactory(valid_to=ON + datetime.timedelta(days=7)).participant
    EmploymentFactory(participant=employed)
    not_due = [CardFactory(valid_to=ON + datetime.timedelta(days=12)).participant for _ in range(5)]
    no_email = CardFactory(
        valid_to=ON + datetime.timedelta(days=30), participant=ParticipantFactory(email="")
    ).participant

    first = _run_sweep()

    expected = {p.pk for p in [*due, no_email]}
    assert "17 reminder(s) created" in first, first
    rows = list(Reminder.objects.values_list("participant_id", "kind", "subject", "due_on"))
    assert len(rows) == len(set(rows)) == len(expected)  # each due reminder exactly once
    assert {participant for participant, *_rest in rows} == expected
    assert {kind for _p, kind, *_rest in rows} == {KindChoice.CARD_EXPIRING, KindChoice.CARD_EXPIRED}
    assert not Reminder.objects.filter(participant__in=[employed, *not_due]).exists()
    # Every channel of every new reminder has its row; the worker sent the e-mails (the sending half's tasks).
    statuses = sorted(Delivery.objects.values_list("channel", "status"))
    assert statuses.count((Channel.INBOX, DeliveryStatus.DELIVERED)) == 17
    assert statuses.count((Channel.EMAIL, DeliveryStatus.SENT)) == 16
    assert statuses.count((Channel.EMAIL, DeliveryStatus.SKIPPED)) == 1
    assert statuses.count((Channel.SMS, DeliveryStatus.SKIPPED)) == 17
    sent_refs = sorted(Delivery.objects.filter(status=DeliveryStatus.SENT).values_list("id", "provider_ref", "sent_at"))

    second = _run_sweep()

    assert "0 reminder(s) created" in second, second
    assert Reminder.objects.count() == 17 and Delivery.objects.count() == 51
    assert sorted(Delivery.objects.filter(status=DeliveryStatus.SENT).values_list("id", "provider_ref", "sent_at")) == (
        sent_refs
    )
