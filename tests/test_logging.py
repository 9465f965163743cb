import logging

import pytest

from bhxh_portal.log_filters import RedactPersonalDataFilter, redact

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "text",
    [
        "ID 001090123456 signed in",
        "SI number 0123456789",
        "call 0912 345 678 now",
        "call +84912345678",
        "card DN4010123456789 checked",
        "card DN 4 01 0123456789 checked",
        "phone 091.234.5678",
        # Issue 18: glued to letters, or URL-encoded in a logged URL.
        "GET /x?q=a001196999901",
        "id=001196999901b",
        "phone=%2B84912345678&x=1",
        "phone=0912%20345%20678",
    ],
)
def test_redact_removes_identifiers(text):
    out = redact(text)
    assert "[redacted]" in out
    digits = "".join(ch for ch in out if ch.isdigit())
    assert len(digits) < 9, out


@pytest.mark.parametrize(
    "text",
    [
        "took 1234 ms",
        "2026-11-25 report",
        "year 2026, month 11",
        "port 8000",
        # random identifiers whose digits happen to run long: a UUID (9 digits across a dash) and a request id
        "client_ref=6a780729-6322-4c22-8cd0-76887641629f",
        "[1080fd085616471aaa71f6e821393dc3] GET /",
    ],
)
def test_redact_keeps_ordinary_text(text):
    assert redact(text) == text


def test_a_number_beside_a_uuid_is_still_redacted():
    out = redact("case 6a780729-6322-4c22-8cd0-76887641629f phone 0912345678 id=001196999901b")
    assert out == "case 6a780729-6322-4c22-8cd0-76887641629f phone [redacted] id=[redacted]b"


def test_filter_redacts_args_and_tracebacks(caplog):
    logger = logging.getLogger("test.redaction")
    logger.addFilter(RedactPersonalDataFilter())
    try:
        with caplog.at_level(logging.INFO, logger="test.redaction"):
            logger.info("lookup of %s by %s", "001090123456", "staff")
            try:
                raise ValueError("bad number 0123456789")
            except ValueError:
                logger.exception("failed for %s", "0912345678")
    finally:
        logger.filters.clear()
    text = caplog.text
    for secret in ("001090123456", "0123456789", "0912345678"):
        assert secret not in text
    assert "lookup of [redacted] by staff" in text


def test_configured_handlers_redact():
    """The LOGGING setting attaches the filter to the console handler that every logger uses."""
    import io

    handlers = [h for h in logging.getLogger("django").handlers if isinstance(h, logging.StreamHandler)]
    assert handlers, "the django logger has no console handler"
    stream = io.StringIO()
    old = handlers[0].setStream(stream)
    try:
        logging.getLogger("django.request").warning("person 001090123456 phone 0912345678")
    finally:
        handlers[0].setStream(old)
    out = stream.getvalue()
    assert "001090123456" not in out and "0912345678" not in out
    assert "person [redacted] phone [redacted]" in out


@pytest.mark.parametrize("name", ["django", "django.server", "django.request", "celery", "axes", "participants"])
def test_every_logger_reaches_only_redacting_handlers(name):
    logger = logging.getLogger(name)
    handlers = []
    while logger:
        handlers.extend(logger.handlers)
        if not logger.propagate:
            break
        logger = logger.parent
    own = [h for h in handlers if type(h).__module__.startswith("logging")]
    assert own, name
    for handler in own:
        assert any(isinstance(f, RedactPersonalDataFilter) for f in handler.filters), (name, handler)
