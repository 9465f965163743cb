"""Keeps personal identifiers out of every log line.

ID numbers (12 digits), social-insurance numbers (10 digits), phone numbers and health-insurance
card codes must never reach a log. The filter rewrites each record's final message (and any
traceback text) before a handler formats it, so it works whatever the calling code logged.
"""

import logging
import re

from pythonjsonlogger.json import JsonFormatter

REDACTED = "[redacted]"

# A 15-character HI card code: 2 letters, benefit digit, 2-digit province, 10-digit SI number,
# optionally written with spaces ("DN 4 01 0123456789").
_CARD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[ -]?\d[ -]?\d{2}[ -]?\d{10}(?!\d)")
# Any run of 9 or more digits, possibly with a leading + (or its URL encoding %2B) and single spaces, dots
# or dashes (or their URL encodings) between groups: ID numbers, SI numbers, phone numbers in every usual
# spelling, also glued to letters ("a001196999901", "?id=001196999901x") since a log line is not prose.
_DIGITS = re.compile(r"(?<!\d)(?:\+|%2[bB])?\d(?:(?:[ .-]|%20|%2[dDeE])?\d){8,}(?!\d)")


# Random identifiers that are not personal data but may hold digit runs: UUIDs (public ids, SMS client refs) and
# 32-hex request ids. They are kept whole; only the text between them is redacted.
_RANDOM_ID = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-f]{32})"
    r"(?![0-9A-Za-z])"
)


def _redact_part(text: str) -> str:
    return _DIGITS.sub(REDACTED, _CARD.sub(REDACTED, text))


def redact(text: str) -> str:
    parts, last = [], 0
    for match in _RANDOM_ID.finditer(text):
        parts += [_redact_part(text[last : match.start()]), match.group()]
        last = match.end()
    parts.append(_redact_part(text[last:]))
    return "".join(parts)


class RedactPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is still logged, only without its args
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class RedactingJsonFormatter(JsonFormatter):
    """JSON log lines (production) in which every string field is redacted, not only the message.

    Fields added with `extra=` reach the line too; Django's `request` (its repr holds the full URL with the
    query string) is left out altogether: the request id identifies the request.
    """

    # Written by the logging machinery, not by the code that logged: a timestamp would look like a phone number.
    _OWN_FIELDS = frozenset({"time", "level", "logger", "request_id"})

    def add_fields(self, log_data, record, message_dict) -> None:
        super().add_fields(log_data, record, message_dict)
        log_data.pop("request", None)
        for key, value in list(log_data.items()):
            if isinstance(value, str) and key not in self._OWN_FIELDS:
                log_data[key] = redact(value)
