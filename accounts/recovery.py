"""Account recovery without e-mail: a new password with a code sent by SMS to the phone on record.

Most people in the records have a phone but no e-mail (issue 17, item 2). The code is the activation's
one-time code (accounts.services: the same hourly limit, lifetime and wrong-code limit), for its own purpose.
"""

import datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from participants.models import Participant

from .models import OneTimeCode, User
from .services import WrongCode, _code_accept, _code_send, mask_phone

PURPOSE = OneTimeCode.Purpose.PASSWORD_RESET


@transaction.atomic
def password_reset_sms_start(*, national_id: str, birth_date: datetime.date) -> tuple[int | None, str]:
    """Send a reset code by SMS to the phone on record of the account holder with these details.

    Writes one OneTimeCode and sends one SMS after commit. Returns (participant id, masked phone), or (None, "")
    when no account with a phone matches: the page says the same either way, so it does not tell who has an
    account. Raises ValidationError (too many codes in the hour), writing and sending nothing.
    """
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .filter(national_id=national_id, birth_date=birth_date, user__isnull=False, user__is_active=True)
        .exclude(phone="")
        .first()
    )
    if participant is None:
        return None, ""
    _code_send(participant=participant, purpose=PURPOSE, channel="sms", destination=participant.phone)
    return participant.pk, mask_phone(participant.phone)


def password_reset_sms_complete(*, participant_id: int | None, code: str, password: str) -> User:
    """Set the new password when `code` is the latest unexpired, unused reset code of this person.

    Writes the password (which signs the account out everywhere else) and marks the code used, all or nothing.
    A wrong code counts an attempt (kept) and raises WrongCode; a password the rules refuse raises
    ValidationError and changes nothing.
    """
    if participant_id is None:
        raise WrongCode(_("The code is not correct."), code="wrong_code")
    with transaction.atomic():
        participant = Participant.objects.select_for_update(of=("self",)).select_related("user").get(pk=participant_id)
        user = participant.user
        if user is None:
            raise WrongCode(_("The code is not correct."), code="wrong_code")
        validate_password(password, user)
        accepted = _code_accept(participant=participant, purpose=PURPOSE, code=code)
        if accepted is not None:
            user.set_password(password)
            user.save(update_fields=["password"])
            return user
    raise WrongCode(_("The code is not correct."), code="wrong_code")


def password_reset_sms_refused(error: ValidationError) -> str:
    """Which field an error of the reset belongs to."""
    return (
        "code" if getattr(error, "code", None) in ("wrong_code", "code_expired", "too_many_attempts") else "password1"
    )
