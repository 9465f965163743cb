"""The demo sign-ins: accounts of the personas, employer HR and clinic staff links, the TOTP apps of the HR, clinic
and admin accounts."""

from __future__ import annotations

import base64

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from checkin.models import ClinicStaff
from employers.models import EmployerMembership
from participants.enums import EmployerRole, Role
from participants.models import OfficerProvince, Province

from ..admin_site import PROJECT_APPS
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
            is_superuser=account.role == Role.ADMIN and not account.provinces,
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


# What the demo's provincial officers may do (a group an administrator can reuse): read every record of the
# agency's apps in their provinces, review the misuse queue, confirm family links and review check-ins.
OFFICER_GROUP = "Cán bộ BHXH tỉnh (demo)"
OFFICER_CHANGES = ("change_misusecase", "change_familylink", "change_checkin")


def _ensure_officers(user_ids: dict[str, int], result: SeedResult) -> None:
    """The provincial officers' group with its permissions, their membership and their provinces (once)."""
    officers = [a for a in DEMO_ACCOUNTS if a.provinces]
    if not officers:
        return
    group, created = Group.objects.get_or_create(name=OFFICER_GROUP)
    if created:
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=PROJECT_APPS).filter(
                Q(codename__startswith="view_") | Q(codename__in=OFFICER_CHANGES)
            )
        )
        result.add("groups", 1)
    provinces = dict(Province.objects.values_list("code", "id"))
    for account in officers:
        user_id = user_ids[account.username]
        if OfficerProvince.objects.filter(user_id=user_id).exists():
            continue
        group.user_set.add(user_id)
        OfficerProvince.objects.bulk_create(
            [OfficerProvince(user_id=user_id, province_id=provinces[code]) for code in account.provinces]
        )
        result.add("officer_provinces", len(account.provinces))


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
