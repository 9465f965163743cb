"""Issuing a citizen's check-in token and drawing it as a QR code."""

import base64
import dataclasses
import datetime
import enum
import hashlib
import io
import json

import qrcode
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from qrcode.image.pure import PyPNGImage

from checkin.metrics import CHECKINS
from checkin.models import CheckIn, ClinicStaff, MisuseCase
from participants.models import HealthInsuranceCard, MedicalFacility, Participant, PersonalDataAccess
from participants.validators import NATIONAL_ID_RE

from . import keys, misuse, tokens
from .signals import checkin_recorded


def checkin_token_issue(*, participant: Participant) -> tuple[str, datetime.datetime] | None:
    """A fresh signed token for the participant's current card, or None without a current card.

    Writes only when the signing key is used for the first time (its public half is published).
    """
    card = _current_card(participant)
    return None if card is None else _token_issue(card)


def _current_card(participant: Participant) -> HealthInsuranceCard | None:
    return (
        HealthInsuranceCard.objects.select_related("participant", "facility")
        .filter(participant=participant, replaced_at__isnull=True)
        .first()
    )


def _token_issue(card: HealthInsuranceCard) -> tuple[str, datetime.datetime]:
    now = timezone.now()
    return tokens.token_issue(
        card,
        now=now,
        keyring=keys.signing_key_current(now=now),
        issuer=settings.CHECKIN_ISSUER,
        lifetime=keys.token_lifetime(),
    )


@dataclasses.dataclass(frozen=True, slots=True)
class CheckinCode:
    """What the citizen's check-in page shows: the signed token, until when it is valid, and its QR."""

    token: str
    token_id: str
    expires_at: datetime.datetime
    qr_data_uri: str  # the QR as a PNG, one pixel per module, for an <img> scaled crisply by CSS


# A code shown again must leave the citizen time to walk to the counter; below this a new one is signed.
CODE_REUSE_MIN_REMAINING = datetime.timedelta(minutes=2)


