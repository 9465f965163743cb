"""The demo sign-ins: accounts of the personas, employer HR and clinic staff links, the TOTP apps of the HR, clinic
and admin accounts."""

from __future__ import annotations

import base64

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from checkin.models import ClinicStaff
from employers.models import EmployerMembership
from participants.enums import EmployerRole, Role

from .personas import DEMO_ACCOUNTS, DEMO_EMPLOYERS, DEMO_FACILITY
from .plans import PersonPlan
from .writing import SeedResult


def _ensure_accounts(personas: list[PersonPlan], result: SeedResult) -> dict[str, int]:
    """The demo Users, created once and never changed afterwards. Returns username → id."""
    existing = dict(User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).values_list("username", "id"))
    names = {p.username: p.full_name for p in personas}
    hashes: dict[str, str] = {}  # one hash per distinct password: hashing is deliberately slow
    for account in DEMO_ACCOUNTS:
        if account.username in existing:
            continue
        family, _, given = (names.get(account.username) or "").partition(" ")
        user = User(
            username=account.username,
            role=account.role,
            first_name=given,
            last_name=family,
            is_staff=account.role == Role.ADMIN,
            is_superuser=account.role == Role.ADMIN,
        )
        password_validation.validate_password(account.password, user)
        if account.password not in hashes:
            hashes[account.password] = make_password(account.password)
        user.password = hashes[account.password]
        user.save()
        existing[account.username] = user.pk
        result.add("users", 1)
    return existing


def _ensure_staff_links(
    user_ids: dict[str, int], employer_ids: dict[str, int], facility_ids: dict[str, int], result: SeedResult
) -> None:
    hr, clinic = user_ids["hr.demo"], user_ids["clinic.demo"]
    textile = employer_ids[DEMO_EMPLOYERS[0].unit_code]
    if not EmployerMembership.objects.filter(user_id=hr, employer_id=textile).exists():
        EmployerMembership.objects.create(user_id=hr, employer_id=textile, role=EmployerRole.OWNER)
        result.add("employer_memberships", 1)
    if not ClinicStaff.objects.filter(user_id=clinic).exists():
        ClinicStaff.objects.create(user_id=clinic, facility_id=facility_ids[DEMO_FACILITY.code])
        result.add("clinic_staff", 1)


def _totp_key_hex(secret_b32: str) -> str:
    return base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8)).hex()


def _ensure_totp_devices(user_ids: dict[str, int], result: SeedResult) -> None:
    """A confirmed authenticator-app device with the published demo secret, for accounts that have one.

    Skipped when the account already has any confirmed device: someone may have enrolled their own app.
    """
    for account in DEMO_ACCOUNTS:
        if not account.totp_secret:
            continue
        user_id = user_ids[account.username]
        if TOTPDevice.objects.filter(user_id=user_id, confirmed=True).exists():
            continue
        TOTPDevice.objects.create(
            user_id=user_id, name="Demo authenticator app", key=_totp_key_hex(account.totp_secret), confirmed=True
        )
        result.add("totp_devices", 1)


def _demo_totp_secrets(users: dict[str, User]) -> dict[str, str]:
    """username → demo secret, for demo accounts whose confirmed device still has that secret."""
    wanted = {a.username: a.totp_secret for a in DEMO_ACCOUNTS if a.totp_secret and a.username in users}
    keys = TOTPDevice.objects.filter(user__username__in=wanted, confirmed=True).values_list("user__username", "key")
    return {name: wanted[name] for name, key in keys if key == _totp_key_hex(wanted[name])}


# The day the demo centre set for the laid-off worker's monthly job-search notice is this many days after the
# seeding day, so the first job-search reminder (3 days ahead) is in the inbox whatever day the demo is seeded.
