"""Sign-in by personal ID number, social-insurance number or username."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import account_sign_out_everywhere
from participants.models import Participant
from participants.validators import NATIONAL_ID_RE, SI_NUMBER_RE


def user_for_identifier(identifier: str) -> User | None:
    """Citizens type their 12-digit ID or 10-digit SI number; staff type a username."""
    identifier = (identifier or "").strip()
    if NATIONAL_ID_RE.fullmatch(identifier):
        return User.objects.filter(participant__national_id=identifier).first()
    if SI_NUMBER_RE.fullmatch(identifier):
        return User.objects.filter(participant__social_insurance_number=identifier).first()
    return User.objects.filter(username=identifier).first()


class IdentifierBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        user = user_for_identifier(username)
        if user is None:
            # Same cost as a real check, so timing does not reveal which identifiers exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class ContactEmailTokenGenerator(PasswordResetTokenGenerator):
    """Reset links stop working when the address they were sent to changes; for a citizen that
    address is the e-mail on their participant record."""

    def _make_hash_value(self, user, timestamp):
        participant = getattr(user, "participant", None)
        email = user.email or (participant.email if participant is not None else "")
        login_timestamp = "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{user.password}{login_timestamp}{timestamp}{email}"


password_reset_tokens = ContactEmailTokenGenerator()


def axes_identity(request, credentials) -> str | None:
    """What django-axes counts failures against: one person, one counter. A social-insurance number counts
    as its person's ID number, so switching between the two does not double the guesses."""
    data = credentials if credentials is not None else getattr(request, "POST", {})
    identifier = (data.get("username") or "").strip()
    if SI_NUMBER_RE.fullmatch(identifier):
        national_id = (
            Participant.objects.filter(social_insurance_number=identifier).values_list("national_id", flat=True).first()
        )
        return national_id or identifier
    return identifier or None


def axes_identity_for_user(user: User) -> str:
    """The identity a signed-in person's failures count against: what `axes_identity` makes of their sign-in,
    a citizen's ID number (their SI number counts as it) or, for staff, the username."""
    national_id = Participant.objects.filter(user=user).values_list("national_id", flat=True).first()
    return national_id or user.get_username()


def password_confirm(request, password: str) -> bool:
    """Whether `password` is the signed-in person's, for a form that asks for it again (new contact details, a new
    password). A wrong one counts towards the sign-in lock-out: the same counter of identity and client address
    (django-axes), so guesses here and at the sign-in page add up. While that pair is locked out every password
    is refused, the right one too, and django-axes' middleware turns the answer into the lock-out page
    (`request.axes_locked_out`)."""
    credentials = {"username": axes_identity_for_user(request.user)}
    if AxesProxyHandler.is_locked(request, credentials):
        request.axes_locked_out = True
        request.axes_credentials = credentials
        return False
    if request.user.check_password(password):
        return True
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return False


def axes_lockout_response(request, original_response=None, credentials=None):
    """A locked-out API call gets the API's JSON error; a page gets the lock-out page."""
    if request.path.startswith("/api/"):
        body = {"detail": _("Too many failed sign-in attempts. Try again in a few minutes."), "code": "locked_out"}
        return JsonResponse(body, status=429)
    # A signed-in person is here from a form that asked for their password again (the profile's changes).
    context = {"cooloff_timedelta": settings.AXES_COOLOFF_TIME, "signed_in": request.user.is_authenticated}
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)


class RevokeOnPasswordChange:
    """Not a rule about passwords: Django calls `password_changed` of every AUTH_PASSWORD_VALIDATORS entry
    once a new password is saved (reset, change, admin), the one hook all those paths share. Every API token
    and every recorded session of the account ends (accounts.services.account_sign_out_everywhere); the
    session that changed the password keeps going under a new key (update_session_auth_hash)."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            account_sign_out_everywhere(user=user)

    def get_help_text(self):
        return _("A new password signs you out on every other device and ends your app's access.")
