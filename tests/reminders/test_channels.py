"""Reminder channels against real transports: Django's locmem outbox, a real SMTP server (aiosmtpd)
on 127.0.0.1, a closed port, a server that never answers, and the local HTTP SMS gateway."""

import email
import email.policy
import socket
import time
import uuid

import pytest
from aiosmtpd.controller import Controller
from django.core.exceptions import ImproperlyConfigured

from participants.sms import MemorySmsBackend
from reminders import channels
from reminders.channels import ChannelPermanentError, ChannelTemporaryError, send_email, send_sms
from tests.participants.sms_gateway import closed_port, start_gateway

pytestmark = pytest.mark.integration

ADDRESS = "tran.thi.binh@example.vn"
SUBJECT = "Thẻ BHYT sắp hết hạn"
BODY = "Thẻ BHYT của bà Trần Thị Bình hết hạn ngày 31/12/2026 — gia hạn trước ngày này."
PHONE = "0987654321"


class RecordingSmtpHandler:
    """Accepts mail except for two mailboxes (one refused for good, one greylisted) and marked content."""

    def __init__(self):
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("khong-ton-tai@"):
            return f"550 5.1.1 <{address}>: Recipient address rejected: user unknown"
        if address.startswith("tam-hoan@"):
            return f"450 4.2.0 <{address}>: Recipient address rejected: greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        if "BI-TU-CHOI" in message.get_content():
            return "554 5.7.1 Message content rejected"
        self.envelopes.append((envelope, message))
        return "250 Message accepted for delivery"


def use_smtp(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp_server(settings):
    handler = RecordingSmtpHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=closed_port())
    controller.start()
    use_smtp(settings, controller.port)
    yield handler
    controller.stop()


@pytest.fixture
def gateway(settings):
    gateway, server = start_gateway()
    settings.SMS_BACKEND = "participants.sms.HttpSmsBackend"
    settings.SMS_GATEWAY_URL = f"{gateway.base_url}/v1/messages"
    settings.SMS_GATEWAY_TOKEN = "tok-reminders"
    settings.SMS_GATEWAY_TIMEOUT = 5
    yield gateway
    server.shutdown()
    server.server_close()


def assert_nothing_personal(exc: BaseException | None) -> None:
    """Nothing personal in the exception or anything a logged traceback would print with it (SMTP
    exceptions quote the address, so they must not ride along as cause or context)."""
    while exc is not None:
        for secret in (ADDRESS, "khong-ton-tai", "tam-hoan", PHONE, "987654321", BODY, "Trần Thị Bình"):
            assert secret not in str(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)


# --- e-mail


def test_send_email_uses_the_configured_backend(mailoutbox, settings):
    settings.DEFAULT_FROM_EMAIL = "BHXH Portal <no-reply@bhxh-portal.invalid>"
    client_ref = uuid.uuid4()

    reference = send_email(to=ADDRESS, subject=SUBJECT, body=BODY, client_ref=client_ref)

    assert reference == f"<reminder.{client_ref}@bhxh-portal.invalid>"
    [message] = mailoutbox
    assert (message.to, message.subject, message.body) == ([ADDRESS], SUBJECT, BODY)
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    sent = message.message()
    assert sent["Message-ID"] == reference
    assert sent["Auto-Submitted"] == "auto-generated"


def test_send_email_keeps_the_message_id_across_retries(mailoutbox):
    client_ref = str(uuid.uuid4())

    first = send_email(to=ADDRESS, subject=SUBJECT, body=BODY, client_ref=client_ref)
    second = send_email(to=ADDRESS, subject=SUBJECT, body=BODY, client_ref=client_ref)

    assert first == second
    assert [m.message()["Message-ID"] for m in mailoutbox] == [first, first]


@pytest.mark.parametrize("address", ["", "tran.thi.binh", "tran@@example.vn", "a@b.vn\nBcc: x@y.vn"])
def test_send_email_invalid_address_is_permanent_and_not_sent(mailoutbox, address):
    with pytest.raises(ChannelPermanentError):
        send_email(to=address, subject=SUBJECT, body=BODY, client_ref=uuid.uuid4())

    assert mailoutbox == []


def test_send_email_through_a_real_smtp_server(smtp_server):
    reference = send_email(to=ADDRESS, subject=SUBJECT, body=BODY, client_ref=uuid.uuid4())

    [(envelope, message)] = smtp_server.envelopes
    assert envelope.rcpt_tos == [ADDRESS]
    assert message["Message-ID"].strip() == reference  # folded onto its own line: it is long
    assert message["Subject"] == SUBJECT
    assert message.get_content().strip() == BODY


def test_send_email_refused_recipient_is_permanent(smtp_server):
    with pytest.raises(ChannelPermanentError, match="550") as raised:
        send_email(to="khong-ton-tai@example.vn", subject=SUBJECT, body=BODY, client_ref=uuid.uuid4())

    assert smtp_server.envelopes == []
    assert_nothing_personal(raised.value)


