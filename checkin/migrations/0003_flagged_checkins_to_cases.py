"""Every check-in a person reported before the queue existed becomes its case (checkin/misuse.py): still open
when nobody reviewed it, resolved as "reviewed before the queue" when someone had (no outcome was recorded then)."""

import zoneinfo

from django.conf import settings
from django.db import migrations


def flagged_to_cases(apps, schema_editor):
    CheckIn = apps.get_model("checkin", "CheckIn")
    MisuseCase = apps.get_model("checkin", "MisuseCase")
    MisuseEvidence = apps.get_model("checkin", "MisuseEvidence")
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    for checkin in CheckIn.objects.filter(flagged_at__isnull=False).iterator():
        day = checkin.checked_in_at.astimezone(local).date()
        reviewed = checkin.reviewed_at is not None
        case, created = MisuseCase.objects.get_or_create(
            # The same key as checkin.misuse.dedup_key(REPORTED, ...): a later report joins this case.
            dedup_key=f"reported:checkin-{checkin.pk}:{day.isoformat()}",
            defaults={
                "kind": "reported",
                "period_start": day,
                "facility_id": checkin.facility_id,
                "participant_id": checkin.participant_id,
                "staff_id": checkin.staff_id,
                "checkin_id": checkin.pk,
                "count": 1,
                "opened_at": checkin.flagged_at,
                "last_signal_at": checkin.flagged_at,
                "status": "resolved" if reviewed else "open",
                "outcome": "reviewed_earlier" if reviewed else "",
                "resolved_at": checkin.reviewed_at,
                "resolved_by_id": checkin.reviewed_by_id,
                "assignee_id": checkin.reviewed_by_id,
            },
        )
        if created:
            MisuseEvidence.objects.create(case=case, checkin_id=checkin.pk, added_at=checkin.flagged_at)


class Migration(migrations.Migration):
    dependencies = [("checkin", "0002_misuse_case")]

    operations = [migrations.RunPython(flagged_to_cases, migrations.RunPython.noop)]
