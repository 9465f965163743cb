"""The daily reminder sweep: the rules run over the whole population, in primary-key ranges, once a day.

``reminders.tasks.sweep_start(on=…)`` cuts the Participant primary keys into ranges of ``REMINDER_SWEEP_CHUNK`` and sends one
``reminders.sweep_chunk(lo, hi, on_iso)`` task per range (and, on the arrears day, one
``reminders.sweep_employer_chunk`` per range of Employer keys, for the employers' users). A broker message
carries a range, never a person, so 93 million people make ~47,000 messages, and a worker holds one range at a
time: its memory does not grow with the population.

A chunk is one transaction: read the facts of its range (reminders/facts.py, a fixed number of queries), ask
the rules what is due on the day, insert the Reminder rows with ``INSERT … ON CONFLICT DO NOTHING RETURNING``,
insert the deliveries of the reminders that were NEW, and hand the queued e-mail/SMS deliveries to
``deliveries_enqueue`` (which sends them in batches after the commit). The ledger's unique keys make every
step repeatable: a chunk run twice, two chunks of the same range at once (two beats, a redelivered message
after a worker was killed) or a backfill over a day already swept create nothing the second time, because
only the rows the database reports as inserted get deliveries.

Each chunk also marks its ``SweepChunk`` row done in its transaction; ``reminders.tasks.sweep_repair`` sends
again a chunk whose message the broker lost (docs/reminders.md, "When the broker loses a message").

This module does the work of a chunk and imports no task; reminders/tasks.py imports it, never the reverse.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from accounts.models import User
from participants.models import Participant
from participants.signals import records_changed
from reminders.delivery import deliveries_enqueue
from reminders.enums import DeliveryStatus, SweepChunkKind
from reminders.facts import employer_facts_for_range, participant_facts_for_range
from reminders.models import Delivery, Reminder, SweepChunk
from reminders.planning import DEFAULT_EMAIL_ENABLED, DEFAULT_SMS_ENABLED, channel_statuses
from reminders.rules import (
    Due,
    due_card_expired,
    due_card_expiring,
    due_child_card_expiring,
    due_employer_arrears,
    due_facility_change_window,
    due_household_payment_due,
    due_job_search_report_due,
    due_retirement_approaching,
    due_voluntary_payment_due,
)

__all__ = [
    "ChunkOutcome",
    "pk_ranges",
    "sweep_chunk_process",
    "sweep_delivery_counts",
    "sweep_employer_chunk_process",
    "sweep_reminder_count",
]

logger = logging.getLogger(__name__)

# Rows per INSERT statement: 500 rows x 11 columns stays far below SQLite's 32,766 bound parameters and
# PostgreSQL's 65,535, and is large enough that the round trips do not dominate.
_INSERT_BATCH = 500


@dataclass(frozen=True, slots=True)
class ChunkOutcome:
    """What one chunk created; JSON-ready through ``as_dict`` (it is the chunk task's result)."""

    reminders: int = 0
    deliveries: int = 0
    queued: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"reminders": self.reminders, "deliveries": self.deliveries, "queued": self.queued}


def pk_ranges(model: type[models.Model], size: int) -> Iterator[tuple[int, int]]:
    """Half-open ranges ``[lo, hi)`` of ``size`` primary keys covering the table's keys, in one query.

    Ranges are aligned on multiples of ``size`` so that two sweeps of the same table cut it the same way.
    Gaps in the keys only make some ranges emptier; a range costs a few index lookups even when empty.
    """
    if size < 1:
        raise ValueError("the chunk size must be at least 1")
    bounds = model._default_manager.aggregate(lo=Min("pk"), hi=Max("pk"))
    if bounds["lo"] is None:
        return
    start = bounds["lo"] - bounds["lo"] % size
    for lo in range(start, bounds["hi"] + 1, size):
        yield lo, lo + size


def _participant_dues(facts, on: datetime.date) -> list[Due]:
    dues: list[Due] = []
    if facts.card is not None:
        dues += due_card_expiring(facts.card, on=on)
        dues += due_household_payment_due(facts.card, on=on)
        dues += due_card_expired(facts.card, on=on)
        dues += due_facility_change_window(facts.card, on=on)
    for child_card in facts.child_cards:
        dues += due_child_card_expiring(child_card, on=on)
    if facts.voluntary is not None:
        dues += due_voluntary_payment_due(facts.voluntary, on=on)
    for arrears in facts.arrears:
        dues += due_employer_arrears(arrears, on=on)
    if facts.retirement is not None:
        dues += due_retirement_approaching(facts.retirement, on=on)
    for award in facts.unemployment:
        dues += due_job_search_report_due(award, on=on)
    return dues


