"""`kill -9` of a REAL Celery worker in the middle of a reminder SWEEP, then a restart (issue #6, "Done when").

3,000 people whose card runs out 30 days after the sweep day, each with an e-mail address, a phone and SMS
consent, so every reminder has an e-mail and an SMS delivery. The sweep is cut into chunks of 200 people; one
worker (two pool processes) consumes the sweep queue and the delivery queue at once, so chunks and delivery
batches interleave. The worker's process group is killed with SIGKILL while some chunks are done and some not
and while deliveries are going out, then a fresh worker finishes the day. At the end every due reminder is in
the ledger once, each of its channels has one row, sent, and each provider got one message per row: the SMS
gateway's outbox (FileSmsBackend, one file per idempotency key) and the e-mail files (one Message-ID per
delivery). A second sweep of the same day then creates and sends nothing.

The kill may land in the crash window of a delivery (the provider accepted, the row does not say so yet); that
row is sent again with the same key, so the provider sees a repeated request (counted in SMS_CALLS_LOG) but
delivers one message. At most one delivery per killed pool process can be in that window.

Isolation on a Redis shared with other runs: a key prefix of our own (our short visibility timeout restores
only our own unacknowledged messages) and queue names of our own.
"""

import datetime
import io
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from bhxh_portal.celery import app
from participants.enums import Language, ObjectGroup
from participants.models import HealthInsuranceCard, Participant
from reminders.enums import Channel, DeliveryStatus, KindChoice
from reminders.models import Delivery, NotificationPreference, Reminder
from reminders.tasks import sweep_start
from tests.conftest import forget_celery_result_backend, load_reference_data
from tests.factories import FacilityFactory, ParticipantFactory, province
from tests.reminders.test_delivery_worker import _reset_producer_pool, transport_options

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
# 20/11/2026: not the 10th (no arrears read), not in a quarter's first 15 days (no facility-window reminder).
ON = datetime.date(2026, 11, 20)
PEOPLE = 3_000
CHUNK = 200  # 15 chunk tasks
BATCH = 50  # deliveries per reminders.deliver_batch: 8 batch tasks per chunk, interleaved with the chunks
VISIBILITY_TIMEOUT = 4  # seconds before Redis hands a dead worker's unacknowledged message to another
LEASE = 5  # REMINDER_SEND_LEASE_SECONDS: a dead worker's claim on a delivery row lasts this long
SMS_DELAY = "0.01"  # seconds the file gateway takes per request (half before, half after accepting)
PROCESSES = 2  # pool processes: at most this many deliveries can be in the crash window at the kill
OUTBOUND = (Channel.EMAIL, Channel.SMS)

# Django first: this module imports models.
WORKER_MAIN = (
    "import bhxh_portal.celery, django; django.setup(); "
    "from tests.reminders.test_sweep_kill import run_worker; run_worker()"
)


def run_worker() -> None:
    """Entry point of the worker subprocess: `celery worker` of the project's app on both queues of this test.

    Started through ``worker_main`` rather than the `celery` command only because the broker's transport
    options (key prefix, short visibility timeout) cannot be given on the command line or by environment.
    """
    app.conf.broker_transport_options = transport_options(os.environ["TEST_BROKER_PREFIX"])
    if pause := float(os.environ.get("TEST_PAUSE_AFTER_CHUNK_COMMIT", "0")):
        _pause_between_chunk_commit_and_publish(pause)
    queues = f"{os.environ['REMINDER_SWEEP_QUEUE']},{os.environ['REMINDER_DELIVERY_QUEUE']}"
    app.worker_main(
        [
            "worker",
            "--queues",
            queues,
            "--hostname",
            f"{os.environ['REMINDER_SWEEP_QUEUE']}@%h",
            "--pool=prefork",
            f"--concurrency={PROCESSES}",
            "--loglevel=WARNING",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
        ]
    )


def _pause_between_chunk_commit_and_publish(seconds: float) -> None:
    """Hold the worker between a chunk's COMMIT and the publishing of its delivery tasks (both happen on commit,
    in this order), so that a kill lands in that window every time rather than by chance."""
    from django.db import transaction

    from reminders import sweep

    enqueue = sweep.deliveries_enqueue

    def paused(delivery_ids):
        transaction.on_commit(lambda: time.sleep(seconds))
        enqueue(delivery_ids)

    sweep.deliveries_enqueue = paused


