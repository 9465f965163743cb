"""Demo activity: a clinic visit and the reminders of the last weeks, so the inboxes are not empty."""

from __future__ import annotations

import datetime

from django.utils import timezone

from checkin.models import ClinicStaff
from checkin.services import CheckinRefused, checkin_record
from participants.models import Employer, Participant
from reminders.models import Reminder
from reminders.rules import ARREARS_SEND_DAY
from reminders.sweep import pk_ranges, sweep_chunk_process, sweep_employer_chunk_process

DEMO_BACKFILL_DAYS = 45


def demo_activity_seed(
    *, as_of: datetime.date | None = None, backfill_days: int = DEMO_BACKFILL_DAYS
) -> dict[str, int]:
    """Give the personas something in their inbox, idempotently.

    - The expecting mother was checked in at the demo clinic by the demo receptionist (once ever): the
      visit, its notice and the clinic's lookup appear on her pages.
    - The reminder sweep is run in-process for each of the last `backfill_days` days (as the operator's
      `run_reminder_sweep --on` would), so card, arrears and facility-window reminders that fell due in
      those weeks are in the ledger. The ledger's unique keys make a second run create nothing; the
      e-mails it queues are sent by the worker `make run` starts (into var/mail/).
    """
    as_of = as_of or timezone.localdate()
    created = {"checkins": 0, "reminders": 0}
    mother = Participant.objects.filter(user__username="citizen-maternity").first()
    clinic = ClinicStaff.objects.select_related("user", "facility").filter(user__username="clinic.demo").first()
    if mother is not None and clinic is not None and not mother.checkins.exists():
        try:
            checkin_record(staff=clinic.user, facility=clinic.facility, national_id=mother.national_id)
            created["checkins"] = 1
        except CheckinRefused:
            pass  # her card is not valid on this as_of: no visit to show
    before = Reminder.objects.count()
    for offset in range(backfill_days, -1, -1):
        day = as_of - datetime.timedelta(days=offset)
        newest = Reminder.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for lo, hi in pk_ranges(Participant, 2_000):
            sweep_chunk_process(lo=lo, hi=hi, on=day)
        if day.day == ARREARS_SEND_DAY:
            for lo, hi in pk_ranges(Employer, 2_000):
                sweep_employer_chunk_process(lo=lo, hi=hi, on=day)
        sweep_time = datetime.datetime.combine(day, datetime.time(6), tzinfo=timezone.get_current_timezone())
        if sweep_time < timezone.now():
            # Dated the morning of the day whose sweep wrote them, as beat would have: a notice of 10/11 that says
            # "1 month owed" must not look as if it were sent today, next to a card that says 3 (issue 17, item 7).
            Reminder.objects.filter(pk__gt=newest).update(created_at=sweep_time)
    created["reminders"] = Reminder.objects.count() - before
    return created
