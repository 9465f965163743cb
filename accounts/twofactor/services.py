"""Two-step sign-in for employer, clinic and staff accounts: who needs it, enrolling an authenticator app, checking codes.

The TOTP device and the recovery codes are django-otp's (otp_totp, otp_static). django-otp keeps static
tokens in clear, so a recovery code is stored here only as a keyed hash (see `_recovery_hash`) and a
code typed in is hashed the same way before django-otp looks it up; a used code is deleted by django-otp.
"""

import base64
import math
import re
import secrets
from collections.abc import Callable

import qrcode
import qrcode.image.svg
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from participants.enums import Role

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/i/l: a code copied from paper is read back without guessing.
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RECOVERY_GROUPS, RECOVERY_GROUP_LENGTH = 3, 4  # "abcd-efgh-jkmn": about 59 bits each
TOTP_CODE_RE = re.compile(r"\d{6}")
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


# Other reasons an account needs the second step, registered by the apps that know them (the employer portal
# registers "acts for an employer" in EmployersConfig.ready()); this app sits below them and imports none.
_second_factor_checks: list[Callable[[User], bool]] = []


def second_factor_check_register(check: Callable[[User], bool]) -> None:
    """Add a check (user -> needs the second step); registering the same function twice keeps one."""
    if check not in _second_factor_checks:
        _second_factor_checks.append(check)


SECOND_FACTOR_ROLES = frozenset({Role.EMPLOYER, Role.CLINIC, Role.ADMIN})


def user_requires_second_factor(user: User) -> bool:
    """Every account but a citizen's signs in with a second step: employer, clinic and admin roles, any staff
    account (the Django admin), and whoever a registered check names (acts for an employer, works at a clinic
    desk), whatever their role."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return False
    return user.role in SECOND_FACTOR_ROLES or user.is_staff or any(check(user) for check in _second_factor_checks)


def totp_device_get(*, user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, or None when they have not enrolled one yet."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME).count()


def totp_secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in: base32 without padding."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def secret_groups(secret: str) -> list[str]:
    """Groups of four characters, easier to type from the screen than one long run."""
    return [secret[i : i + 4] for i in range(0, len(secret), 4)]


def otpauth_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code, sized by CSS (as the check-in QR)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(device.config_url)
    svg = qr.make_image(image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")
    return re.sub(r' width="[^"]*" height="[^"]*"', "", svg, count=1)


@transaction.atomic
def totp_device_start(*, user: User, device_id: int | None = None) -> TOTPDevice:
    """The unconfirmed device being enrolled in this sign-in: `device_id` (kept in the session) when it is
    still pending, otherwise a new one with a fresh random key.

    A set-up belongs to one session: starting a new one deletes every other pending device of the account,
    so a secret shown to another sign-in (someone else holding the password) can never be confirmed later.
    Reused on reloads of the page in the same session so the QR code someone has just scanned stays valid.
    """
    pending = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False)
    if device_id is not None and (device := pending.filter(pk=device_id).first()) is not None:
        return device
    pending.delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def totp_device_confirm(*, user: User, device_id: int | None, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the device this session is enrolling (`device_id`) with a code from the app; returns it and
    10 new recovery codes.

    Writes: the device becomes confirmed, the user's other TOTP devices are deleted, and the recovery
    codes are replaced (stored hashed). The caller ends the account's other sessions and tokens
    (accounts.services.account_sign_out_everywhere). A wrong code is counted by django-otp's throttling and raises
    ValidationError with code "wrong_code" (or "throttled" while the back-off lasts), writing nothing else.
    """
    code = _normalise(code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False, pk=device_id).first()
        if device_id is None or device is None:
            raise ValidationError(_("Start again: open the set-up page to get a new QR code."), code="no_device")
        _raise_if_throttled(device)
        accepted = bool(TOTP_CODE_RE.fullmatch(code)) and device.verify_token(code)
    # Outside the transaction so that django-otp's failure count survives the error we raise.
    if not accepted:
        raise ValidationError(_("The code is not correct. Enter the 6 digits your app shows now."), code="wrong_code")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user=user)
    return device, codes


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """Replace the user's recovery codes with 10 new ones, returned in clear this one time only."""
    return _recovery_codes_replace(user=user)


def _recovery_codes_replace(*, user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [_recovery_code_new() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=_recovery_hash(user.pk, c)) for c in codes)
    return codes


def second_factor_verify(*, user: User, code: str) -> Device:
    """The device that accepts `code`: 6 digits go to the authenticator app, anything else is a recovery code.

    A recovery code is used up. Wrong codes raise ValidationError ("wrong_code", "throttled" or
    "not_enrolled") after django-otp has counted the failure against the device.
    """
    code = _normalise(code)
    with transaction.atomic():
        if TOTP_CODE_RE.fullmatch(code):
            device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("-id").first()
            token = code
        else:
            device = StaticDevice.objects.select_for_update().filter(user=user, name=RECOVERY_DEVICE_NAME).first()
            token = _recovery_hash(user.pk, code.replace("-", ""))
        if device is None and totp_device_get(user=user) is None:
            raise ValidationError(
                _("Two-step sign-in is not set up for this account yet. Sign in on the website to set it up."),
                code="not_enrolled",
            )
        if device is not None:
            _raise_if_throttled(device)
        accepted = device is not None and device.verify_token(token)
    if not accepted:
        raise ValidationError(
            _("The code is not correct. Enter the 6 digits your app shows now, or an unused recovery code."),
            code="wrong_code",
        )
    return device


def _normalise(code: str) -> str:
    return "".join((code or "").split()).lower()


def _raise_if_throttled(device: Device) -> None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return
    locked_until = (data or {}).get("locked_until") or timezone.now()
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    raise ValidationError(
        ngettext(
            "Too many wrong codes. Wait %(seconds)d second and try again.",
            "Too many wrong codes. Wait %(seconds)d seconds and try again.",
            seconds,
        )
        % {"seconds": seconds},
        code="throttled",
    )


def _recovery_code_new() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH))
    return "-".join(raw[i : i + RECOVERY_GROUP_LENGTH] for i in range(0, len(raw), RECOVERY_GROUP_LENGTH))


def _recovery_hash(user_id: int, code: str) -> str:
    """A keyed hash that fits django-otp's 16-character token column; the server secret keeps a copied
    table from being searched offline. Changing SECRET_KEY makes the codes stop working."""
    plain = code.replace("-", "").lower()
    return salted_hmac("accounts.twofactor.recovery_code", f"{user_id}:{plain}").hexdigest()[:16]
