"""/healthz, /readyz, /metrics and the request id (bhxh_portal/ops.py, bhxh_portal/request_id.py)."""

import datetime
import io
import json
import logging
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from prometheus_client import REGISTRY

from bhxh_portal import ops
from bhxh_portal.celery import app
from bhxh_portal.request_id import request_id
from checkin import services as checkin_services
from checkin.services import CheckinRefused
from reminders.services import reminder_record
from tests.conftest import real_celery_worker
from tests.factories import CardFactory, ClinicStaffFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture(autouse=True)
def _migrations_checked_again():
    ops._migrations_applied = False
    yield
    ops._migrations_applied = False


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_healthz_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_when_every_part_answers(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "broker": "ok"},
    }
    assert response["Cache-Control"].startswith("max-age=0")


def test_readyz_says_503_and_which_part_when_the_cache_is_down(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_REDIS}}
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "migrations": "ok", "cache": "unavailable", "broker": "ok"}
    assert "Connection" not in response.content.decode(), "the reason goes to the log, not to the response"


def test_readyz_says_503_when_the_broker_is_down(client, settings):
    settings.READYZ_TIMEOUT_SECONDS = 0.5
    settings.CELERY_BROKER_URL = DEAD_REDIS
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unavailable"
    assert response.json()["checks"]["database"] == "ok"


def test_readyz_says_503_while_a_migration_is_not_applied(client):
    with connection.cursor() as cursor:
        # Every reminders migration, so that the app's latest one (what a deploy adds) is not applied.
        cursor.execute("DELETE FROM django_migrations WHERE app = 'reminders'")
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "unavailable"


@pytest.mark.parametrize("address", ["10.1.2.3", "203.0.113.9"])
def test_metrics_are_not_public(client, address, settings):
    settings.METRICS_TOKEN = "s3cret-token-for-tests"
    assert client.get("/metrics", REMOTE_ADDR=address).status_code == 404
    assert client.get("/metrics", REMOTE_ADDR=address, HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    # No token configured: a bearer of the empty string gets nothing either.
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", REMOTE_ADDR=address, HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_metrics_for_a_token_or_the_internal_network_count_requests_by_view_and_status(client, settings):
    settings.METRICS_TOKEN = "s3cret-token-for-tests"
    before = sample("django_http_responses_total_by_status_view_method_total", status="200", view="home", method="GET")
    assert client.get("/").status_code == 200
    by_token = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-token-for-tests")
    assert by_token.status_code == 200
    assert by_token["Content-Type"].startswith("text/plain")
    text = by_token.content.decode()
    assert 'django_http_requests_latency_seconds_by_view_method_bucket{le="0.01",method="GET",view="home"}' in text
    after = sample("django_http_responses_total_by_status_view_method_total", status="200", view="home", method="GET")
    assert after == before + 1
    # The queue gauge is read from the broker at scrape time.
    assert "bhxh_queue_messages{queue=" in text
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200


def test_metrics_count_sign_in_failures_and_lockouts(client, settings):
    ParticipantFactory(user=UserFactory(username="citizen-m"), national_id="001090000777")
    failures, lockouts = sample("bhxh_signin_failures_total"), sample("bhxh_signin_lockouts_total")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("login"), {"username": "001090000777", "password": "sai-mat-khau"}, REMOTE_ADDR="10.9.9.9")
    assert sample("bhxh_signin_failures_total") == failures + settings.AXES_FAILURE_LIMIT + 1
    assert sample("bhxh_signin_lockouts_total") >= lockouts + 1


