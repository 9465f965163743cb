"""`manage.py verify_checkin_token TOKEN --jwks FILE_OR_URL`: check a token with the JWKS alone.

Uses no database: what any clinic could run offline with a saved copy of /.well-known/jwks.json.
"""

import dataclasses
import datetime
import json
import sys
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from checkin import tokens


class Command(BaseCommand):
    help = "Verify a check-in token against a JWKS (a file, '-' for standard input, or an http(s) URL)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("token", help="the token, or '-' to read it from standard input")
        parser.add_argument("--jwks", required=True, help="JWKS file, or http(s) URL of /.well-known/jwks.json")
        parser.add_argument("--issuer", default=None, help="expected issuer (default: CHECKIN_ISSUER)")
        parser.add_argument("--now", default=None, help="check as of this ISO 8601 time instead of the clock")

    def handle(self, *args, token: str, jwks: str, issuer: str | None, now: str | None, **options):
        if token == "-":  # noqa: S105 (standard input, not a secret)
            token = sys.stdin.read().strip()
        try:
            as_of = datetime.datetime.fromisoformat(now) if now else datetime.datetime.now(tz=datetime.UTC)
        except ValueError as exc:
            raise CommandError(f"--now is not an ISO 8601 time: {now}") from exc
        if as_of.tzinfo is None:
            raise CommandError("--now needs a time zone, e.g. 2026-05-01T08:00:00+07:00")
        result = tokens.token_verify(token, jwks=_load_jwks(jwks), now=as_of, issuer=issuer or settings.CHECKIN_ISSUER)
        self.stdout.write("valid" if result.valid else "invalid")
        self.stdout.write(f"reason: {result.reason}")
        if result.kid:
            self.stdout.write(f"kid: {result.kid}")
        if result.claims:
            claims = {
                name: value.isoformat() if isinstance(value, datetime.date) else value
                for name, value in dataclasses.asdict(result.claims).items()
            }
            self.stdout.write(json.dumps(claims, ensure_ascii=False, indent=2))
        if not result.valid:
            raise CommandError(f"invalid token: {result.reason}", returncode=1)


def _load_jwks(source: str) -> dict:
    try:
        if source.startswith(("https://", "http://")):
            with urllib.request.urlopen(source, timeout=10) as response:  # noqa: S310 (scheme checked above)
                text = response.read().decode("utf-8")
        elif source == "-":
            text = sys.stdin.read()
        else:
            text = Path(source).read_text(encoding="utf-8")
        jwks = json.loads(text)
    except (OSError, ValueError) as exc:
        raise CommandError(f"cannot read the JWKS from {source}: {exc}") from exc
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
        raise CommandError(f'{source} is not a JWKS: expected {{"keys": [...]}}')
    return jwks
