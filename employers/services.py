"""Writes of the employer portal."""

from collections.abc import Iterable

from django.utils import timezone

from participants.models import PersonalDataAccess

ACCESS_LOG_BATCH = 2000


def data_access_record(*, user, employer, participant_ids: Iterable[int], purpose: str) -> int:
    """Write one access-log row per person whose record an employer user viewed or exported.

    The person reads these on their profile ("who looked at my data"). Batched, so an export of
    50,000 people logs them without holding 50,000 objects. Returns how many rows were written.
    """
    now = timezone.now()
    written = 0
    batch: list[PersonalDataAccess] = []
    for participant_id in participant_ids:
        batch.append(
            PersonalDataAccess(
                participant_id=participant_id, user=user, employer=employer, purpose=purpose, accessed_at=now
            )
        )
        if len(batch) >= ACCESS_LOG_BATCH:
            PersonalDataAccess.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    if batch:
        PersonalDataAccess.objects.bulk_create(batch)
        written += len(batch)
    return written