def checkin_code_current(
    *, participant: Participant, renew: bool = False, card: HealthInsuranceCard | None = None
) -> CheckinCode | None:
    """The check-in code to show the citizen now, or None without a current card.

    Signing and drawing a code costs far more than the rest of the page, so the code issued earlier is
    shown again (from the cache) while it has more than CODE_REUSE_MIN_REMAINING left, has not been used
    at a desk, and the card's printed facts are unchanged (they are part of the cache key). `renew`
    always signs a new one; `card`, the participant's current card when the caller has read it already.
    Writes: the cache, and the signing key's publication on its first use.
    """
    card = card or _current_card(participant)
    if card is None:
        return None
    cache_key = (
        "checkin-code:"
        + hashlib.sha256(json.dumps(tokens.card_claims(card), sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    )
    now = timezone.now()
    cached = None if renew else cache.get(cache_key)
    if (
        cached is not None
        and cached.expires_at - now > CODE_REUSE_MIN_REMAINING
        and not CheckIn.objects.filter(token_id=cached.token_id).exists()
    ):
        return cached
    token, expires_at = _token_issue(card)
    code = CheckinCode(
        token=token, token_id=tokens.token_id(token), expires_at=expires_at, qr_data_uri=qr_png_data_uri(token)
    )
    cache.set(cache_key, code, timeout=int((expires_at - now).total_seconds()))
    return code


def qr_png_data_uri(token: str) -> str:
    """The token as a QR code (error correction M, a 4-module quiet zone) in a PNG data: URI.

    One pixel per module keeps it under 2 KB for our longest tokens, where an SVG with a shape per
    module weighed about 70 KB; CSS scales it up without smoothing (image-rendering: pixelated).
    """
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=1)
    qr.add_data(token)
    png = io.BytesIO()
    qr.make_image(image_factory=PyPNGImage).save(png)
    return "data:image/png;base64," + base64.b64encode(png.getvalue()).decode("ascii")


# --- The clinic desk: check a token or an ID number, then record the visit. ---


class DeskReason(enum.StrEnum):
    """Why the desk refuses a check-in, beyond the token's own reasons (tokens.Reason)."""

    ALREADY_USED = "already_used"
    CARD_REPLACED = "card_replaced"
    CARD_EXPIRED = "card_expired"
    CARD_NOT_YET_VALID = "card_not_yet_valid"
    INVALID_NATIONAL_ID = "invalid_national_id"
    NOT_FOUND = "not_found"


@dataclasses.dataclass(frozen=True, slots=True)
class DeskPatient:
    """What reception sees: the printed card's facts plus the five-year date, nothing medical."""

    name: str
    birth_date: datetime.date
    card_number: str
    benefit_level: int
    benefit_percent: int
    facility_code: str
    facility_name: str
    registered_here: bool
    card_valid_from: datetime.date
    card_valid_to: datetime.date
    five_year_date: datetime.date | None


@dataclasses.dataclass(frozen=True, slots=True)
class DeskResult:
    valid: bool
    reason: str
    method: str
    patient: DeskPatient | None = None
    checkin: CheckIn | None = None


class CheckinRefused(Exception):
    def __init__(self, result: DeskResult):
        super().__init__(result.reason)
        self.result = result


def clinic_staff_exists(user) -> bool:
    """Whether the account works at a clinic desk (it then signs in with the second step)."""
    return ClinicStaff.objects.filter(user_id=user.pk).exists()


def clinic_facility_for_user(user) -> MedicalFacility | None:
    """The facility whose reception desk this user staffs, or None for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return None
    staff = ClinicStaff.objects.select_related("facility").filter(user=user).first()
    return staff.facility if staff else None


def checkin_lookup(*, staff, facility: MedicalFacility, token: str | None = None, national_id: str | None = None):
    """Check a token or an ID number for the desk without recording a visit.

    Writes a PersonalDataAccess row when an ID number is typed (found or not): the person can see
    which clinic looked them up, and admins can audit it; the look-up may open or add to a desk misuse case
    (checkin/misuse.py). A token lookup writes nothing.
    """
    now = timezone.now()
    result, _card, _jti = _desk_check(facility=facility, token=token, national_id=national_id, now=now)
    if national_id is not None:
        with transaction.atomic():
            access = _log_id_lookup(staff=staff, facility=facility, national_id=national_id, now=now)
            misuse.misuse_desk_lookups_raise(access=access)
    return result


def checkin_record(*, staff, facility: MedicalFacility, token: str | None = None, national_id: str | None = None):
    """Record a visit at `facility` by `staff`; returns the DeskResult with its CheckIn.

    Raises CheckinRefused (nothing recorded) when the token or card does not pass, or when the
    token's `jti` was used before: the unique constraint decides, so two desks scanning the same QR
    at the same moment record one visit. An ID-number check-in is logged as a data access. The visit and
    the look-up may open or add to misuse cases, in the same transaction (checkin/misuse.py).
    """
    now = timezone.now()
    checkin = None
    with transaction.atomic():
        result, card, jti = _desk_check(facility=facility, token=token, national_id=national_id, now=now)
        access = None
        if national_id is not None:
            # Logged even when the visit is refused: looking someone up is itself worth recording.
            access = _log_id_lookup(staff=staff, facility=facility, national_id=national_id, now=now)
        if result.valid:
            checkin = CheckIn(
                participant_id=card.participant_id,
                card=card,
                facility=facility,
                staff=staff,
                method=result.method,
                token_id=jti,
                checked_in_at=now,
            )
            try:
                with transaction.atomic():
                    checkin.save(force_insert=True)
            except IntegrityError:
                # Another desk recorded the same token between our check and our insert.
                checkin = None
                result = dataclasses.replace(result, valid=False, reason=DeskReason.ALREADY_USED)
            else:
                _notify_participant(checkin, facility)
                misuse.misuse_checkin_signals_raise(checkin=checkin)
        if access is not None:
            # After the visit (if any) is saved: a look-up followed by its check-in is no misuse signal.
            misuse.misuse_desk_lookups_raise(access=access)
    CHECKINS.labels(result.method, "recorded" if checkin is not None else result.reason).inc()
    if checkin is None:
        raise CheckinRefused(result)
    return dataclasses.replace(result, checkin=checkin)


def _notify_participant(checkin: CheckIn, facility: MedicalFacility) -> None:
    """The visit goes into the person's inbox in the same transaction: no visit without its notice.

    The inbox belongs to the reminders app, above this one; it receives `checkin_recorded` (checkin/signals.py)
    synchronously, here, inside the transaction of the visit.
    """
    checkin_recorded.send(sender=CheckIn, checkin=checkin, facility=facility)


def _log_id_lookup(*, staff, facility, national_id: str, now) -> PersonalDataAccess:
    """Logged against the person the number belongs to, card or no card; the number itself is not kept.

    At `now`, the time of the visit it may lead to, so the misuse rule sees that visit as following it."""
    number = national_id.strip()
    participant_id = (
        Participant.objects.filter(national_id=number).values_list("id", flat=True).first()
        if NATIONAL_ID_RE.fullmatch(number)
        else None
    )
    return PersonalDataAccess.objects.create(
        participant_id=participant_id,
        user=staff,
        facility=facility,
        purpose=PersonalDataAccess.Purpose.CLINIC_ID_LOOKUP,
        accessed_at=now,
    )


def _current_cards():
    return HealthInsuranceCard.objects.select_related("participant", "facility").filter(replaced_at__isnull=True)


def _desk_check(*, facility, token, national_id, now) -> tuple[DeskResult, HealthInsuranceCard | None, str | None]:
    """The checks shared by lookup and record: (result, the card found or None, the token's jti)."""
    if token is not None:
        method = CheckIn.Method.QR
        verification = tokens.token_verify(
            token.strip(),
            jwks=keys.jwks_published(now=now),
            now=now,
            issuer=settings.CHECKIN_ISSUER,
        )
        if not verification.valid:
            return DeskResult(False, verification.reason, method), None, None
        claims = verification.claims
        jti = claims.token_id
        card = _current_cards().filter(card_number=claims.card_number).first()
        if card is None or card.participant.birth_date != claims.birth_date:
            return DeskResult(False, DeskReason.CARD_REPLACED, method), None, None
    else:
        method = CheckIn.Method.NATIONAL_ID
        jti = None
        national_id = (national_id or "").strip()
        if not NATIONAL_ID_RE.fullmatch(national_id):
            return DeskResult(False, DeskReason.INVALID_NATIONAL_ID, method), None, None
        card = _current_cards().filter(participant__national_id=national_id).first()
        if card is None:
            return DeskResult(False, DeskReason.NOT_FOUND, method), None, None
    patient = _patient(card, facility)
    today = timezone.localdate(now)
    if jti is not None and CheckIn.objects.filter(token_id=jti).exists():
        reason = DeskReason.ALREADY_USED
    elif today < card.valid_from:
        reason = DeskReason.CARD_NOT_YET_VALID
    elif today > card.valid_to:
        reason = DeskReason.CARD_EXPIRED
    else:
        reason = tokens.Reason.OK
    return DeskResult(reason == tokens.Reason.OK, reason, method, patient), card, jti


def _patient(card: HealthInsuranceCard, facility: MedicalFacility) -> DeskPatient:
    return DeskPatient(
        name=card.participant.full_name,
        birth_date=card.participant.birth_date,
        card_number=card.card_number,
        benefit_level=card.benefit_level,
        benefit_percent=card.benefit_percent,
        facility_code=card.facility.code,
        facility_name=card.facility.name,
        registered_here=card.facility_id == facility.pk,
        card_valid_from=card.valid_from,
        card_valid_to=card.valid_to,
        five_year_date=card.five_year_date,
    )


def checkin_flag(*, participant: Participant, checkin_id, note: str = "") -> CheckIn:
    """The person says a check-in was not them: mark it and open its case in the misuse queue (checkin/misuse.py).

    Only the person's own check-ins can be found (anything else is CheckIn.DoesNotExist, shown as 404).
    Flagging twice keeps the first time, the latest note and the one case.
    """
    with transaction.atomic():
        checkin = CheckIn.objects.select_for_update().get(participant=participant, public_id=checkin_id)
        now = timezone.now()
        checkin.flagged_at = checkin.flagged_at or now
        checkin.flag_note = note.strip()[:500]
        checkin.save(update_fields=["flagged_at", "flag_note"])
        misuse.misuse_report_raise(checkin=checkin, now=now)
    return checkin


def checkin_list_for_participant(*, participant: Participant, limit: int = 100) -> list[CheckIn]:
    """The person's visits, newest first, with the facility and the state of their report if any (1 query):
    `report_status` and `report_outcome` (None when the visit was not reported)."""
    report = MisuseCase.objects.filter(kind=MisuseCase.Kind.REPORTED, checkin=OuterRef("pk"))
    visits = CheckIn.objects.filter(participant=participant).select_related("facility")
    visits = visits.annotate(
        report_status=Subquery(report.values("status")[:1]), report_outcome=Subquery(report.values("outcome")[:1])
    )
    return list(visits[:limit])