def test_metrics_count_check_ins_by_result(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    today = timezone.localdate()
    card = CardFactory(valid_from=today - datetime.timedelta(days=30), valid_to=today + datetime.timedelta(days=300))
    desk = ClinicStaffFactory(facility=card.facility)
    recorded, replayed = sample("bhxh_checkins_total", method="qr", result="recorded"), 0.0
    token, _expires = checkin_services.checkin_token_issue(participant=card.participant)
    checkin_services.checkin_record(staff=desk.user, facility=desk.facility, token=token)
    with pytest.raises(CheckinRefused) as refused:
        checkin_services.checkin_record(staff=desk.user, facility=desk.facility, token=token)
    reason = str(refused.value.result.reason)
    replayed = sample("bhxh_checkins_total", method="qr", result=reason)
    assert sample("bhxh_checkins_total", method="qr", result="recorded") == recorded + 1
    assert replayed >= 1


def test_metrics_count_reminders_when_their_transaction_commits(django_capture_on_commit_callbacks):
    person = ParticipantFactory()
    before = sample("bhxh_reminders_created_total", source="event")
    with django_capture_on_commit_callbacks(execute=False) as pending:
        reminder_record(participant=person, kind="card_expiring", subject="card", due_on=timezone.localdate())
    assert sample("bhxh_reminders_created_total", source="event") == before, "counted before the commit"
    for callback in pending:
        callback()
    assert sample("bhxh_reminders_created_total", source="event") == before + 1


def test_every_response_carries_a_request_id_and_keeps_a_valid_offered_one(client):
    fresh = client.get("/healthz")["X-Request-ID"]
    assert len(fresh) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="edge-1234abcd")["X-Request-ID"] == "edge-1234abcd"
    hostile = client.get("/healthz", HTTP_X_REQUEST_ID="x\nforged log line 001090123456")["X-Request-ID"]
    assert hostile != "x\nforged log line 001090123456" and len(hostile) == 32


def _console_output(formatter_name: str, emit) -> str:
    handler = next(h for h in logging.getLogger("django").handlers if isinstance(h, logging.StreamHandler))
    stream = io.StringIO()
    old_stream, old_formatter = handler.setStream(stream), handler.formatter
    if formatter_name == "json":
        from django.conf import settings
        from django.utils.module_loading import import_string

        config = dict(settings.LOGGING["formatters"]["json"])
        config["fmt"] = config.pop("format")
        handler.setFormatter(import_string(config.pop("()"))(**config))
    try:
        emit()
    finally:
        handler.setStream(old_stream)
        handler.setFormatter(old_formatter)
    return stream.getvalue()


def test_log_lines_carry_the_request_id_and_json_lines_are_redacted():
    token = request_id.set("req-test-0001")
    try:
        plain = _console_output("plain", lambda: logging.getLogger("django.request").warning("phone 0912345678"))
        as_json = _console_output(
            "json",
            lambda: logging.getLogger("django.request").warning(
                "id 001090123456",
                extra={"request": "<WSGIRequest: GET '/clinic/?id=001090123457'>", "note": "call 0912345678"},
            ),
        )
    finally:
        request_id.reset(token)
    assert "[req-test-0001] phone [redacted]" in plain
    line = json.loads(as_json)
    assert line["request_id"] == "req-test-0001"
    assert line["message"] == "id [redacted]"
    assert line["level"] == "WARNING" and line["logger"] == "django.request"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}", line["time"]), "the time is not redacted"
    assert "request" not in line, "Django's request repr carries the query string"
    assert line["note"] == "call [redacted]"
    for secret in ("001090123456", "001090123457", "0912345678"):
        assert secret not in as_json


@app.task(name="tests.request_id_seen_by_task")
def request_id_seen_by_task() -> str:
    return request_id.get()


@pytest.mark.redis
def test_a_task_queued_in_a_request_logs_under_that_request_id(redis_url):
    with real_celery_worker(redis_url):
        token = request_id.set("req-into-task-42")
        try:
            result = request_id_seen_by_task.delay()
        finally:
            request_id.reset(token)
        assert result.get(timeout=20) == "req-into-task-42"
        # Queued outside any request: the task logs under its own id.
        outside = request_id_seen_by_task.delay()
        assert outside.get(timeout=20) == outside.id
