"""Writes to the records. Each service is one transaction, validates with full_clean(), and says what it changes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import CarerGrant, FamilyLink, HealthInsuranceCard, Participant, PersonalDataAccess
from .selectors import ADULT_AGE, is_child_on, is_under
from .signals import records_changed


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


@transaction.atomic
def family_link_request(*, parent: Participant, national_id: str, birth_date: datetime.date, today) -> None:
    """A parent asks to link a child: a pending link is written only when a person with this ID number **and**
    birth date exists, is under 16 and is not the parent; nothing otherwise. Returns nothing either way, so the
    caller cannot tell whether the number exists (no enumeration). Asking again changes nothing."""
    child = Participant.objects.filter(national_id=national_id, birth_date=birth_date).first()
    if child is None or child.pk == parent.pk or not is_child_on(child.birth_date, today):
        return
    FamilyLink.objects.get_or_create(parent=parent, child=child)


@transaction.atomic
def family_link_decide(*, link: FamilyLink, officer, confirm: bool) -> FamilyLink:
    """An officer confirms (the relationship was checked) or rejects a pending link. Writes the link's status,
    who decided and when; a decided link is not decided again (ValidationError)."""
    link = FamilyLink.objects.select_for_update().get(pk=link.pk)
    if link.status != FamilyLink.Status.PENDING:
        raise ValidationError(_("This link has already been decided."), code="decided")
    link.status = FamilyLink.Status.CONFIRMED if confirm else FamilyLink.Status.REJECTED
    link.decided_by = officer
    link.decided_at = timezone.now()
    link.full_clean()
    link.save(update_fields=["status", "decided_by", "decided_at"])
    return link


def family_child_view_log(*, parent_user, child: Participant) -> PersonalDataAccess:
    """Write a parent's look at the child's card or check-in code into the child's access log."""
    return _access_log(user=parent_user, participant=child, purpose=PersonalDataAccess.Purpose.PARENT_VIEW)


def carer_view_log(*, carer_user, grantor: Participant) -> PersonalDataAccess:
    """Write a carer's look at the grantor's card or visits into the grantor's access log."""
    return _access_log(user=carer_user, participant=grantor, purpose=PersonalDataAccess.Purpose.CARER_VIEW)


def officer_record_log(*, user, participant_ids, purpose: str) -> int:
    """Write an officer's addition, change or deletion in the admin into each person's access log (in the
    caller's transaction, so the entry and the change are kept or undone together). Returns the rows written."""
    now = timezone.now()
    rows = [
        PersonalDataAccess(participant_id=pk, user=user, purpose=purpose, accessed_at=now)
        for pk in sorted(set(participant_ids))
    ]
    return len(PersonalDataAccess.objects.bulk_create(rows))


def _access_log(*, user, participant: Participant, purpose: str) -> PersonalDataAccess:
    return PersonalDataAccess.objects.create(
        participant=participant, user=user, purpose=purpose, accessed_at=timezone.now()
    )


@transaction.atomic
def carer_grant_create(*, grantor: Participant, national_id: str, birth_date: datetime.date, today) -> None:
    """An adult shares their card and visits, read-only, with a person who has an account: granted only when the ID
    number and birth date match such a person (not the grantor); nothing otherwise, and the same answer either
    way. A grant already active is kept as it is. Raises ValidationError when the grantor is under 18."""
    if is_under(grantor.birth_date, today, ADULT_AGE):
        raise ValidationError(_("Only an adult can share their card."), code="not_adult")
    carer = Participant.objects.filter(national_id=national_id, birth_date=birth_date, user__isnull=False).first()
    if carer is None or carer.pk == grantor.pk:
        return
    if not CarerGrant.objects.filter(grantor=grantor, carer=carer, revoked_at__isnull=True).exists():
        CarerGrant.objects.create(grantor=grantor, carer=carer)


@transaction.atomic
def carer_grant_revoke(*, grantor: Participant, public_id) -> bool:
    """End the grantor's own active grant ``public_id`` (another person's grant is not touched); whether one ended."""
    revoked = CarerGrant.objects.filter(grantor=grantor, public_id=public_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        records_changed.send(sender=Participant, pks=[grantor.pk])
    return bool(revoked)
