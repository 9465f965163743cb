"""The check-in token: a compact JWS (RFC 7515) signed with Ed25519 ("EdDSA", RFC 8037).

Pure functions: the caller passes the clock (`now`), the signing key and the JWKS, so the same code
runs in the portal, in `manage.py verify_checkin_token` and in the benchmark.

A valid token proves only that the portal signed these claims and that the token is within its own
lifetime. It does NOT prove that the card is valid today (compare `card_valid_from`/`card_valid_to`
with the visit date) nor that the token is used for the first time (the check-in service records each
`jti` once, in the database). Those checks belong to the server-side check-in service.

The verifier is deliberately stricter than a generic JWT library: only the one algorithm, only keys
from the JWKS looked up by `kid`, only canonical base64url, only the header parameters we write. The
portal is the only issuer, so nothing legitimate is refused by that strictness; and every string that
is not byte-for-byte what we signed is refused, so a token has exactly one spelling.
"""

import base64
import binascii
import dataclasses
import datetime
import enum
import json
import re
import secrets
from collections.abc import Mapping
from typing import Any

import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "EdDSA"
DEFAULT_ISSUER = "bhxh-portal"
DEFAULT_LIFETIME = datetime.timedelta(minutes=10)
JWS_TYP = "bhxh-checkin+jwt"
HEADER_PARAMETERS = frozenset({"alg", "kid", "typ"})
REQUIRED_CLAIMS = (
    "iss",
    "iat",
    "exp",
    "jti",
    "card_number",
    "name",
    "birthdate",
    "benefit_level",
    "facility_code",
    "card_valid_from",
    "card_valid_to",
)
# Clocks of phones and clinic PCs drift; half a minute either way is tolerated.
DEFAULT_LEEWAY_SECONDS = 30
# Our tokens are about 600 characters; anything much longer is not one of ours and is not parsed.
MAX_TOKEN_LENGTH = 4096
# The signature may be empty so that an `alg: none` token is refused as such, not as garbage.
_COMPACT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Seconds since 1970 that datetime can represent everywhere (up to year 9999).
_MAX_NUMERIC_DATE = 253_402_300_799


class Reason(enum.StrEnum):
    """Stable codes: logged, tested and translated only when displayed."""

    OK = "ok"
    MALFORMED = "malformed"
    ALGORITHM_NOT_ALLOWED = "algorithm_not_allowed"
    WRONG_TYPE = "wrong_type"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"
    MISSING_CLAIMS = "missing_claims"
    INVALID_CLAIMS = "invalid_claims"
    WRONG_ISSUER = "wrong_issuer"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"


@dataclasses.dataclass(frozen=True, slots=True)
class SigningKey:
    """A private key with its `kid` (the RFC 7638 thumbprint of its public JWK)."""

    kid: str
    private_key: Ed25519PrivateKey = dataclasses.field(repr=False)

    @classmethod
    def from_private_key(cls, private_key: Ed25519PrivateKey) -> "SigningKey":
        return cls(kid=jwk_thumbprint(public_jwk(private_key.public_key())), private_key=private_key)

    @classmethod
    def from_pem(cls, pem: bytes) -> "SigningKey":
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("The check-in signing key must be an Ed25519 private key.")
        return cls.from_private_key(key)

    @property
    def public_jwk(self) -> dict[str, str]:
        return public_jwk(self.private_key.public_key(), kid=self.kid)


@dataclasses.dataclass(frozen=True, slots=True)
class CheckinClaims:
    issuer: str
    card_number: str
    name: str
    birth_date: datetime.date
    benefit_level: int
    facility_code: str
    card_valid_from: datetime.date
    card_valid_to: datetime.date
    issued_at: datetime.datetime
    expires_at: datetime.datetime
    token_id: str


@dataclasses.dataclass(frozen=True, slots=True)
class Verification:
    valid: bool
    reason: Reason
    claims: CheckinClaims | None = None
    kid: str | None = None


