"""Signing in staff, clinic and employer accounts in tests: they all pass the second step (a TOTP code)."""

import base64
import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.twofactor.totp import totp_code


def totp_device(user) -> TOTPDevice:
    """The user's confirmed authenticator app, enrolled now (with a random key) when they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def next_code(device: TOTPDevice) -> str:
    """The app's code for the next time step the server has not accepted yet (it refuses a replayed step)."""
    device.refresh_from_db()
    step = max(device.last_t + 1, int(time.time()) // 30 + device.drift)
    secret = base64.b32encode(device.bin_key).decode()
    return totp_code(secret, at=step * 30)


def sign_in_verified(client, user) -> None:
    """As if the user typed the password and a valid code (django-otp's session key)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()


def bearer_client(user):
    """An API client with a bearer token, as POST /api/v1/auth/token/ hands one to a clinic, staff or employer
    account that sent a valid code (a session without the code is refused by the second-step permission)."""
    from rest_framework.test import APIClient

    from accounts.services import auth_token_create

    _instance, token = auth_token_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client
