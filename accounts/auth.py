"""Sign-in by personal ID number, social-insurance number or username."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.tokens import PasswordResetTokenGenerator

from accounts.models import User
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
