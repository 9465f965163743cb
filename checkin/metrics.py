"""Prometheus counter of the clinic desk's check-ins, exposed at /metrics (docs/operations.md)."""

from prometheus_client import Counter

CHECKINS = Counter(
    "bhxh_checkins",
    "Check-ins at clinic desks by method (qr, id) and result (recorded or the refusal)",
    ["method", "result"],
)
