"""SMS backends, above all HttpSmsBackend against a real local HTTP server acting as the gateway."""

import datetime
import logging
import time
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured

from participants.sms import (
    FileSmsBackend,
    HttpSmsBackend,
    MemorySmsBackend,
    SmsPermanentError,
    SmsTemporaryError,
    parse_retry_after,
    send_sms,
    to_e164,
)
from tests.participants.sms_gateway import closed_port, start_gateway

pytestmark = pytest.mark.integration

PHONE = "0912345678"
E164 = "+84912345678"
TEXT = "Thẻ BHYT của Nguyễn Văn An hết hạn ngày 31/12/2026 — gia hạn trước ngày này."
TOKEN = "tok-3c9f0e2b71d84a56"


@pytest.fixture
def gateway(settings):
    gateway, server = start_gateway()
    settings.SMS_BACKEND = "participants.sms.HttpSmsBackend"
    settings.SMS_GATEWAY_URL = f"{gateway.base_url}/v1/messages"
    settings.SMS_GATEWAY_TOKEN = TOKEN
    settings.SMS_GATEWAY_TIMEOUT = 5
    yield gateway
    server.shutdown()
    server.server_close()


def assert_nothing_personal(*texts: str) -> None:
    for text in texts:
        for secret in (PHONE, E164, "912345678", TEXT, "Nguyễn Văn An", TOKEN):
            assert secret not in text


def test_http_backend_posts_the_documented_request(gateway, caplog):
    caplog.set_level(logging.DEBUG)
    client_ref = str(uuid.uuid4())

    reference = send_sms(PHONE, TEXT, client_ref=client_ref)

    assert reference == "gw-7f3a91"
    [request] = gateway.requests
    assert request.method == "POST"
    assert request.path == "/v1/messages"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Idempotency-Key"] == client_ref
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.headers["Accept"] == "application/json"
    assert request.json() == {"to": E164, "text": TEXT, "client_ref": client_ref}
    # UTF-8 on the wire, not \u escapes: the gateway counts characters for SMS segments.
    assert TEXT.encode() in request.body
    assert "status=200 ref=gw-7f3a91" in caplog.text
    assert client_ref in caplog.text
    assert_nothing_personal(caplog.text)


def test_http_backend_makes_up_a_key_for_callers_without_one(gateway):
    send_sms(PHONE, TEXT)

    [request] = gateway.requests
    assert request.headers["Idempotency-Key"] == request.json()["client_ref"]
    assert len(request.json()["client_ref"]) == 32


def test_retried_request_carries_the_same_idempotency_key(gateway):
    client_ref = str(uuid.uuid4())
    gateway.answer(503, {"error": "overloaded"})
    with pytest.raises(SmsTemporaryError):
        send_sms(PHONE, TEXT, client_ref=client_ref)
    gateway.answer(200, {"id": "gw-1"})

    assert send_sms(PHONE, TEXT, client_ref=client_ref) == "gw-1"

    first, second = gateway.requests
    assert first.body == second.body
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"] == client_ref


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408, 409, 429])
def test_http_backend_server_trouble_is_temporary(gateway, caplog, status):
    caplog.set_level(logging.DEBUG)
    gateway.answer(status, {"error": f"failed for {E164}: {TEXT}"})

    with pytest.raises(SmsTemporaryError) as raised:
        send_sms(PHONE, TEXT, client_ref="d-1")

    assert raised.value.status == status
    assert raised.value.retry_after is None
    assert f"status={status}" in caplog.text
    assert_nothing_personal(caplog.text, str(raised.value))


@pytest.mark.parametrize("status", [400, 401, 403, 404, 413, 422])
def test_http_backend_refusal_is_permanent(gateway, caplog, status):
    caplog.set_level(logging.DEBUG)
    # Gateways like to echo the number and text back in errors; none of it may reach the logs.
    gateway.answer(status, {"error": "invalid_number", "detail": f"{E164} rejected: {TEXT}"})

    with pytest.raises(SmsPermanentError) as raised:
        send_sms(PHONE, TEXT, client_ref="d-2")

    assert raised.value.status == status
    assert f"status={status}" in caplog.text
    assert_nothing_personal(caplog.text, str(raised.value))


