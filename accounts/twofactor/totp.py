"""RFC 6238 time-based codes with the standard library only, so scripts and tests need no extra package.

Run `python -m accounts.twofactor.totp <base32 secret>` to print the current 6-digit code (for the
demo account whose secret `manage.py demo_logins --json` prints). The server verifies codes with
django-otp; this is the client side, as an authenticator app computes it.
"""

import base64
import hashlib
import hmac
import struct
import sys
import time

STEP_SECONDS = 30
DIGITS = 6


def secret_bytes(secret_b32: str) -> bytes:
    """The key behind a base32 secret as apps accept it: any case, spaces allowed, padding optional."""
    cleaned = "".join(secret_b32.split()).upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def totp_code(secret_b32: str, *, at: float | None = None, step: int = STEP_SECONDS, digits: int = DIGITS) -> str:
    """The code an authenticator app shows at Unix time `at` (now by default): HMAC-SHA1, dynamic truncation."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.digest(secret_bytes(secret_b32), struct.pack(">Q", counter), hashlib.sha1)
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m accounts.twofactor.totp <base32 secret>")
    print(totp_code(sys.argv[1]))
