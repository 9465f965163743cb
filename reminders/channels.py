"""Delivery channels for reminders: e-mail and SMS, each returning the provider's reference.

Whatever the transport, a failure comes out as one of two exceptions, so the reminders engine needs no
knowledge of SMTP or HTTP:

- `ChannelTemporaryError`: try again later with backoff (wait at least `retry_after` seconds when set);
- `ChannelPermanentError`: retrying cannot help; mark the delivery failed.

`client_ref` is the delivery's UUID. It makes a retry safe: the SMS gateway drops a second request with
the same key, and an e-mail keeps the same Message-ID. Exception messages never contain the address,
the number or the text, and the SMTP exceptions (whose text echoes the address) are not chained.
"""

import smtplib
import uuid
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.mail.utils import DNS_NAME
from django.core.validators import validate_email

from participants import sms

# Django waits forever on a silent SMTP server unless EMAIL_TIMEOUT is set; a reminder worker must not.
SMTP_TIMEOUT_SECONDS = 30


class ChannelError(Exception):
    """A reminder could not be handed to its channel."""


class ChannelTemporaryError(ChannelError):
    """Worth retrying later; `retry_after` is the wait in seconds the provider asked for, or None."""

    def __init__(self, message: str, *, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class ChannelPermanentError(ChannelError):
    """The provider refused this message for good (bad address or number, rejected content...)."""


def send_email(*, to: str, subject: str, body: str, client_ref: uuid.UUID | str) -> str:
    """Send one plain-text e-mail with settings.EMAIL_BACKEND; returns its Message-ID as the reference.

    The Message-ID is derived from `client_ref`, so a retried delivery carries the same id (mail
    systems that keep one copy per Message-ID then show it once) and the reference is stable.
    Raises ChannelPermanentError for an invalid address or a 5xx refusal of the recipient or the
    content; ChannelTemporaryError for connection failures, timeouts and every other SMTP error
    (4xx answers such as greylisting, authentication or sender problems: the message is not at fault).
    """
    try:
        validate_email(to)
    except ValidationError:
        raise ChannelPermanentError("Not a valid e-mail address.") from None
    message_id = _message_id(client_ref)
    message = EmailMessage(
        subject,
        body,
        to=[to],
        # RFC 3834: tells auto-responders (out-of-office...) not to answer a reminder.
        headers={"Message-ID": message_id, "Auto-Submitted": "auto-generated"},
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT or SMTP_TIMEOUT_SECONDS),
    )
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _reply in exc.recipients.values()]
        if codes and all(400 <= code < 500 for code in codes):
            raise ChannelTemporaryError(f"SMTP server deferred the recipient ({codes[0]}).") from None
        raise ChannelPermanentError(f"SMTP server refused the recipient ({codes[0] if codes else '?'}).") from None
    except smtplib.SMTPDataError as exc:
        if 500 <= exc.smtp_code < 600:
            raise ChannelPermanentError(f"SMTP server refused the message ({exc.smtp_code}).") from None
        raise ChannelTemporaryError(f"SMTP server deferred the message ({exc.smtp_code}).") from None
    except OSError as exc:
        # smtplib.SMTPException is an OSError: refused connections, timeouts, disconnects, auth and sender
        # errors all land here.
        raise ChannelTemporaryError(f"SMTP delivery failed ({type(exc).__name__}).") from None
    return message_id


def send_sms(*, to: str, text: str, client_ref: uuid.UUID | str) -> str:
    """Send one SMS with settings.SMS_BACKEND; returns the provider's reference.

    `client_ref` goes to the gateway as its idempotency key. SmsTemporaryError becomes
    ChannelTemporaryError (keeping `retry_after`), SmsPermanentError ChannelPermanentError.
    ImproperlyConfigured (gateway settings missing) is left to propagate: it is no delivery outcome.
    """
    try:
        return sms.send_sms(to, text, client_ref=str(uuid.UUID(str(client_ref))))
    except sms.SmsPermanentError as exc:
        raise ChannelPermanentError(str(exc)) from exc
    except sms.SmsTemporaryError as exc:
        raise ChannelTemporaryError(str(exc), retry_after=exc.retry_after) from exc
    except sms.SmsError as exc:
        # A backend raising the bare base class has not said retrying is hopeless.
        raise ChannelTemporaryError(str(exc)) from exc


def _message_id(client_ref: uuid.UUID | str) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or str(DNS_NAME)
    return f"<reminder.{uuid.UUID(str(client_ref))}@{domain}>"
