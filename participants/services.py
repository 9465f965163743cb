"""Writes to the records. Each service is one transaction, validates with full_clean(), and says what it changes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import HealthInsuranceCard


@transaction.atomic
def card_reissue(
    *,
    card: HealthInsuranceCard,
    valid_from: datetime.date,
    valid_to: datetime.date,
    issued_on: datetime.date | None = None,
    **changes,
) -> HealthInsuranceCard:
    """Re-issue a health-insurance card, keeping the old one as history.

    Marks `card` replaced and creates its successor with the given validity and any changed
    fields (facility, benefit level, ...). Raises ValidationError, writing nothing, when the new
    card is invalid or `card` is not the current one.
    """
    current = HealthInsuranceCard.objects.select_for_update().get(pk=card.pk)
    if current.replaced_at is not None:
        raise ValidationError(_("Only the current card can be re-issued."), code="card_not_current")
    current.replaced_at = timezone.now()
    current.save(update_fields=["replaced_at"])
    successor = HealthInsuranceCard(
        participant=current.participant,
        card_number=changes.pop("card_number", current.card_number),
        object_group=changes.pop("object_group", current.object_group),
        benefit_level=changes.pop("benefit_level", current.benefit_level),
        facility=changes.pop("facility", current.facility),
        five_year_date=changes.pop("five_year_date", current.five_year_date),
        valid_from=valid_from,
        valid_to=valid_to,
        issued_on=issued_on or timezone.localdate(),
    )
    if changes:
        raise TypeError(f"Unknown card fields: {sorted(changes)}")
    successor.full_clean()
    successor.save()
    return successor
