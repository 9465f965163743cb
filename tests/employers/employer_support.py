"""Test support for the employer portal: an HR user who passed the second sign-in step."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from employers.models import EmployerMembership
from participants.enums import EmployerRole, Role
from tests.factories import UserFactory
from tests.twofactor_support import sign_in_verified

__all__ = ["hr_member", "sign_in_verified"]


def hr_member(employer, *, role=EmployerRole.OWNER, username=None):
    user = UserFactory(role=Role.EMPLOYER, **({"username": username} if username else {}))
    EmployerMembership.objects.create(user=user, employer=employer, role=role)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user