def test_http_backend_honours_retry_after_seconds(gateway):
    gateway.answer(429, {"error": "rate_limited"}, headers={"Retry-After": "120"})

    with pytest.raises(SmsTemporaryError) as raised:
        send_sms(PHONE, TEXT, client_ref="d-3")

    assert raised.value.retry_after == 120


def test_http_backend_honours_retry_after_date(gateway):
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=5)
    gateway.answer(503, b"", headers={"Retry-After": later.strftime("%a, %d %b %Y %H:%M:%S GMT")})

    with pytest.raises(SmsTemporaryError) as raised:
        send_sms(PHONE, TEXT, client_ref="d-4")

    assert 290 <= raised.value.retry_after <= 300


@pytest.mark.unit
@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("0", 0),
        (" 30 ", 30),
        ("Wed, 21 Oct 2026 07:28:30 GMT", 30),
        ("Wed, 21 Oct 2026 07:27:00 GMT", 0),  # in the past: go now
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value, seconds):
    now = datetime.datetime(2026, 10, 21, 7, 28, 0, tzinfo=datetime.UTC)
    assert parse_retry_after(value, now=now) == seconds


def test_http_backend_timeout_is_temporary(gateway, settings, caplog):
    caplog.set_level(logging.DEBUG)
    settings.SMS_GATEWAY_TIMEOUT = 0.3
    gateway.delay = 2

    started = time.monotonic()
    with pytest.raises(SmsTemporaryError) as raised:
        send_sms(PHONE, TEXT, client_ref="d-5")

    assert time.monotonic() - started < 1.5
    assert raised.value.status is None
    assert "TimeoutError" in str(raised.value)
    assert_nothing_personal(caplog.text, str(raised.value))


def test_http_backend_connection_refused_is_temporary(settings, caplog):
    caplog.set_level(logging.DEBUG)
    settings.SMS_BACKEND = "participants.sms.HttpSmsBackend"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{closed_port()}/v1/messages"
    settings.SMS_GATEWAY_TOKEN = TOKEN

    with pytest.raises(SmsTemporaryError) as raised:
        send_sms(PHONE, TEXT, client_ref="d-6")

    assert raised.value.status is None
    assert "SMS gateway unreachable" in caplog.text
    assert_nothing_personal(caplog.text, str(raised.value))


@pytest.mark.parametrize(
    "body",
    [
        b"<html>Service temporarily unavailable</html>",
        b"",
        b'{"status": "queued"}',
        b'{"id": ""}',
        b'{"id": null}',
        b'["gw-1"]',
    ],
)
def test_http_backend_success_without_reference_is_temporary(gateway, body):
    # 2xx means the gateway may have taken the message; a retry under the same key returns its id.
    gateway.answer(200, body)

    with pytest.raises(SmsTemporaryError) as raised:
        send_sms(PHONE, TEXT, client_ref="d-7")

    assert raised.value.status == 200


def test_http_backend_accepts_any_2xx_and_a_numeric_id(gateway):
    gateway.answer(202, {"id": 918273645})

    assert send_sms(PHONE, TEXT, client_ref="d-8") == "918273645"


def test_http_backend_does_not_follow_redirects(gateway):
    # Following would resend the bearer token to wherever the Location points.
    gateway.answer(302, b"", headers={"Location": f"{gateway.base_url}/elsewhere"})

    with pytest.raises(SmsPermanentError) as raised:
        send_sms(PHONE, TEXT, client_ref="d-9")

    assert raised.value.status == 302
    assert [request.path for request in gateway.requests] == ["/v1/messages"]