@pytest.fixture
def sweep_broker(settings, redis_url, require_postgres):
    """Queues and a key prefix of this test's own, set in this process (which publishes the sweep) and handed
    to the worker by environment; every key under the prefix is deleted afterwards."""
    import redis

    tag = uuid.uuid4().hex[:10]
    prefix = f"test-sweep-kill-{tag}:"
    queues = {"sweep": f"sweep-kill-{tag}-chunks", "delivery": f"sweep-kill-{tag}-deliveries"}
    settings.REMINDER_SWEEP_QUEUE = queues["sweep"]
    settings.REMINDER_DELIVERY_QUEUE = queues["delivery"]
    settings.REMINDER_SWEEP_CHUNK = CHUNK
    settings.REMINDER_DELIVERY_BATCH = BATCH
    previous = app.conf.broker_transport_options
    app.conf.broker_transport_options = transport_options(prefix)
    _reset_producer_pool()
    client = redis.Redis.from_url(redis_url)
    try:
        yield {"prefix": prefix, "queues": queues, "url": redis_url, "client": client}
    finally:
        app.conf.broker_transport_options = previous
        _reset_producer_pool()
        forget_celery_result_backend()
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture
def worker_env(sweep_broker, tmp_path):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DB_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": sweep_broker["url"],
        "TEST_BROKER_PREFIX": sweep_broker["prefix"],
        "REMINDER_SWEEP_QUEUE": sweep_broker["queues"]["sweep"],
        "REMINDER_DELIVERY_QUEUE": sweep_broker["queues"]["delivery"],
        "REMINDER_SWEEP_CHUNK": str(CHUNK),
        "REMINDER_DELIVERY_BATCH": str(BATCH),
        "REMINDER_SEND_LEASE_SECONDS": str(LEASE),
        # E-mail (Django's file backend, the non-production default) and SMS (FileSmsBackend) go to files under
        # this run's own var/; the SMS gateway also logs every request it receives, repeated ones included.
        "BHXH_VAR_DIR": str(tmp_path / "var"),
        "SMS_BACKEND": "tests.reminders.test_delivery_worker.CountingFileSmsBackend",
        "SMS_TEST_DELAY": SMS_DELAY,
        "SMS_CALLS_LOG": str(tmp_path / "sms-calls.log"),
        "PYTHONPATH": str(ROOT),
    }


def start_worker(env: dict, log_path: Path) -> tuple[subprocess.Popen, object]:
    log = log_path.open("ab")
    process = subprocess.Popen(
        [sys.executable, "-c", WORKER_MAIN],
        cwd=ROOT,
        env=env,
        start_new_session=True,  # its own process group: SIGKILL reaches the pool's children too
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    return process, log


def kill_9(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # already gone
    process.wait(timeout=10)


def seed_due_people(count: int) -> list[Participant]:
    """``count`` people whose only current card ends 30 days after ON, with an e-mail address, a phone, SMS and
    e-mail consent and no quiet hours (start == end), so the SMS goes out whatever the hour of the run."""
    hanoi = province()
    facility = FacilityFactory()
    people = Participant.objects.bulk_create(
        [
            ParticipantFactory.build(
                province=hanoi,
                email=f"nguoi.quet{n}@example.vn",
                # A third read English: the texts are written at send time in the person's language.
                preferred_language=Language.EN if n % 3 == 0 else Language.VI,
            )
            for n in range(count)
        ],
        batch_size=1_000,
    )
    HealthInsuranceCard.objects.bulk_create(
        [
            HealthInsuranceCard(
                participant=person,
                card_number=f"GD4{person.social_insurance_number}",
                object_group=ObjectGroup.GD,
                benefit_level=4,
                valid_from=datetime.date(2026, 1, 1),
                valid_to=ON + datetime.timedelta(days=30),
                facility=facility,
                issued_on=datetime.date(2025, 12, 20),
            )
            for person in people
        ],
        batch_size=1_000,
    )
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(
                participant=person,
                email_enabled=True,
                sms_enabled=True,
                quiet_start=datetime.time(0, 0),
                quiet_end=datetime.time(0, 0),
            )
            for person in people
        ],
        batch_size=1_000,
    )
    return people


@pytest.fixture
def workers():
    """The worker processes a test starts: each still running is killed, and its log closed, at the end."""
    started: list[tuple[subprocess.Popen, object]] = []
    yield started
    for process, log in started:
        if process.poll() is None:
            kill_9(process)
        log.close()


