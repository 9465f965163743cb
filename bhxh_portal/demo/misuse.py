"""Misuse cases for the demo's review queue, raised by the real rules (checkin.misuse) from demo check-ins: in
three provinces, a card checked in at two facilities two hours apart, and in Hà Nội a visit its owner reported
as not theirs. Generated people only (the personas' visits stay their own)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from checkin import misuse
from checkin.models import CheckIn, MisuseCase
from participants.models import HealthInsuranceCard, MedicalFacility

from .personas import persona_social_insurance_number
from .writing import SeedResult

PROVINCES = ("01", "79", "48")  # Hà Nội (the demo officer's), Hồ Chí Minh City, Đà Nẵng


def _card_and_other_facility(code: str, as_of: datetime.date, skip: set[int]):
    """A current card of a generated person of province `code`, and a facility of that province where the
    card is not registered. None when the province has neither."""
    cards = (
        HealthInsuranceCard.objects.filter(
            participant__province__code=code,
            replaced_at__isnull=True,
            valid_from__lte=as_of,
            valid_to__gte=as_of,
        )
        .exclude(participant__social_insurance_number__startswith=persona_social_insurance_number(0)[:8])
        .exclude(participant_id__in=skip)
        .order_by("id")
    )
    for card in cards[:20]:
        other = (
            MedicalFacility.objects.filter(province__code=code).exclude(pk=card.facility_id).order_by("code").first()
        )
        if other is not None:
            return card, other
    return None


def _ensure_demo_misuse(as_of: datetime.date, result: SeedResult) -> None:
    """Once: a database with any misuse case is left alone."""
    if MisuseCase.objects.exists():
        return
    now = timezone.now()
    used: set[int] = set()
    for days_ago, code in enumerate(PROVINCES, start=1):
        found = _card_and_other_facility(code, as_of, used)
        if found is None:
            continue
        card, other = found
        used.add(card.participant_id)
        first_at = now - datetime.timedelta(days=days_ago, hours=3)
        visits = [
            CheckIn.objects.create(
                participant_id=card.participant_id, card=card, facility=facility, method="national_id", checked_in_at=at
            )
            for facility, at in ((card.facility, first_at), (other, first_at + datetime.timedelta(hours=2)))
        ]
        result.add("checkins", 2)
        result.add("misuse_cases", len(misuse.misuse_checkin_signals_raise(checkin=visits[-1])))
    found = _card_and_other_facility(PROVINCES[0], as_of, used)
    if found is not None:
        card, _other = found
        visit = CheckIn.objects.create(
            participant_id=card.participant_id,
            card=card,
            facility=card.facility,
            method="national_id",
            checked_in_at=now - datetime.timedelta(days=4),
            flagged_at=now - datetime.timedelta(days=3),
            flag_note="Hôm đó tôi không đi khám.",
        )
        misuse.misuse_report_raise(checkin=visit, now=visit.flagged_at)
        result.add("checkins", 1)
        result.add("misuse_cases", 1)
