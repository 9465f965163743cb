"""Sending SMS through a small backend interface (settings.SMS_BACKEND).

Every backend has `send(phone, text, *, client_ref=None) -> reference`. `client_ref` is the caller's
idempotency key (a reminder delivery passes its UUID): sending twice with the same key must not deliver
twice. Failures raise `SmsTemporaryError` (worth retrying later) or `SmsPermanentError` (retrying cannot
help); the reminders engine retries the first with backoff and marks the delivery failed on the second.

- `FileSmsBackend`, the embedded default, writes each message to a file under var/sms/ (never to a log:
  messages carry phone numbers and codes).
- `MemorySmsBackend` keeps messages in a list for tests.
- `HttpSmsBackend` posts to a JSON-over-HTTPS gateway; the contract is in docs/sms-gateway.md.
"""

import datetime
import email.utils
import http.client
import json
import logging
import math
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """A message was not accepted. Messages never contain the phone number or the text."""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status


class SmsTemporaryError(SmsError):
    """Network trouble, a timeout, HTTP 408/409/429 or 5xx: the same request may succeed later.

    `retry_after` is the number of seconds the gateway asked us to wait (its Retry-After header), or None.
    """

    def __init__(self, message: str, *, status: int | None = None, retry_after: int | None = None):
        super().__init__(message, status=status)
        self.retry_after = retry_after


class SmsPermanentError(SmsError):
    """The gateway refused this message for good (bad number, rejected content, bad credentials)."""


_LOCAL_NUMBER = re.compile(r"0(\d{9})")
_E164_VN_NUMBER = re.compile(r"\+84\d{9}")


def to_e164(phone: str) -> str:
    """Turn a stored number (0912345678) into E.164 (+84912345678); an E.164 Vietnamese number is kept."""
    if match := _LOCAL_NUMBER.fullmatch(phone):
        return "+84" + match.group(1)
    if _E164_VN_NUMBER.fullmatch(phone):
        return phone
    raise SmsPermanentError("Not a Vietnamese mobile number.")


class FileSmsBackend:
    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory or settings.SMS_FILE_PATH)

    def send(self, phone: str, text: str, *, client_ref: str | None = None) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        if client_ref is None:
            reference = uuid.uuid4().hex
        else:
            # Derived from the key so a retried delivery finds its earlier file instead of writing a second.
            reference = uuid.uuid5(uuid.NAMESPACE_URL, f"bhxh-portal:sms:{client_ref}").hex
            if any(self.directory.glob(f"*-{reference}.txt")):
                return reference
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S")
        (self.directory / f"{stamp}-{reference}.txt").write_text(f"To: {phone}\n\n{text}\n", encoding="utf-8")
        return reference


class MemorySmsBackend:
    """For tests: keeps the messages in `outbox` as (phone, text) and honours `client_ref` like a gateway."""

    outbox: list[tuple[str, str]] = []
    client_refs: dict[str, str] = {}

    @classmethod
    def reset(cls) -> None:
        cls.outbox.clear()
        cls.client_refs.clear()

    def send(self, phone: str, text: str, *, client_ref: str | None = None) -> str:
        if client_ref is not None and client_ref in self.client_refs:
            return self.client_refs[client_ref]
        self.outbox.append((phone, text))
        reference = str(len(self.outbox))
        if client_ref is not None:
            self.client_refs[client_ref] = reference
        return reference


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    # urllib would follow a redirect carrying our Authorization header to wherever it points (and turn
    # the POST into a GET); a gateway that redirects is misconfigured, so the 3xx surfaces as an error.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Retrying these can succeed: 408 timeout, 409 same Idempotency-Key still in flight, 429 rate limit.
