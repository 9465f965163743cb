"""Where the check-in signing keys live, and which public keys are published.

The private key is never stored in the database. Production reads it from CHECKIN_PRIVATE_KEY (a
PKCS#8 PEM); the embedded default generates one the first time it is needed and keeps it under
var/ (mode 0600). Its `kid` is the RFC 7638 thumbprint of the public key, so the key file (or the
environment) and the database agree on which key is which without storing anything else.

A public key is published while it is current and, once retired, until every token it can have
signed has expired: retired_at + token lifetime + clock leeway.
"""

import datetime
import functools
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checkin.models import CheckinSigningKey

from . import tokens

KEY_FILE_NAME = "checkin_signing_key.pem"


class KeyRotationError(Exception):
    pass


def token_lifetime() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.CHECKIN_TOKEN_MINUTES)


def publication_grace() -> datetime.timedelta:
    """How long a retired key stays published: the longest a token it signed can still be accepted."""
    return token_lifetime() + datetime.timedelta(seconds=tokens.DEFAULT_LEEWAY_SECONDS)


def key_file_path() -> Path:
    return Path(settings.VAR_DIR) / KEY_FILE_NAME


def configured_signing_key(*, generate: bool = True) -> tokens.SigningKey | None:
    """The private key this process signs with (the environment's, else the one under var/)."""
    if settings.CHECKIN_PRIVATE_KEY:
        # A PEM in one environment variable often arrives with its newlines written as "\n".
        return _parse_pem(settings.CHECKIN_PRIVATE_KEY.replace("\\n", "\n").encode("ascii"))
    if settings.PRODUCTION:
        raise ImproperlyConfigured("CHECKIN_PRIVATE_KEY must be set when DJANGO_ENV=production.")
    path = key_file_path()
    if not path.exists():
        if not generate:
            return None
        _write_key_file(path, tokens.private_key_pem(tokens.generate_private_key()), replace=False)
    return _parse_pem(path.read_bytes())


@functools.lru_cache(maxsize=8)
def _parse_pem(pem: bytes) -> tokens.SigningKey:
    return tokens.SigningKey.from_pem(pem)


def _write_key_file(path: Path, pem: bytes, *, replace: bool) -> None:
    """Write a 0600 file atomically: readers see the old key or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".checkin-key-")  # mkstemp makes it 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            try:
                # link() fails if another process created the key first; then theirs is the key.
                os.link(temporary, path)
            except FileExistsError:
                pass
    finally:
        Path(temporary).unlink(missing_ok=True)


def signing_key_current(*, now: datetime.datetime | None = None) -> tokens.SigningKey:
    """The key that signs new tokens, made sure to be published.

    Writes: the first time a private key is used, a CheckinSigningKey row for its public half, and
    every other current row retired. If this process still signs with a key that was retired (a
    rolling deploy, or a rotation it has not seen yet), that key's publication is extended so that
    the token about to be signed stays verifiable until it expires.
    """
    now = now or timezone.now()
    key = configured_signing_key()
    _register(key, now=now)
    return key


def signing_key_rotate(*, now: datetime.datetime | None = None) -> tuple[tokens.SigningKey, list[CheckinSigningKey]]:
    """Make a new key current; the old ones stay published until their tokens have expired.

    On the embedded default a new private key replaces the file under var/. With CHECKIN_PRIVATE_KEY
    the operator has already put a new key there; this publishes it and retires the others, and
    raises KeyRotationError if that key is already the current one. Returns the new key and the
    rows it retired.
    """
    now = now or timezone.now()
    if settings.CHECKIN_PRIVATE_KEY:
        key = configured_signing_key()
        if CheckinSigningKey.objects.filter(kid=key.kid, retired_at__isnull=True).exists():
            raise KeyRotationError(
                _("The key in CHECKIN_PRIVATE_KEY is already the current key: put a new key there first.")
            )
    elif settings.PRODUCTION:
        raise ImproperlyConfigured("CHECKIN_PRIVATE_KEY must be set when DJANGO_ENV=production.")
    else:
        pem = tokens.private_key_pem(tokens.generate_private_key())
        _write_key_file(key_file_path(), pem, replace=True)
        key = _parse_pem(pem)
    return key, _register(key, now=now)


@transaction.atomic
def _register(key: tokens.SigningKey, *, now: datetime.datetime) -> list[CheckinSigningKey]:
    row, created = CheckinSigningKey.objects.get_or_create(
        kid=key.kid, defaults={"public_jwk": key.public_jwk, "created_at": now}
    )
    if created:
        retiring = list(
            CheckinSigningKey.objects.select_for_update().filter(retired_at__isnull=True).exclude(pk=row.pk)
        )
        for old in retiring:
            old.retired_at, old.publish_until = now, now + publication_grace()
        CheckinSigningKey.objects.bulk_update(retiring, ["retired_at", "publish_until"])
        return retiring
    if row.retired_at is not None and row.publish_until < now + publication_grace():
        row.publish_until = now + publication_grace()
        row.save(update_fields=["publish_until"])
    return []


def signing_key_list_published(*, now: datetime.datetime) -> list[CheckinSigningKey]:
    return list(CheckinSigningKey.objects.filter(Q(retired_at__isnull=True) | Q(publish_until__gt=now)))


def jwks_published(*, now: datetime.datetime) -> dict[str, list[dict[str, str]]]:
    """The JWKS: every published key, plus this process's own key if it exists but is not yet
    registered (so a freshly deployed key is public before its first token is)."""
    keys = [row.public_jwk for row in signing_key_list_published(now=now)]
    try:
        own = configured_signing_key(generate=False)
    except (ImproperlyConfigured, ValueError):
        own = None
    if own is not None and all(jwk.get("kid") != own.kid for jwk in keys):
        keys.insert(0, own.public_jwk)
    return {"keys": keys}
