"""Format checks for Vietnamese identifiers (domain rules section 9).

Each validator raises a translated ValidationError with a stable code; models, forms, the admin
and the API all use these, so a malformed number is refused the same way everywhere.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Province codes of the 63 provinces before the 2025 merger: ID-number prefixes and the
# province digits of existing HI cards keep them (domain rules 9.2 and 9.3).
LEGACY_PROVINCE_CODES = frozenset(
    """01 02 04 06 08 10 11 12 14 15 17 19 20 22 24 25 26 27 30 31 33 34 35 36 37 38 40 42 44 45
    46 48 49 51 52 54 56 58 60 62 64 66 67 68 70 72 74 75 77 79 80 82 83 84 86 87 89 91 92 93 94
    95 96""".split()
)

SI_NUMBER_RE = re.compile(r"\d{10}", re.ASCII)
NATIONAL_ID_RE = re.compile(r"\d{12}", re.ASCII)
_PHONE = re.compile(r"0\d{9}", re.ASCII)
_TAX_CODE = re.compile(r"\d{10}(-\d{3})?", re.ASCII)
_UNIT_CODE = re.compile(r"(\d{10}|\d{7})[A-Z]{2}[A-Z0-9]{3}", re.ASCII)
_FACILITY_CODE = re.compile(r"\d{5}", re.ASCII)
_OLD_CARD = re.compile(r"[A-Z]{2}[1-5]\d{2}\d{10}", re.ASCII)

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


def validate_social_insurance_number(value: str) -> None:
    """Mã số BHXH: exactly 10 digits, no published check digit (QĐ 595/QĐ-BHXH)."""
    if not SI_NUMBER_RE.fullmatch(value or ""):
        raise ValidationError(_("A social insurance number has exactly 10 digits."), code="invalid_si_number")


def validate_national_id(value: str) -> None:
    """Personal ID number: 12 digits; the first three name a pre-2025 province (Luật Căn cước Art. 12)."""
    if not NATIONAL_ID_RE.fullmatch(value or ""):
        raise ValidationError(_("A personal ID number has exactly 12 digits."), code="invalid_national_id")
    if value[0] != "0" or value[1:3] not in LEGACY_PROVINCE_CODES:
        raise ValidationError(
            _("The first three digits of a personal ID number must be a province code (001 to 096)."),
            code="invalid_national_id_province",
        )


def national_id_century_sex_digit(birth_date: datetime.date, sex: str) -> str:
    """0/1 for men/women born 1900-1999, 2/3 for 2000-2099, ... ("" before 1900: no such digit)."""
    century_index = (birth_date.year - 1900) // 100
    if not 0 <= century_index <= 4:
        return ""
    return str(century_index * 2 + (1 if sex == "female" else 0))


def validate_national_id_matches_person(value: str, birth_date: datetime.date, sex: str) -> None:
    """Digit 4 encodes century and sex, digits 5-6 the birth year (Decree 70/2024)."""
    if not NATIONAL_ID_RE.fullmatch(value or "") or birth_date is None or not sex:
        return
    if value[3] != national_id_century_sex_digit(birth_date, sex) or value[4:6] != f"{birth_date.year % 100:02d}":
        raise ValidationError(
            _("This personal ID number does not match the birth date and sex given."),
            code="national_id_mismatch",
        )


def validate_phone(value: str) -> None:
    if value and not _PHONE.fullmatch(value):
        raise ValidationError(
            _("Enter a Vietnamese phone number of 10 digits starting with 0, for example 0912345678."),
            code="invalid_phone",
        )


def validate_tax_code(value: str) -> None:
    if not _TAX_CODE.fullmatch(value or ""):
        raise ValidationError(
            _("A tax code has 10 digits, or 10 digits, a dash and 3 digits for a branch."),
            code="invalid_tax_code",
        )


def validate_unit_code(value: str) -> None:
    """Unit code: enterprise or budget code + HI group + business type (QĐ 595, QĐ 27/2018)."""
    if not _UNIT_CODE.fullmatch(value or ""):
        raise ValidationError(
            _(
                "A unit code is a 10- or 7-digit code followed by 2 letters and 3 letters or digits, for example 0123456789DNA03."
            ),
            code="invalid_unit_code",
        )


def validate_facility_code(value: str) -> None:
    if not _FACILITY_CODE.fullmatch(value or ""):
        raise ValidationError(_("A medical facility code has exactly 5 digits."), code="invalid_facility_code")


def validate_card_number(value: str) -> None:
    """HI card code: the 10-digit SI number (QĐ 1666/2020) or the old 15-character code (QĐ 1351/2015)."""
    value = value or ""
    if SI_NUMBER_RE.fullmatch(value):
        return
    if _OLD_CARD.fullmatch(value) and value[3:5] in LEGACY_PROVINCE_CODES:
        return
    raise ValidationError(
        _(
            "A health insurance card number is the 10-digit social insurance number or an old 15-character code such as DN4010123456789."
        ),
        code="invalid_card_number",
    )


def validate_birth_date(value: datetime.date) -> None:
    from django.utils import timezone

    if value is None:
        return
    if value < EARLIEST_BIRTH_DATE or value > timezone.localdate():
        raise ValidationError(_("Enter a birth date between 01/01/1900 and today."), code="invalid_birth_date")


def validate_month_start(value: datetime.date) -> None:
    if value is not None and value.day != 1:
        raise ValidationError(
            _("A contribution month is stored as the first day of that month."), code="not_month_start"
        )