class PublicKeys:
    """The usable keys of a JWKS by `kid`; entries that are not Ed25519 signing keys are ignored."""

    __slots__ = ("_by_kid",)

    def __init__(self, by_kid: Mapping[str, jwt.PyJWK]):
        self._by_kid = dict(by_kid)

    @classmethod
    def from_jwks(cls, jwks: Any) -> "PublicKeys":
        by_kid: dict[str, jwt.PyJWK] = {}
        entries = jwks.get("keys") if isinstance(jwks, Mapping) else None
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, Mapping) or not isinstance(entry.get("kid"), str):
                continue
            if entry.get("kty") != "OKP" or entry.get("crv") != "Ed25519":
                continue
            if entry.get("alg", ALGORITHM) != ALGORITHM or entry.get("use", "sig") != "sig":
                continue
            x = _b64decode_canonical(entry.get("x"))
            if x is None or len(x) != 32:
                continue
            by_kid.setdefault(entry["kid"], jwt.PyJWK.from_dict(dict(entry), algorithm=ALGORITHM))
        return cls(by_kid)

    def get(self, kid: str) -> jwt.PyJWK | None:
        return self._by_kid.get(kid)

    def __contains__(self, kid: object) -> bool:
        return kid in self._by_kid

    def __len__(self) -> int:
        return len(self._by_kid)