def assert_each_sent_once(var: Path, people: int) -> None:
    """One SMS file and one e-mail Message-ID per person in the gateways' outboxes under ``var``."""
    assert len(list((var / "sms").glob("*.txt"))) == people
    assert sorted(Counter(email_message_ids(var / "mail")).values()) == [1] * people


def counts() -> dict[str, int]:
    sent = Delivery.objects.filter(status=DeliveryStatus.SENT)
    return {
        "reminders": Reminder.objects.count(),
        "deliveries": Delivery.objects.count(),
        "email_sent": sent.filter(channel=Channel.EMAIL).count(),
        "sms_sent": sent.filter(channel=Channel.SMS).count(),
    }


def broker_idle(broker: dict) -> bool:
    """Nothing of this test left in Redis: no message waiting in either queue, none held unacknowledged."""
    client, prefix = broker["client"], broker["prefix"]
    waiting = sum(client.llen(f"{prefix}{queue}") for queue in broker["queues"].values())
    return waiting == 0 and client.hlen(f"{prefix}unacked") == 0


def safety_nets() -> tuple[int, int]:
    """What beat's two safety nets would do on their next run once the day has stalled: `reminders.sweep_repair`
    sends again the chunks that never ran, `reminders.release_deferred` queues again the e-mail/SMS rows that
    nobody claimed. Run here, from this process, with "now" moved past their stall and stale times, because
    the test cannot wait the 30 minutes and the hour they wait in production. Returns (chunks, deliveries)."""
    from django.conf import settings
    from django.utils import timezone

    from reminders.delivery import deliveries_release_due
    from reminders.tasks import sweep_repair

    later = timezone.now() + datetime.timedelta(
        seconds=max(settings.REMINDER_SWEEP_STALL_SECONDS, settings.REMINDER_RELEASE_STALE_SECONDS) + 1
    )
    return sweep_repair(now=later), deliveries_release_due(now=later)


def wait_until_all_sent(broker: dict, *, people: int, timeout: float, safety_net: bool) -> list[tuple[int, int]]:
    """Wait for every e-mail and SMS row to be sent. When work is left in the ledger but no task for it is left
    anywhere (the broker has been idle longer than any redelivery or lease), run the safety nets if allowed
    (once per idle spell, at most three times), else fail and say why. Returns what each safety-net run sent.

    Why a message can be lost although every task is acks_late: Redis's BRPOP hands a message over and forgets
    it before the worker writes it into its unacked hash; a worker killed in between loses it (kombu's Redis
    transport; celery/celery#4354). The ledger is the truth, and the safety nets turn it back into tasks."""
    deadline = time.monotonic() + timeout
    idle_since = None
    runs: list[tuple[int, int]] = []
    while time.monotonic() < deadline:
        now = counts()
        if now["reminders"] == people and now["email_sent"] == people and now["sms_sent"] == people:
            return runs
        if broker_idle(broker):
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > VISIBILITY_TIMEOUT + LEASE + 5:
                if safety_net and len(runs) < 3:
                    runs.append(safety_nets())
                    idle_since = None
                    continue
                stranded = Delivery.objects.filter(
                    channel__in=OUTBOUND, status=DeliveryStatus.QUEUED, attempts=0, not_before__isnull=True
                ).count()
                raise AssertionError(
                    f"no task left in the broker but the day is not done: {now}; {stranded} e-mail/SMS row(s) "
                    f"queued and never claimed; safety nets run: {runs}"
                )
        else:
            idle_since = None
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for every delivery to be sent: {counts()}; safety nets run: {runs}")


def email_message_ids(mail_dir: Path) -> list[str]:
    """The Message-ID of every e-mail the file backend wrote (several e-mails may share a file)."""
    text = "".join(path.read_text(encoding="utf-8") for path in sorted(mail_dir.glob("*.log")))
    return re.findall(r"^Message-ID:\s+<reminder\.([0-9a-f-]{36})@", text, flags=re.MULTILINE)