@pytest.mark.parametrize("phone", ["091234567", "09123456789", "84912345678", "+8491234567", "0912 345 678", ""])
def test_http_backend_invalid_number_is_permanent_and_not_sent(gateway, phone):
    with pytest.raises(SmsPermanentError):
        send_sms(phone, TEXT, client_ref="d-10")

    assert gateway.requests == []


def test_http_backend_empty_text_is_permanent(gateway):
    with pytest.raises(SmsPermanentError):
        send_sms(PHONE, "  ", client_ref="d-11")

    assert gateway.requests == []


def test_http_backend_refuses_an_unsafe_client_ref(gateway):
    with pytest.raises(ValueError, match="client_ref"):
        send_sms(PHONE, TEXT, client_ref="d-12\r\nX-Injected: 1")

    assert gateway.requests == []


@pytest.mark.unit
def test_to_e164():
    assert to_e164("0912345678") == "+84912345678"
    assert to_e164("+84987654321") == "+84987654321"


@pytest.mark.parametrize(
    ("url", "token"),
    [
        ("", TOKEN),
        ("https://sms.example.vn/v1/messages", ""),
        ("http://sms.example.vn/v1/messages", TOKEN),  # the token would cross the network in clear
        ("ftp://sms.example.vn/", TOKEN),
        ("https:///v1/messages", TOKEN),
    ],
)
def test_http_backend_refuses_to_start_without_usable_settings(settings, url, token):
    settings.SMS_BACKEND = "participants.sms.HttpSmsBackend"
    settings.SMS_GATEWAY_URL = url
    settings.SMS_GATEWAY_TOKEN = token

    with pytest.raises(ImproperlyConfigured):
        send_sms(PHONE, TEXT, client_ref="d-13")


@pytest.mark.parametrize("timeout", [0, -1])
def test_http_backend_refuses_a_timeout_that_is_not_positive(settings, timeout):
    settings.SMS_GATEWAY_URL = "https://sms.example.vn/v1/messages"
    settings.SMS_GATEWAY_TOKEN = TOKEN
    settings.SMS_GATEWAY_TIMEOUT = timeout
    with pytest.raises(ImproperlyConfigured):
        HttpSmsBackend()


def test_http_backend_timeout_defaults_to_ten_seconds(settings):
    settings.SMS_GATEWAY_URL = "https://sms.example.vn/v1/messages"
    settings.SMS_GATEWAY_TOKEN = TOKEN
    del settings.SMS_GATEWAY_TIMEOUT
    assert HttpSmsBackend().timeout == 10.0

    settings.SMS_GATEWAY_TIMEOUT = 2.5
    assert HttpSmsBackend().timeout == 2.5


def test_memory_backend_keeps_old_calls_and_honours_client_ref(settings):
    settings.SMS_BACKEND = "participants.sms.MemorySmsBackend"
    MemorySmsBackend.reset()

    first = send_sms(PHONE, TEXT)
    keyed = send_sms(PHONE, "Lần 1", client_ref="d-14")
    again = send_sms(PHONE, "Lần 1", client_ref="d-14")

    assert (first, keyed, again) == ("1", "2", "2")
    assert MemorySmsBackend.outbox == [(PHONE, TEXT), (PHONE, "Lần 1")]
    MemorySmsBackend.reset()


def test_file_backend_writes_once_per_client_ref(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path
    settings.SMS_BACKEND = "participants.sms.FileSmsBackend"

    unkeyed = send_sms(PHONE, TEXT)
    keyed = send_sms(PHONE, TEXT, client_ref="d-15")
    again = FileSmsBackend().send(PHONE, TEXT, client_ref="d-15")

    assert keyed == again != unkeyed
    files = sorted(tmp_path.iterdir())
    assert len(files) == 2
    assert any(path.name.endswith(f"-{keyed}.txt") for path in files)
    assert files[0].read_text(encoding="utf-8") == f"To: {PHONE}\n\n{TEXT}\n"
