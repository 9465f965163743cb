"""Account writes: API tokens, activation, contact changes confirmed by a one-time code, language.

Each service is one transaction, validates with full_clean(), and says what it changes."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from knox.models import AuthToken

from participants.enums import Role
from participants.models import Participant
from participants.sms import send_sms
from participants.validators import validate_phone

from .models import AccountSession, OneTimeCode, User


def auth_token_lifetime(user: User) -> datetime.timedelta:
    """Citizens keep a token for days (their phone app); employer, clinic and admin accounts for hours."""
    if user.role == Role.CITIZEN and not user.is_staff:
        return datetime.timedelta(days=settings.API_TOKEN_DAYS_CITIZEN)
    return datetime.timedelta(hours=settings.API_TOKEN_HOURS_STAFF)


@transaction.atomic
def auth_token_create(*, user: User) -> tuple[AuthToken, str]:
    """A new API token for the user, expiring after the lifetime of their role.

    Writes one AuthToken holding only a hash of the token; the token itself is returned this once. Deletes
    the account's expired tokens, and its oldest ones beyond API_TOKENS_PER_ACCOUNT.
    """
    tokens = AuthToken.objects.filter(user=user)
    tokens.filter(expiry__lt=timezone.now()).delete()
    keep = settings.API_TOKENS_PER_ACCOUNT - 1
    oldest = list(tokens.order_by("-created", "-digest").values_list("digest", flat=True)[keep:])
    if oldest:
        AuthToken.objects.filter(digest__in=oldest).delete()
    return AuthToken.objects.create(user=user, expiry=auth_token_lifetime(user))


# --- Sessions and tokens of an account: listed on the security page, ended all at once ------------


def account_session_record(*, user: User, session_key: str, user_agent: str = "") -> None:
    """Remember that `session_key` is a signed-in session of `user` (one AccountSession row)."""
    if not session_key:
        return
    AccountSession.objects.update_or_create(
        session_key=session_key, defaults={"user": user, "user_agent": (user_agent or "")[:200]}
    )


def account_session_cycle_key(*, session) -> None:
    """Give a session a new key (against session fixation) and keep its AccountSession row on the new key, so a
    signed-in session stays listed, and ended by "sign out everywhere", under the key it now has."""
    old_key = session.session_key
    session.cycle_key()
    if old_key:
        AccountSession.objects.filter(session_key=old_key).update(session_key=session.session_key)


def account_session_record_on_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: record the new session (the second step records its own new key), and forget the
    account's sessions that have ended (signing in again in the same browser gives it a new key)."""
    session = getattr(request, "session", None)
    if session is not None:
        if session.session_key is None:
            session.save()
        account_session_record(
            user=user, session_key=session.session_key, user_agent=request.headers.get("User-Agent", "")
        )
        live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
        AccountSession.objects.filter(user=user).exclude(session_key__in=live).delete()


@transaction.atomic
def account_sign_out_everywhere(*, user: User, keep_session_key: str | None = None) -> int:
    """End every signed-in session of the account except `keep_session_key`, and revoke all its API tokens.

    Called by "sign out everywhere", after a password reset and when the second factor changes. Deletes the
    sessions' rows (their cookies stop working at once), their AccountSession rows and every AuthToken of
    the user. Returns how many sessions and tokens were ended.
    """
    sessions = AccountSession.objects.filter(user=user).exclude(session_key=keep_session_key or "")
    keys = list(sessions.values_list("session_key", flat=True))
    ended, _ = Session.objects.filter(session_key__in=keys).delete()
    sessions.delete()
    revoked, _ = AuthToken.objects.filter(user=user).delete()
    return ended + revoked


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
def activation_start(*, national_id: str, birth_date: datetime.date) -> bool:
    """Send a one-time code to the contact on record of the person with this ID number and birth date, if
    there is one without an account yet; say nothing either way.

    The caller answers the same whatever happens (no such ID, a wrong birth date, an account already, no
    contact on record, too many codes this hour), so the page cannot be used to learn birth dates or who has
    an account; only the code, sent to the person's own contact, proves anything. Writes one OneTimeCode and
    sends one e-mail (or SMS) when it sends; returns whether it did (for tests and logs, never for the page).
    """
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .filter(national_id=national_id)
        .select_related("user")
        .first()
    )
    if participant is None or participant.birth_date != birth_date or participant.user is not None:
        return False
    if not participant.email and not participant.phone:
        return False
    channel, destination = ("email", participant.email) if participant.email else ("sms", participant.phone)
    try:
        with transaction.atomic():
            _code_send(
                participant=participant,
                purpose=OneTimeCode.Purpose.ACTIVATION,
                channel=channel,
                destination=destination,
            )
    except ValidationError:
        return False  # too many codes this hour: the same answer
    return True


def activation_complete(*, national_id: str, code: str, password: str) -> User:
    """Create the citizen's account when `code` is the latest unexpired, unused activation code of the person
    with this ID number.

    Writes the User, links it to the participant and marks the code used, all or nothing. Every refusal (no
    such person, an account already, no code, a wrong, expired, used or exhausted code) raises the same
    WrongCode; a wrong code's attempt is counted (that count is kept).
    """
    refused = WrongCode(
        _("The code is not correct or no longer valid. Check it, or ask for a new one."), code="wrong_code"
    )
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(national_id=national_id)
            .first()
        )
        if participant is None or participant.user is not None:
            raise refused
        try:
            accepted = _code_accept(participant=participant, purpose=OneTimeCode.Purpose.ACTIVATION, code=code)
        except ValidationError:
            accepted = None  # expired, used or too many attempts: the same answer as a wrong code
        if accepted is not None:
            user = User(username=f"c-{uuid.uuid4().hex[:16]}", role=Role.CITIZEN, email=participant.email)
            validate_password(password, user)
            user.set_password(password)
            user.save()
            participant.user = user
            participant.save(update_fields=["user"])
            return user
    raise refused


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
            _contact_change_notify_old(participant=participant, field=field, new=accepted.destination)
            setattr(participant, field, accepted.destination)
            participant.full_clean()
            participant.save(update_fields=[field])
            if field == "email" and participant.user is not None:
                participant.user.email = accepted.destination
                participant.user.save(update_fields=["email"])
            return participant
    raise WrongCode(_("The code is not correct."), code="wrong_code")


def _contact_change_notify_old(*, participant: Participant, field: str, new: str) -> None:
    """Tell the old address (or number) that it was replaced, after commit: if someone else made the change,
    the person hears of it where they still read."""
    old = getattr(participant, field)
    if not old:
        return
    with translation.override(participant.preferred_language):
        if field == "email":
            text = _(
                "The e-mail address of your Social insurance portal account was changed to %(new)s. If you did not do this, "
                "contact the social insurance office."
            ) % {"new": mask_email(new)}
        else:
            text = _(
                "The phone number of your Social insurance portal account was changed to %(new)s. If you did not do this, "
                "contact the social insurance office."
            ) % {"new": mask_phone(new)}
        subject = _("Social insurance portal: your contact details changed")
    if field == "email":
        transaction.on_commit(lambda: send_mail(subject, text, None, [old]))
    else:
        transaction.on_commit(lambda: send_sms(old, text))


@transaction.atomic
def participant_language_set(*, participant: Participant, language: str) -> None:
    """Remember the language messages (e-mail, SMS, reminders) are sent in."""
    participant.preferred_language = language
    participant.full_clean()
    participant.save(update_fields=["preferred_language"])
