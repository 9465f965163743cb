"""Account writes: API tokens, activation, contact changes confirmed by a one-time code, language.

Each service is one transaction, validates with full_clean(), and says what it changes."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from participants.enums import Role
from participants.models import Participant
from participants.sms import send_sms
from participants.validators import validate_phone

from .models import OneTimeCode, User


def auth_token_get_or_create(*, user: User) -> Token:
    """Return the user's API token, creating it on first use. Writes one Token row at most."""
    token, _created = Token.objects.get_or_create(user=user)
    return token


# --- One-time codes: account activation and new contact details --------------------------------


class WrongCode(ValidationError):
    """A wrong code; the attempt is counted."""


def _code_hash(participant_id: int, purpose: str, destination: str, code: str) -> str:
    return salted_hmac("participants.one_time_code", f"{participant_id}:{purpose}:{destination}:{code}").hexdigest()


def mask_email(email: str) -> str:
    name, _at, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"


def mask_phone(phone: str) -> str:
    return f"{phone[:2]}******{phone[-2:]}"


def mask_destination(channel: str, destination: str) -> str:
    return mask_email(destination) if channel == "email" else mask_phone(destination)


def _code_send(*, participant: Participant, purpose: str, channel: str, destination: str) -> None:
    """Store a new code for (participant, purpose) and send it after commit. Call inside a transaction."""
    now = timezone.now()
    recent = participant.one_time_codes.filter(purpose=purpose, created_at__gte=now - datetime.timedelta(hours=1))
    if recent.count() >= settings.ACTIVATION_MAX_CODES_PER_HOUR:
        raise ValidationError(_("Too many codes were sent in the last hour. Try again later."), code="too_many_codes")
    code = f"{secrets.randbelow(10**6):06d}"
    OneTimeCode.objects.create(
        participant=participant,
        purpose=purpose,
        channel=channel,
        destination=destination,
        code_hash=_code_hash(participant.pk, purpose, destination, code),
        expires_at=now + datetime.timedelta(minutes=settings.ACTIVATION_CODE_MINUTES),
    )
    with translation.override(participant.preferred_language):
        text = _(
            "Your social insurance code is %(code)s, valid for %(minutes)s minutes. Never tell anyone this code, "
            "not even someone who says they work for social insurance."
        ) % {
            "code": code,
            "minutes": settings.ACTIVATION_CODE_MINUTES,
        }
        subject = _("Social insurance: your code")
    # Sent once the row is committed, so a rolled-back request sends nothing.
    if channel == "email":
        transaction.on_commit(lambda: send_mail(subject, text, None, [destination]))
    else:
        transaction.on_commit(lambda: send_sms(destination, text))


def _code_accept(*, participant: Participant, purpose: str, code: str) -> OneTimeCode | None:
    """The latest code for `purpose`, marked used, if `code` matches it; call inside a transaction.

    Expired, used or exhausted codes raise ValidationError. A wrong code counts an attempt and
    returns None: the caller lets its transaction commit (so the count is kept), then raises.
    """
    latest = (
        participant.one_time_codes.select_for_update().filter(purpose=purpose).order_by("-created_at", "-id").first()
    )
    now = timezone.now()
    if latest is None or latest.used_at or latest.expires_at < now:
        raise ValidationError(_("This code has expired. Ask for a new one."), code="code_expired")
    if latest.attempts >= settings.ACTIVATION_MAX_ATTEMPTS:
        raise ValidationError(_("Too many wrong codes. Ask for a new one."), code="too_many_attempts")
    expected = _code_hash(participant.pk, purpose, latest.destination, (code or "").strip())
    if not constant_time_compare(latest.code_hash, expected):
        OneTimeCode.objects.filter(pk=latest.pk).update(attempts=F("attempts") + 1)
        return None
    latest.used_at = now
    latest.save(update_fields=["used_at"])
    return latest