def generate_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_pem(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_jwk(public_key: Ed25519PublicKey, *, kid: str | None = None) -> dict[str, str]:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": _b64encode(raw)}
    if kid is not None:
        jwk |= {"kid": kid, "use": "sig", "alg": ALGORITHM}
    return jwk


def jwk_thumbprint(jwk: Mapping[str, str]) -> str:
    """RFC 7638: SHA-256 over the required members in lexicographic order, base64url."""
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x")}, separators=(",", ":"), sort_keys=True)
    digest = hashes.Hash(hashes.SHA256())
    digest.update(canonical.encode("ascii"))
    return _b64encode(digest.finalize())


def card_claims(card) -> dict[str, Any]:
    """What the printed card shows, nothing more: no contributions, no health data, no ID numbers."""
    return {
        "card_number": card.card_number,
        "name": card.participant.full_name,
        "birthdate": card.participant.birth_date.isoformat(),
        "benefit_level": int(card.benefit_level),
        "facility_code": card.facility.code,
        "card_valid_from": card.valid_from.isoformat(),
        "card_valid_to": card.valid_to.isoformat(),
    }


def token_issue(
    card,
    *,
    now: datetime.datetime,
    keyring: SigningKey,
    issuer: str = DEFAULT_ISSUER,
    lifetime: datetime.timedelta = DEFAULT_LIFETIME,
) -> tuple[str, datetime.datetime]:
    """Sign a check-in token for `card` (a HealthInsuranceCard with participant and facility loaded)."""
    issued = int(now.timestamp())
    expires = issued + int(lifetime.total_seconds())
    claims = {
        "iss": issuer,
        "iat": issued,
        "exp": expires,
        "jti": secrets.token_urlsafe(16),
        **card_claims(card),
    }
    # Our own JSON (not PyJWT's) so that Vietnamese names are UTF-8, not \u escapes: a shorter QR code.
    payload = json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    token = jwt.PyJWS().encode(
        payload, keyring.private_key, algorithm=ALGORITHM, headers={"kid": keyring.kid, "typ": JWS_TYP}
    )
    return token, datetime.datetime.fromtimestamp(expires, tz=datetime.UTC)


def token_id(token: str) -> str:
    """The `jti` of a token this portal has just signed, read without verifying it (never use it on input)."""
    payload = _b64decode_canonical(token.split(".")[1])
    return json.loads(payload)["jti"]


def token_verify(
    token: object,
    *,
    jwks: Mapping[str, Any] | PublicKeys,
    now: datetime.datetime,
    issuer: str,
    leeway_seconds: int = DEFAULT_LEEWAY_SECONDS,
) -> Verification:
    """Check a token against the published keys only. Never raises: every refusal is a reason code."""
    keys = jwks if isinstance(jwks, PublicKeys) else PublicKeys.from_jwks(jwks)
    try:
        return _verify(token, keys, now.timestamp(), issuer, leeway_seconds)
    except (ValueError, TypeError, KeyError, OverflowError, RecursionError, jwt.PyJWTError):
        # The checks below are written not to get here; this is the floor under "never raises".
        return Verification(False, Reason.MALFORMED)


def _verify(token: object, keys: PublicKeys, now: float, issuer: str, leeway: int) -> Verification:
    if isinstance(token, bytes | bytearray):
        try:
            token = bytes(token).decode("ascii")
        except UnicodeDecodeError:
            return Verification(False, Reason.MALFORMED)
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or not _COMPACT.fullmatch(token):
        return Verification(False, Reason.MALFORMED)
    header_b64, payload_b64, signature_b64 = token.split(".")
    header_bytes = _b64decode_canonical(header_b64)
    payload_bytes = _b64decode_canonical(payload_b64)
    signature = _b64decode_canonical(signature_b64)
    if header_bytes is None or payload_bytes is None or signature is None:
        return Verification(False, Reason.MALFORMED)
    header = _json_object(header_bytes)
    if header is None:
        return Verification(False, Reason.MALFORMED)
    if header.get("alg") != ALGORITHM:
        return Verification(False, Reason.ALGORITHM_NOT_ALLOWED)
    if not header.keys() <= HEADER_PARAMETERS:
        # `crit`, `jku`, `jwk`, `x5u`, `b64`…: we write none of them and honour none of them.
        return Verification(False, Reason.MALFORMED)
    if header.get("typ") != JWS_TYP:
        return Verification(False, Reason.WRONG_TYPE)
    kid = header.get("kid")
    key = keys.get(kid) if isinstance(kid, str) else None
    if key is None:
        return Verification(False, Reason.UNKNOWN_KEY)
    try:
        jwt.PyJWS(algorithms=[ALGORITHM]).decode_complete(token, key=key, algorithms=[ALGORITHM])
    except jwt.InvalidSignatureError:
        return Verification(False, Reason.BAD_SIGNATURE, kid=kid)
    except jwt.PyJWTError:
        return Verification(False, Reason.MALFORMED, kid=kid)
    payload = _json_object(payload_bytes)
    if payload is None:
        return Verification(False, Reason.MALFORMED, kid=kid)
    if any(name not in payload for name in REQUIRED_CLAIMS):
        return Verification(False, Reason.MISSING_CLAIMS, kid=kid)
    claims = _typed_claims(payload)
    if claims is None:
        return Verification(False, Reason.INVALID_CLAIMS, kid=kid)
    if claims.issuer != issuer:
        return Verification(False, Reason.WRONG_ISSUER, kid=kid)
    if payload["iat"] > now + leeway:
        return Verification(False, Reason.NOT_YET_VALID, kid=kid)
    if payload["exp"] <= now - leeway:
        return Verification(False, Reason.EXPIRED, kid=kid)
    return Verification(True, Reason.OK, claims=claims, kid=kid)


def _typed_claims(payload: dict[str, Any]) -> CheckinClaims | None:
    iat, exp, level = payload["iat"], payload["exp"], payload["benefit_level"]
    if not all(_is_int(value) for value in (iat, exp, level)):
        return None
    if not (0 <= iat < exp <= _MAX_NUMERIC_DATE) or not 1 <= level <= 5:
        return None
    texts = [payload[name] for name in ("iss", "jti", "card_number", "name", "facility_code")]
    if not all(isinstance(text, str) and 0 < len(text) <= 200 for text in texts):
        return None
    birth, valid_from, valid_to = (_date(payload[n]) for n in ("birthdate", "card_valid_from", "card_valid_to"))
    if birth is None or valid_from is None or valid_to is None or valid_to < valid_from:
        return None
    return CheckinClaims(
        issuer=payload["iss"],
        card_number=payload["card_number"],
        name=payload["name"],
        birth_date=birth,
        benefit_level=level,
        facility_code=payload["facility_code"],
        card_valid_from=valid_from,
        card_valid_to=valid_to,
        issued_at=datetime.datetime.fromtimestamp(iat, tz=datetime.UTC),
        expires_at=datetime.datetime.fromtimestamp(exp, tz=datetime.UTC),
        token_id=payload["jti"],
    )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _date(value: object) -> datetime.date | None:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode_canonical(text: object) -> bytes | None:
    """base64url without padding, and only the one spelling that re-encodes to the same text."""
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9_-]*", text) or len(text) % 4 == 1:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    return raw if _b64encode(raw) == text else None


def _json_object(raw: bytes) -> dict[str, Any] | None:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate member")
        return dict(pairs)

    try:
        value = json.loads(raw.decode("utf-8"), object_pairs_hook=no_duplicates, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")
