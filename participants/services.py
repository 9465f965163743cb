"""Writes. Each service is one transaction, validates with full_clean(), and says what it changes."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from .enums import Role
from .models import ActivationCode, HealthInsuranceCard, Participant, User
from .sms import send_sms


def auth_token_get_or_create(*, user: User) -> Token:
    """Return the user's API token, creating it on first use. Writes one Token row at most."""
    token, _created = Token.objects.get_or_create(user=user)
    return token


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


# --- Account activation --------------------------------------------------------------------------


def _code_hash(activation_participant_id: int, code: str) -> str:
    return salted_hmac("participants.activation", f"{activation_participant_id}:{code}").hexdigest()


def mask_email(email: str) -> str:
    name, _at, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"


def mask_phone(phone: str) -> str:
    return f"{phone[:2]}******{phone[-2:]}"


@transaction.atomic
def activation_start(*, national_id: str, birth_date: datetime.date) -> tuple[Participant, str]:
    """Send a one-time code to the contact details on record of the person with these details.

    Writes one ActivationCode and sends one e-mail (or SMS when there is no e-mail). Returns the
    participant and where the code went (masked). Raises ValidationError, writing and sending
    nothing, when no such person exists, they already have an account, they have no contact
    details, or too many codes were asked for within the hour.
    """
    participant = (
        Participant.objects.select_for_update()
        .filter(national_id=national_id, birth_date=birth_date)
        .select_related("user")
        .first()
    )
    if participant is None:
        raise ValidationError(
            _("We could not find a person with this ID number and birth date in the records."), code="not_found"
        )
    if participant.user is not None:
        raise ValidationError(
            _("You already have an account. Sign in, or reset your password if you have forgotten it."),
            code="already_active",
        )
    if not participant.email and not participant.phone:
        raise ValidationError(
            _("There is no e-mail or phone number on your record. Please contact the social insurance office."),
            code="no_contact",
        )
    now = timezone.now()
    recent = participant.activation_codes.filter(created_at__gte=now - datetime.timedelta(hours=1)).count()
    if recent >= settings.ACTIVATION_MAX_CODES_PER_HOUR:
        raise ValidationError(_("Too many codes were sent in the last hour. Try again later."), code="too_many_codes")
    code = f"{secrets.randbelow(10**6):06d}"
    channel = "email" if participant.email else "sms"
    ActivationCode.objects.create(
        participant=participant,
        code_hash=_code_hash(participant.pk, code),
        channel=channel,
        expires_at=now + datetime.timedelta(minutes=settings.ACTIVATION_CODE_MINUTES),
    )
    with translation.override(participant.preferred_language):
        text = _("Your BHXH Portal activation code is %(code)s. It is valid for %(minutes)s minutes.") % {
            "code": code,
            "minutes": settings.ACTIVATION_CODE_MINUTES,
        }
        subject = _("BHXH Portal: your activation code")
    # Sent after the row is committed, so a rolled-back request sends nothing.
    if channel == "email":
        transaction.on_commit(lambda: send_mail(subject, text, None, [participant.email]))
        return participant, mask_email(participant.email)
    transaction.on_commit(lambda: send_sms(participant.phone, text))
    return participant, mask_phone(participant.phone)


def activation_complete(*, participant_id: int, code: str, password: str) -> User:
    """Create the citizen's account when `code` is the latest unexpired, unused code.

    Writes the User, links it to the participant and marks the code used, all or nothing. A wrong
    code counts an attempt (that count is kept) and raises WrongCode; other refusals raise
    ValidationError and write nothing.
    """
    with transaction.atomic():
        participant = Participant.objects.select_for_update().select_related("user").get(pk=participant_id)
        if participant.user is not None:
            raise ValidationError(_("This account is already active. Sign in."), code="already_active")
        latest = participant.activation_codes.select_for_update().order_by("-created_at").first()
        now = timezone.now()
        if latest is None or latest.used_at or latest.expires_at < now:
            raise ValidationError(_("This code has expired. Ask for a new one."), code="code_expired")
        if latest.attempts >= settings.ACTIVATION_MAX_ATTEMPTS:
            raise ValidationError(_("Too many wrong codes. Ask for a new one."), code="too_many_attempts")
        if constant_time_compare(latest.code_hash, _code_hash(participant.pk, (code or "").strip())):
            user = User(username=f"c-{uuid.uuid4().hex[:16]}", role=Role.CITIZEN, email=participant.email)
            validate_password(password, user)
            user.set_password(password)
            user.save()
            participant.user = user
            participant.save(update_fields=["user"])
            latest.used_at = now
            latest.save(update_fields=["used_at"])
            return user
        ActivationCode.objects.filter(pk=latest.pk).update(attempts=F("attempts") + 1)
    raise WrongCode(_("The code is not correct."), code="wrong_code")


class WrongCode(ValidationError):
    """A wrong activation code; the attempt is counted."""