@transaction.atomic
def activation_start(*, national_id: str, birth_date: datetime.date) -> tuple[Participant, str]:
    """Send a one-time code to the contact details on record of the person with these details.

    Writes one OneTimeCode and sends one e-mail (or SMS when there is no e-mail). Returns the
    participant and where the code went (masked). Raises ValidationError, writing and sending
    nothing, when no such person exists, they already have an account, they have no contact
    details, or too many codes were asked for within the hour.
    """
    participant = (
        Participant.objects.select_for_update(of=("self",))
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
    channel, destination = ("email", participant.email) if participant.email else ("sms", participant.phone)
    _code_send(
        participant=participant, purpose=OneTimeCode.Purpose.ACTIVATION, channel=channel, destination=destination
    )
    return participant, mask_destination(channel, destination)


def activation_complete(*, participant_id: int, code: str, password: str) -> User:
    """Create the citizen's account when `code` is the latest unexpired, unused activation code.

    Writes the User, links it to the participant and marks the code used, all or nothing. A wrong
    code counts an attempt (that count is kept) and raises WrongCode; other refusals raise
    ValidationError and write nothing.
    """
    with transaction.atomic():
        participant = Participant.objects.select_for_update(of=("self",)).select_related("user").get(pk=participant_id)
        if participant.user is not None:
            raise ValidationError(_("This account is already active. Sign in."), code="already_active")
        accepted = _code_accept(participant=participant, purpose=OneTimeCode.Purpose.ACTIVATION, code=code)
        if accepted is not None:
            user = User(username=f"c-{uuid.uuid4().hex[:16]}", role=Role.CITIZEN, email=participant.email)
            validate_password(password, user)
            user.set_password(password)
            user.save()
            participant.user = user
            participant.save(update_fields=["user"])
            return user
    raise WrongCode(_("The code is not correct."), code="wrong_code")


@transaction.atomic
def contact_change_start(*, participant: Participant, channel: str, destination: str) -> str:
    """Send a code to a new e-mail address or phone number; nothing changes until it is confirmed.

    Validates the new value, writes one OneTimeCode and sends one message. Returns the masked
    destination. Raises ValidationError, writing nothing, for a malformed or unchanged value.
    """
    if channel == "email":
        EmailValidator(message=_("Enter a valid e-mail address."))(destination)
        unchanged = destination.casefold() == (participant.email or "").casefold()
    else:
        validate_phone(destination)
        unchanged = destination == participant.phone
    if unchanged:
        raise ValidationError(_("This is already the one on your record."), code="unchanged")
    participant = Participant.objects.select_for_update(of=("self",)).get(pk=participant.pk)
    _code_send(
        participant=participant, purpose=OneTimeCode.Purpose.CONTACT_CHANGE, channel=channel, destination=destination
    )
    return mask_destination(channel, destination)


def contact_change_confirm(*, participant: Participant, code: str) -> Participant:
    """Apply the new e-mail or phone once its code is confirmed (the account e-mail follows)."""
    with transaction.atomic():
        participant = Participant.objects.select_for_update(of=("self",)).select_related("user").get(pk=participant.pk)
        accepted = _code_accept(participant=participant, purpose=OneTimeCode.Purpose.CONTACT_CHANGE, code=code)
        if accepted is not None:
            field = "email" if accepted.channel == "email" else "phone"
            setattr(participant, field, accepted.destination)
            participant.full_clean()
            participant.save(update_fields=[field])
            if field == "email" and participant.user is not None:
                participant.user.email = accepted.destination
                participant.user.save(update_fields=["email"])
            return participant
    raise WrongCode(_("The code is not correct."), code="wrong_code")


@transaction.atomic
def participant_language_set(*, participant: Participant, language: str) -> None:
    """Remember the language messages (e-mail, SMS, reminders) are sent in."""
    participant.preferred_language = language
    participant.full_clean()
    participant.save(update_fields=["preferred_language"])
