"""What each check-in outcome means, in words for reception staff, and the HTTP status it gets.

Codes are stable (tokens.Reason and services.DeskReason); the words are translated when shown.
"""

from http import HTTPStatus

from django.utils.translation import gettext_lazy as _

from .services import DeskReason
from .tokens import Reason

REASON_TEXT = {
    Reason.OK: _("Valid: the card covers this visit."),
    Reason.MALFORMED: _("This is not a readable check-in code. Scan it again or ask for the ID number."),
    Reason.ALGORITHM_NOT_ALLOWED: _("This code is not signed the way portal codes are: it may be forged."),
    Reason.WRONG_TYPE: _("This is not a check-in code."),
    Reason.UNKNOWN_KEY: _("This code was signed with a key the portal does not publish: it may be forged."),
    Reason.BAD_SIGNATURE: _("The signature does not match: the code has been altered or forged."),
    Reason.MISSING_CLAIMS: _("The code lacks the card details a check-in code carries."),
    Reason.INVALID_CLAIMS: _("The card details in the code are not valid."),
    Reason.WRONG_ISSUER: _("This code was not issued by this portal."),
    Reason.NOT_YET_VALID: _("This code is dated in the future: check the clock of this device and of the phone."),
    Reason.EXPIRED: _("This code has expired. Ask the patient to open the check-in page for a fresh code."),
    DeskReason.ALREADY_USED: _("This code has already been used for a check-in. Ask the patient for a fresh code."),
    DeskReason.CARD_REPLACED: _("This code belongs to a card that has since been replaced. Ask for a fresh code."),
    DeskReason.CARD_EXPIRED: _("The health insurance card has expired: this visit is not covered."),
    DeskReason.CARD_NOT_YET_VALID: _("The health insurance card is not valid yet: this visit is not covered."),
    DeskReason.INVALID_NATIONAL_ID: _("A personal ID number has exactly 12 digits."),
    DeskReason.NOT_FOUND: _("No current health insurance card was found for this ID number."),
}

STATUS = {
    DeskReason.ALREADY_USED: HTTPStatus.CONFLICT,
    DeskReason.NOT_FOUND: HTTPStatus.NOT_FOUND,
}


def reason_text(reason: str) -> str:
    return REASON_TEXT.get(reason, REASON_TEXT[Reason.MALFORMED])


def refusal_status(reason: str) -> int:
    """409 for a replay, 404 when nobody matches, 400 for everything else that is refused."""
    return STATUS.get(reason, HTTPStatus.BAD_REQUEST)