def sweep_chunk_process(*, lo: int, hi: int, on: datetime.date) -> ChunkOutcome:
    """Put in the ledger every reminder due on ``on`` to participants with ``lo <= pk < hi``, in one transaction.

    Writes Reminder rows (the new ones only: ON CONFLICT DO NOTHING), and for each new reminder one Delivery
    per channel: inbox delivered at once, e-mail and SMS queued or skipped by ``channel_statuses``. Enqueues
    the queued deliveries through ``deliveries_enqueue``, after the commit, and marks the range's
    ``SweepChunk`` row done (if ``sweep_start`` wrote one). Idempotent.
    """
    with transaction.atomic():
        facts = participant_facts_for_range(lo=lo, hi=hi, on=on)
        wanted: list[dict] = []
        contacts: dict[int, dict[str, bool]] = {}
        for participant_id, person in facts.people.items():
            dues = _participant_dues(person, on)
            if dues:
                contacts[participant_id] = person.contact.as_kwargs()
                wanted += [_reminder(due, participant_id=participant_id) for due in dues]
        created = _insert_new(Reminder, wanted, returning=("id", "participant_id"))
        if created:  # their inboxes: bhxh_portal.page_cache
            records_changed.send(sender=Participant, pks={recipient for _id, recipient in created})
        plans = [(reminder_id, channel_statuses(**contacts[recipient])) for reminder_id, recipient in created]
        mine = Q(reminder__participant_id__gte=lo, reminder__participant_id__lt=hi)
        outcome = _deliveries_create(plans, reminders=len(created), on=on, chunk=mine)
        _chunk_done(SweepChunkKind.PARTICIPANTS, lo=lo, on=on)
        return outcome


def sweep_employer_chunk_process(*, lo: int, hi: int, on: datetime.date) -> ChunkOutcome:
    """The arrears reminders of the users of employers with ``lo <= pk < hi`` (recipient = the user).

    Same transaction and idempotency as :func:`sweep_chunk_process`. Users have no preference row: e-mail on
    when they have an address, SMS off (an account holds no phone number).
    """
    with transaction.atomic():
        facts = employer_facts_for_range(lo=lo, hi=hi, on=on)
        wanted: list[dict] = []
        contacts: dict[int, dict[str, bool]] = {}
        for employer_id, arrears in facts.arrears.items():
            dues = due_employer_arrears(arrears, on=on)
            if not dues:
                continue
            for recipient in facts.recipients.get(employer_id, ()):
                contacts[recipient.user_id] = {
                    "email_enabled": DEFAULT_EMAIL_ENABLED,
                    "sms_enabled": DEFAULT_SMS_ENABLED,
                    "has_email": recipient.has_email,
                    "has_phone": False,
                }
                wanted += [_reminder(due, user_id=recipient.user_id) for due in dues]
        created = _insert_new(Reminder, wanted, returning=("id", "user_id"))
        if created:
            records_changed.send(sender=User, pks={recipient for _id, recipient in created})
        plans = [(reminder_id, channel_statuses(**contacts[recipient])) for reminder_id, recipient in created]
        mine = Q(
            reminder__user__employer_memberships__employer_id__gte=lo,
            reminder__user__employer_memberships__employer_id__lt=hi,
        )
        outcome = _deliveries_create(plans, reminders=len(created), on=on, chunk=mine)
        _chunk_done(SweepChunkKind.EMPLOYERS, lo=lo, on=on)
        return outcome


def _chunk_done(kind: str, *, lo: int, on: datetime.date) -> None:
    """Mark the chunk's ledger row done, in the chunk's transaction: done if and only if its rows committed.
    Last statement of the chunk, so two runs of a range queue on their inserts, never on this row first."""
    SweepChunk.objects.filter(on=on, kind=kind, lo=lo).update(done_at=timezone.now())


def _reminder(due: Due, *, participant_id: int | None = None, user_id: int | None = None) -> dict:
    return {
        "participant_id": participant_id,
        "user_id": user_id,
        "kind": str(due.kind),
        "subject": due.subject,
        "due_on": due.due_on,
        "context": dict(due.details),
    }


def _deliveries_create(
    plans: Sequence[tuple[int, dict[str, str]]], *, reminders: int, on: datetime.date, chunk: Q
) -> ChunkOutcome:
    now = timezone.now()
    wanted = [
        {
            "reminder_id": reminder_id,
            "channel": channel,
            "status": status,
            "sent_at": now if status == DeliveryStatus.DELIVERED else None,
        }
        for reminder_id, statuses in plans
        for channel, status in statuses.items()
    ]
    created = _insert_new(Delivery, wanted, returning=("id", "status"))
    queued = sorted(delivery_id for delivery_id, status in created if status == DeliveryStatus.QUEUED)
    if not created:
        # A re-run of this chunk (a worker killed after the first run committed but before its delivery
        # tasks reached the broker, or simply the same day swept twice) creates nothing; the deliveries the
        # first run queued and nobody has touched yet are queued again. Sending is idempotent, so a copy
        # of a task that did reach the broker costs nothing. One query, on re-runs only.
        queued = sorted(
            set(
                Delivery.objects.filter(
                    chunk,
                    reminder__due_on=on,
                    status=DeliveryStatus.QUEUED,
                    attempts=0,
                    not_before__isnull=True,
                ).values_list("id", flat=True)
            )
        )
    if queued:
        deliveries_enqueue(queued)
    return ChunkOutcome(reminders=reminders, deliveries=len(created), queued=len(queued))


