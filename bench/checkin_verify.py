"""Check-in token verification cost: tokens verified per second on one core.

    .venv/bin/python bench/checkin_verify.py [--seconds 5]

Verifies one valid token against a JWKS of two keys (as right after a rotation) for the given time
in this one process, then a stream of distinct tokens, then refused (tampered) tokens. No database:
the card is a plain object with the fields a card has.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bhxh_portal.settings")


def _rate(label: str, seconds: float, verify_one) -> None:
    count, start = 0, time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for _ in range(100):
            verify_one(count)
            count += 1
    elapsed = time.perf_counter() - start
    print(
        f"{label:<42} {count / elapsed:>10,.0f} tokens/s  ({count:,} in {elapsed:.1f} s, {elapsed / count * 1e6:.0f} µs each)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time per measurement (default 5)")
    args = parser.parse_args()

    from checkin import tokens

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, whatever the machine has
    now = datetime.datetime(2026, 5, 4, 8, 30, tzinfo=datetime.UTC)
    key, old = (tokens.SigningKey.from_private_key(tokens.generate_private_key()) for _ in range(2))
    jwks = {"keys": [key.public_jwk, old.public_jwk]}
    keyset = tokens.PublicKeys.from_jwks(jwks)
    card = SimpleNamespace(
        card_number="0100000001",
        participant=SimpleNamespace(full_name="Nguyễn Thị Hạnh", birth_date=datetime.date(1990, 4, 12)),
        benefit_level=4,
        facility=SimpleNamespace(code="01009"),
        valid_from=datetime.date(2026, 1, 1),
        valid_to=datetime.date(2026, 12, 31),
    )
    token, _ = tokens.token_issue(card, now=now, keyring=key)
    many = [tokens.token_issue(card, now=now, keyring=key)[0] for _ in range(1000)]
    header, payload, signature = token.split(".")
    tampered = f"{header}.{payload[:-2]}{'A' if payload[-2] != 'A' else 'B'}{payload[-1]}.{signature}"
    assert tokens.token_verify(token, jwks=keyset, now=now, issuer="bhxh-portal").valid
    assert tokens.token_verify(tampered, jwks=keyset, now=now, issuer="bhxh-portal").reason == "bad_signature"

    print(f"token length: {len(token)} characters; Python {sys.version.split()[0]}, one core")
    _rate(
        "same token, prepared key set",
        args.seconds,
        lambda i: tokens.token_verify(token, jwks=keyset, now=now, issuer="bhxh-portal"),
    )
    _rate(
        "distinct tokens, prepared key set",
        args.seconds,
        lambda i: tokens.token_verify(many[i % 1000], jwks=keyset, now=now, issuer="bhxh-portal"),
    )
    _rate(
        "distinct tokens, raw JWKS dict each time",
        args.seconds,
        lambda i: tokens.token_verify(many[i % 1000], jwks=jwks, now=now, issuer="bhxh-portal"),
    )
    _rate(
        "tampered tokens (refused: bad_signature)",
        args.seconds,
        lambda i: tokens.token_verify(tampered, jwks=keyset, now=now, issuer="bhxh-portal"),
    )
    _rate("issuing (signing) tokens", args.seconds, lambda i: tokens.token_issue(card, now=now, keyring=key))


if __name__ == "__main__":
    main()
