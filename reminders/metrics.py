"""Prometheus counters of the reminder ledger, exposed at /metrics (bhxh_portal/ops.py, docs/operations.md).

Counted when the transaction that wrote the rows commits, so a rolled-back sweep or check-in counts nothing.
"""

from prometheus_client import Counter

REMINDERS_CREATED = Counter(
    "bhxh_reminders_created", "Reminders put in the ledger, by the daily sweep or by an event (a check-in)", ["source"]
)
DELIVERY_ATTEMPTS = Counter(
    "bhxh_reminder_delivery_attempts",
    "E-mail and SMS sending attempts by channel and outcome (sent, failed_temporary, failed_permanent)",
    ["channel", "status"],
)