_TEMPORARY_4XX = {408, 409, 429}
_MAX_RESPONSE_BYTES = 64 * 1024
_CLIENT_REF = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class HttpSmsBackend:
    """A generic JSON-over-HTTPS SMS gateway (docs/sms-gateway.md).

    POSTs `{"to": "+84…", "text": …, "client_ref": …}` to settings.SMS_GATEWAY_URL with a bearer token
    and an `Idempotency-Key` header equal to `client_ref`, and returns the `"id"` of the 2xx JSON answer.
    Logs only the HTTP status, the provider reference and `client_ref`: never the number or the text.
    """

    def __init__(self, url: str | None = None, token: str | None = None, timeout: float | None = None):
        self.url = url or getattr(settings, "SMS_GATEWAY_URL", "")
        self.token = token or getattr(settings, "SMS_GATEWAY_TOKEN", "")
        self.timeout = float(timeout if timeout is not None else getattr(settings, "SMS_GATEWAY_TIMEOUT", 10))
        if not self.url or not self.token:
            raise ImproperlyConfigured("HttpSmsBackend needs SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN.")
        parts = urllib.parse.urlsplit(self.url)
        # The bearer token must not cross a network in clear text; plain http only reaches a local adapter.
        if not parts.hostname or not (
            parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS)
        ):
            raise ImproperlyConfigured("SMS_GATEWAY_URL must be an https:// URL (http:// only on the loopback).")
        if self.timeout <= 0:
            raise ImproperlyConfigured("SMS_GATEWAY_TIMEOUT must be a positive number of seconds.")
        self._opener = urllib.request.build_opener(_RefuseRedirects)

    def send(self, phone: str, text: str, *, client_ref: str | None = None) -> str:
        to = to_e164(phone)
        if not text.strip():
            raise SmsPermanentError("Empty message.")
        # Old call sites pass no key; one is made up so the gateway contract always has it.
        client_ref = str(client_ref) if client_ref is not None else uuid.uuid4().hex
        if not _CLIENT_REF.fullmatch(client_ref):
            raise ValueError("client_ref must be 1-128 characters from A-Z a-z 0-9 . _ : -")
        body = json.dumps({"to": to, "text": text, "client_ref": client_ref}, ensure_ascii=False).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": client_ref,
                "User-Agent": "bhxh-portal-sms/1",
            },
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                status = response.status
                raw = response.read(_MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            exc.close()
            raise self._refusal(exc.code, exc.headers.get("Retry-After"), client_ref) from exc
        except (OSError, http.client.HTTPException) as exc:
            # Refused or reset connections, DNS and TLS failures and timeouts (TimeoutError is an OSError):
            # the message may not have reached the gateway, and the Idempotency-Key makes a retry safe.
            logger.warning("SMS gateway unreachable: %s client_ref=%s", type(exc).__name__, client_ref)
            raise SmsTemporaryError(f"SMS gateway unreachable ({type(exc).__name__}).") from exc
        reference = self._reference(raw)
        if reference is None:
            # The gateway said 2xx, so it may well have accepted the message; retrying with the same
            # Idempotency-Key cannot send it twice and lets the gateway return the original reference.
            logger.warning("SMS gateway answered without a reference: status=%s client_ref=%s", status, client_ref)
            raise SmsTemporaryError("SMS gateway answered without a message id.", status=status)
        logger.info("SMS accepted by the gateway: status=%s ref=%s client_ref=%s", status, reference, client_ref)
        return reference

    @staticmethod
    def _reference(raw: bytes) -> str | None:
        if len(raw) > _MAX_RESPONSE_BYTES:
            return None
        try:
            payload = json.loads(raw)
        except ValueError:
            return None
        reference = payload.get("id") if isinstance(payload, dict) else None
        if isinstance(reference, bool) or not isinstance(reference, str | int) or str(reference).strip() == "":
            return None
        return str(reference)

    @staticmethod
    def _refusal(status: int, retry_after: str | None, client_ref: str) -> SmsError:
        # The response body is not read, logged or kept: gateways often echo the number or the text in it.
        if status in _TEMPORARY_4XX or status >= 500:
            seconds = parse_retry_after(retry_after)
            logger.warning(
                "SMS gateway asked to retry: status=%s retry_after=%s client_ref=%s", status, seconds, client_ref
            )
            return SmsTemporaryError(f"SMS gateway answered HTTP {status}.", status=status, retry_after=seconds)
        logger.warning("SMS gateway refused the message: status=%s client_ref=%s", status, client_ref)
        return SmsPermanentError(f"SMS gateway refused the message with HTTP {status}.", status=status)


def parse_retry_after(value: str | None, *, now: datetime.datetime | None = None) -> int | None:
    """Seconds to wait from a Retry-After header (RFC 9110 §10.2.3: delay-seconds or an HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return int(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    now = now or datetime.datetime.now(datetime.UTC)
    return max(0, math.ceil((when - now).total_seconds()))


def send_sms(phone: str, text: str, *, client_ref: str | None = None) -> str:
    """Send one SMS with the configured backend; returns the provider's reference.

    Raises SmsTemporaryError / SmsPermanentError (see the backends) and ImproperlyConfigured when the
    configured backend lacks its settings.
    """
    return import_string(settings.SMS_BACKEND)().send(phone, text, client_ref=client_ref)