def test_send_email_greylisted_recipient_is_temporary(smtp_server):
    with pytest.raises(ChannelTemporaryError, match="450") as raised:
        send_email(to="tam-hoan@example.vn", subject=SUBJECT, body=BODY, client_ref=uuid.uuid4())

    assert raised.value.retry_after is None
    assert_nothing_personal(raised.value)


def test_send_email_refused_content_is_permanent(smtp_server):
    with pytest.raises(ChannelPermanentError, match="554") as raised:
        send_email(to=ADDRESS, subject=SUBJECT, body=f"{BODY} BI-TU-CHOI", client_ref=uuid.uuid4())

    assert_nothing_personal(raised.value)


def test_send_email_closed_port_is_temporary(settings):
    use_smtp(settings, closed_port())

    with pytest.raises(ChannelTemporaryError, match="ConnectionRefusedError") as raised:
        send_email(to=ADDRESS, subject=SUBJECT, body=BODY, client_ref=uuid.uuid4())

    assert_nothing_personal(raised.value)


def test_send_email_silent_server_times_out_as_temporary(settings, monkeypatch):
    # A server that accepts the connection but never greets: without a timeout the worker would hang.
    use_smtp(settings, 0)
    settings.EMAIL_TIMEOUT = None
    monkeypatch.setattr(channels, "SMTP_TIMEOUT_SECONDS", 0.3)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        settings.EMAIL_PORT = listener.getsockname()[1]

        started = time.monotonic()
        with pytest.raises(ChannelTemporaryError, match=r"SMTPServerDisconnected|TimeoutError"):
            send_email(to=ADDRESS, subject=SUBJECT, body=BODY, client_ref=uuid.uuid4())

    assert time.monotonic() - started < 3


def test_send_email_needs_a_uuid_client_ref(mailoutbox):
    with pytest.raises(ValueError):
        send_email(to=ADDRESS, subject=SUBJECT, body=BODY, client_ref="delivery-1")

    assert mailoutbox == []


# --- SMS


def test_send_sms_returns_the_gateway_reference(gateway):
    client_ref = uuid.uuid4()

    assert send_sms(to=PHONE, text=BODY, client_ref=client_ref) == "gw-7f3a91"

    [request] = gateway.requests
    assert request.headers["Idempotency-Key"] == str(client_ref)
    assert request.json() == {"to": "+84987654321", "text": BODY, "client_ref": str(client_ref)}


def test_send_sms_with_the_memory_backend(settings):
    settings.SMS_BACKEND = "participants.sms.MemorySmsBackend"
    MemorySmsBackend.reset()
    client_ref = uuid.uuid4()

    first = send_sms(to=PHONE, text=BODY, client_ref=client_ref)
    again = send_sms(to=PHONE, text=BODY, client_ref=client_ref)

    assert first == again == "1"
    assert MemorySmsBackend.outbox == [(PHONE, BODY)]
    MemorySmsBackend.reset()


def test_send_sms_rate_limit_is_temporary_with_retry_after(gateway):
    gateway.answer(429, {"error": "rate_limited"}, headers={"Retry-After": "45"})

    with pytest.raises(ChannelTemporaryError) as raised:
        send_sms(to=PHONE, text=BODY, client_ref=uuid.uuid4())

    assert raised.value.retry_after == 45
    assert_nothing_personal(raised.value)


@pytest.mark.parametrize("status", [500, 503])
def test_send_sms_server_error_is_temporary(gateway, status):
    gateway.answer(status, {"error": "internal"})

    with pytest.raises(ChannelTemporaryError) as raised:
        send_sms(to=PHONE, text=BODY, client_ref=uuid.uuid4())

    assert raised.value.retry_after is None


@pytest.mark.parametrize("status", [400, 401, 422])
def test_send_sms_refusal_is_permanent(gateway, status):
    gateway.answer(status, {"error": "rejected"})

    with pytest.raises(ChannelPermanentError) as raised:
        send_sms(to=PHONE, text=BODY, client_ref=uuid.uuid4())

    assert_nothing_personal(raised.value)


def test_send_sms_unreachable_gateway_is_temporary(settings):
    settings.SMS_BACKEND = "participants.sms.HttpSmsBackend"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{closed_port()}/v1/messages"
    settings.SMS_GATEWAY_TOKEN = "tok-reminders"

    with pytest.raises(ChannelTemporaryError):
        send_sms(to=PHONE, text=BODY, client_ref=uuid.uuid4())


def test_send_sms_invalid_number_is_permanent(gateway):
    with pytest.raises(ChannelPermanentError):
        send_sms(to="12345", text=BODY, client_ref=uuid.uuid4())

    assert gateway.requests == []


def test_send_sms_missing_settings_is_a_configuration_error(settings):
    settings.SMS_BACKEND = "participants.sms.HttpSmsBackend"
    settings.SMS_GATEWAY_URL = ""
    settings.SMS_GATEWAY_TOKEN = ""

    with pytest.raises(ImproperlyConfigured):
        send_sms(to=PHONE, text=BODY, client_ref=uuid.uuid4())