def test_kill_9_in_the_middle_of_a_sweep_then_restart_sends_every_due_reminder_exactly_once(
    sweep_broker, worker_env, tmp_path, workers
):
    load_reference_data()
    people = seed_due_people(PEOPLE)
    sms_dir = tmp_path / "var" / "sms"
    mail_dir = tmp_path / "var" / "mail"
    calls_log = Path(worker_env["SMS_CALLS_LOG"])
    log_path = tmp_path / "worker.log"
    started = sweep_start(on=ON)
    assert started.participant_chunks >= PEOPLE // CHUNK

    workers.append(start_worker(worker_env, log_path))
    first = workers[-1][0]
    # Kill on a delivery count, not on a chunk commit, so the kill is not tied to the moment a chunk ends.
    deadline = time.monotonic() + 90
    while True:
        now = counts()
        if now["reminders"] >= 2 * CHUNK and now["sms_sent"] >= 100:
            break
        assert time.monotonic() < deadline, f"the first worker made no progress: {now}"
        assert first.poll() is None, log_path.read_text(errors="replace")
        time.sleep(0.05)
    kill_9(first)
    at_kill = counts()
    sms_files_at_kill = len(list(sms_dir.glob("*.txt")))
    # The kill landed in the middle: part of the chunks and part of the deliveries were done.
    assert 0 < at_kill["reminders"] < PEOPLE, f"the sweep was not cut in the middle: {at_kill}"
    assert at_kill["sms_sent"] < PEOPLE and at_kill["email_sent"] < PEOPLE, at_kill
    # Each committed chunk wrote its three rows per reminder: a killed chunk left nothing half done.
    assert at_kill["deliveries"] == 3 * at_kill["reminders"], at_kill

    workers.append(start_worker(worker_env, log_path))
    second = workers[-1][0]
    repairs = wait_until_all_sent(sweep_broker, people=PEOPLE, timeout=180, safety_net=True)
    # A message lost in Redis's hand-over is at most one per connection that was fetching at the kill.
    assert sum(chunks for chunks, _rows in repairs) <= 1, repairs
    assert sum(rows for _chunks, rows in repairs) <= BATCH, repairs
    # Let redelivered copies of finished tasks and the scheduled looks at leased rows run: they do nothing.
    time.sleep(VISIBILITY_TIMEOUT + LEASE + 2)
    assert second.poll() is None, log_path.read_text(errors="replace")

    reminders = list(Reminder.objects.values_list("participant_id", "kind", "subject", "due_on"))
    deliveries = list(Delivery.objects.values_list("reminder_id", "channel", "status", "public_id", "attempts"))
    sms_files = sorted(sms_dir.glob("*.txt"))
    sms_calls = calls_log.read_text(encoding="utf-8").split()
    mail_ids = email_message_ids(mail_dir)

    # Exactly one reminder per person for that kind and day...
    assert len(reminders) == len(set(reminders)) == PEOPLE
    assert {r[0] for r in reminders} == {p.pk for p in people}
    # Household cards (GD): the payment reminder stands in for the card one (issue 14).
    assert {(r[1], r[3]) for r in reminders} == {(KindChoice.HOUSEHOLD_PAYMENT_DUE, ON)}
    # ...with exactly one row per channel, the e-mail and the SMS sent, the inbox delivered.
    assert len({(d[0], d[1]) for d in deliveries}) == len(deliveries) == 3 * PEOPLE
    by_channel = {
        channel: sorted(d[2] for d in deliveries if d[1] == channel)
        for channel in (Channel.INBOX, Channel.EMAIL, Channel.SMS)
    }
    assert by_channel[Channel.INBOX] == [DeliveryStatus.DELIVERED] * PEOPLE
    assert by_channel[Channel.EMAIL] == [DeliveryStatus.SENT] * PEOPLE
    assert by_channel[Channel.SMS] == [DeliveryStatus.SENT] * PEOPLE
    sms_refs = {str(d[3]) for d in deliveries if d[1] == Channel.SMS}
    email_refs = {str(d[3]) for d in deliveries if d[1] == Channel.EMAIL}

    # The SMS gateway delivered one message per SMS row (one file per idempotency key)...
    assert len(sms_files) == PEOPLE
    assert {f.stem.split("-", 1)[1] for f in sms_files} == {
        uuid.uuid5(uuid.NAMESPACE_URL, f"bhxh-portal:sms:{ref}").hex for ref in sms_refs
    }
    # ...and saw each key at least once; a repeated request comes only from a delivery in the crash window.
    assert set(sms_calls) == sms_refs
    # One e-mail per e-mail row, by Message-ID (derived from the row's key); the file backend does not drop a
    # repeated Message-ID, so a delivery in the crash window may have been written twice.
    assert set(mail_ids) == email_refs
    repeated_sms = len(sms_calls) - PEOPLE
    repeated_mail = len(mail_ids) - PEOPLE
    assert 0 <= repeated_sms + repeated_mail <= PROCESSES, (repeated_sms, repeated_mail)
    retried = sum(1 for d in deliveries if d[1] in OUTBOUND and d[4] > 1)
    assert retried <= PROCESSES  # only rows claimed by a killed process were claimed again

    # A second sweep of the same day, on the same worker: nothing new in the ledger, nothing sent.
    out = io.StringIO()
    call_command(
        "run_reminder_sweep", "--on", ON.isoformat(), "--wait", "--timeout", "60", "--chunk", str(CHUNK), stdout=out
    )
    assert "Chunks done" in out.getvalue() and " 0 reminder(s) created, 0 delivery row(s)" in out.getvalue(), (
        out.getvalue()
    )
    time.sleep(1)
    assert counts() == {"reminders": PEOPLE, "deliveries": 3 * PEOPLE, "email_sent": PEOPLE, "sms_sent": PEOPLE}
    assert len(list(sms_dir.glob("*.txt"))) == PEOPLE
    assert calls_log.read_text(encoding="utf-8").split() == sms_calls
    assert email_message_ids(mail_dir) == mail_ids

    print(
        f"\nsweep of {PEOPLE} people in {started.participant_chunks} chunks of {CHUNK}, killed with "
        f"{at_kill['reminders']} reminders, {at_kill['email_sent']} "
        f"e-mails and {at_kill['sms_sent']} SMS sent ({sms_files_at_kill} SMS files); after restart: "
        f"{PEOPLE} reminders, {PEOPLE} e-mails, {len(sms_files)} SMS messages; gateway requests "
        f"{len(sms_calls)} ({repeated_sms} repeated with the same key), e-mails written {len(mail_ids)} "
        f"({repeated_mail} repeated Message-ID); rows claimed twice {retried}; safety-net runs (chunks, rows) "
        f"{repairs}; second sweep: nothing new"
    )


