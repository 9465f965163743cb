"""Sending SMS through a small backend interface (settings.SMS_BACKEND).

The embedded default writes each message to a file under var/sms/ (never to a log: messages carry
phone numbers and codes). A gateway backend for production comes with the reminders work.
"""

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string


class FileSmsBackend:
    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory or settings.SMS_FILE_PATH)

    def send(self, phone: str, text: str) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        reference = uuid.uuid4().hex
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S")
        (self.directory / f"{stamp}-{reference}.txt").write_text(f"To: {phone}\n\n{text}\n", encoding="utf-8")
        return reference


class MemorySmsBackend:
    """For tests: keeps the messages in `outbox`."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> str:
        self.outbox.append((phone, text))
        return str(len(self.outbox))


def send_sms(phone: str, text: str) -> str:
    """Send one SMS with the configured backend; returns the provider's reference."""
    return import_string(settings.SMS_BACKEND)().send(phone, text)