def _insert_new(model: type[models.Model], rows: Sequence[dict], *, returning: tuple[str, ...]) -> list[tuple]:
    """INSERT the rows (dicts by field ``attname``), skipping any that a unique constraint already holds;
    returns the ``returning`` columns of the rows actually inserted.

    ``bulk_create(ignore_conflicts=True)`` cannot say which rows were new, and "new" is what decides whether a
    reminder gets deliveries; ``ON CONFLICT DO NOTHING RETURNING`` says it on PostgreSQL and on SQLite (3.35+)
    alike. With no conflict target it covers every unique constraint, including the ledger's partial ones. A
    concurrent transaction inserting the same key makes this one wait for its outcome, then skip the row: two
    runs of a range never both "create" it. Rows are sorted by their key first, so concurrent runs take the
    same keys in the same order. Fields a row does not give get the model's defaults (``public_id`` a new
    UUID, ``auto_now`` fields the current time), so a field added to the model later is filled as Django would.
    """
    if not rows:
        return []
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    rows = sorted(rows, key=_sort_key)
    columns: list[list] = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            columns.append([now] * len(rows))
        elif f.attname in rows[0]:
            columns.append([row[f.attname] for row in rows])
        elif f.has_default() and callable(f.default):
            columns.append([f.get_default() for _row in rows])
        else:
            columns.append([f.get_default()] * len(rows))
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    returned = ", ".join(quote(meta.get_field(name).column) for name in returning)
    table = quote(meta.db_table)
    inserted: list[tuple] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One parameter per column (an array), not one per value: a statement of 2,000 rows x 11 columns
            # as VALUES costs more to parse and bind than to execute.
            arrays, selects = [], []
            for k, (f, values) in enumerate(zip(fields, columns, strict=True)):
                if f.get_internal_type() == "JSONField":
                    arrays.append("%s::text[]")
                    selects.append(f"c{k}::jsonb")
                    values[:] = [None if v is None else json.dumps(v, cls=f.encoder) for v in values]
                else:
                    arrays.append(f"%s::{f.db_type(connection)}[]")
                    selects.append(f"c{k}")
            aliases = ", ".join(f"c{k}" for k in range(len(fields)))
            sql = (
                f"INSERT INTO {table} ({names}) SELECT {', '.join(selects)} "  # noqa: S608 - names from meta
                f"FROM unnest({', '.join(arrays)}) AS t({aliases}) ON CONFLICT DO NOTHING RETURNING {returned}"
            )
            cursor.execute(sql, columns)
            return list(cursor.fetchall())
        prepared = [
            [f.get_db_prep_save(v, connection) for v in values] for f, values in zip(fields, columns, strict=True)
        ]
        row_placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
        for start in range(0, len(rows), _INSERT_BATCH):
            stop = min(start + _INSERT_BATCH, len(rows))
            params = [column[i] for i in range(start, stop) for column in prepared]
            values_sql = ", ".join([row_placeholder] * (stop - start))
            # Table and column names come from the model's meta, values are bound parameters.
            sql = f"INSERT INTO {table} ({names}) VALUES {values_sql} ON CONFLICT DO NOTHING RETURNING {returned}"  # noqa: S608
            cursor.execute(sql, params)
            inserted += cursor.fetchall()
    return inserted


def _sort_key(row: dict) -> tuple:
    if "reminder_id" in row:
        return (row["reminder_id"], row["channel"])
    return (row["participant_id"] or 0, row["user_id"] or 0, row["kind"], row["subject"], row["due_on"])


def sweep_delivery_counts(*, on: datetime.date) -> dict[tuple[str, str], int]:
    """Deliveries of the reminders due on ``on`` by (channel, status), in one query: what ``--wait`` reports."""
    rows = (
        Delivery.objects.filter(reminder__due_on=on).order_by().values_list("channel", "status").annotate(n=Count("id"))
    )
    return {(channel, status): n for channel, status, n in rows}


def sweep_reminder_count(*, on: datetime.date) -> int:
    """Reminders in the ledger due on ``on`` (whoever created them: the sweep, a check-in)."""
    return Reminder.objects.filter(due_on=on).count()