def test_kill_9_between_a_chunk_commit_and_the_publishing_of_its_deliveries_then_restart_sends_them(
    sweep_broker, worker_env, tmp_path, workers
):
    people = 5
    load_reference_data()
    seed_due_people(people)
    log_path = tmp_path / "worker.log"
    sweep_start(on=ON)
    workers.append(start_worker({**worker_env, "TEST_PAUSE_AFTER_CHUNK_COMMIT": "30"}, log_path))
    first = workers[-1][0]
    deadline = time.monotonic() + 60
    while Reminder.objects.count() < people:
        assert time.monotonic() < deadline, f"the chunk did not commit: {counts()}"
        assert first.poll() is None, log_path.read_text(errors="replace")
        time.sleep(0.05)
    kill_9(first)
    # Killed in the window: the chunk committed its rows, no delivery task reached the broker.
    assert counts() == {"reminders": people, "deliveries": 3 * people, "email_sent": 0, "sms_sent": 0}
    delivery_queue = f"{sweep_broker['prefix']}{sweep_broker['queues']['delivery']}"
    assert sweep_broker["client"].llen(delivery_queue) == 0

    workers.append(start_worker(worker_env, log_path))
    # No safety net here: the redelivered chunk itself must hand its deliveries on.
    wait_until_all_sent(sweep_broker, people=people, timeout=60, safety_net=False)
    assert_each_sent_once(tmp_path / "var", people)


def test_a_chunk_message_the_broker_lost_is_sent_again_by_the_sweep_repair_and_the_day_completes(
    sweep_broker, worker_env, tmp_path, workers
):
    people = 450  # three chunks of 200 keys
    load_reference_data()
    seed_due_people(people)
    log_path = tmp_path / "worker.log"
    started = sweep_start(on=ON)
    # The message the worker would take first vanishes, as one popped by a worker killed before it recorded it.
    sweep_queue = f"{sweep_broker['prefix']}{sweep_broker['queues']['sweep']}"
    assert sweep_broker["client"].llen(sweep_queue) == started.chunks >= 3
    assert sweep_broker["client"].rpop(sweep_queue) is not None

    workers.append(start_worker(worker_env, log_path))
    repairs = wait_until_all_sent(sweep_broker, people=people, timeout=90, safety_net=True)
    assert [chunks for chunks, _rows in repairs] == [1], repairs
    assert counts() == {"reminders": people, "deliveries": 3 * people, "email_sent": people, "sms_sent": people}
    assert_each_sent_once(tmp_path / "var", people)
