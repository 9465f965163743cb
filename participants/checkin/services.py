"""Issuing a citizen's check-in token and drawing it as a QR code."""

import datetime
import re

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils import timezone

from participants.models import HealthInsuranceCard, Participant

from . import keys, tokens


def checkin_token_issue(*, participant: Participant) -> tuple[str, datetime.datetime] | None:
    """A fresh signed token for the participant's current card, or None without a current card.

    Writes only when the signing key is used for the first time (its public half is published).
    """
    card = (
        HealthInsuranceCard.objects.select_related("participant", "facility")
        .filter(participant=participant, replaced_at__isnull=True)
        .first()
    )
    if card is None:
        return None
    now = timezone.now()
    return tokens.token_issue(
        card,
        now=now,
        keyring=keys.signing_key_current(now=now),
        issuer=settings.CHECKIN_ISSUER,
        lifetime=keys.token_lifetime(),
    )


def qr_svg(token: str) -> str:
    """The token as an inline SVG QR code (error correction M), sized by CSS rather than in mm."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(token)
    svg = qr.make_image(image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")
    return re.sub(r' width="[^"]*" height="[^"]*"', "", svg, count=1)
