"""Test support for the employer portal: an HR user who passed the second sign-in step."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from employers.models import EmployerMembership
from participants.enums import EmployerRole, Role
from tests.factories import UserFactory


def hr_member(employer, *, role=EmployerRole.OWNER, username=None):
    user = UserFactory(role=Role.EMPLOYER, **({"username": username} if username else {}))
    EmployerMembership.objects.create(user=user, employer=employer, role=role)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def sign_in_verified(client, user) -> None:
    """As if the user typed the password and a valid code (django-otp's session key)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
