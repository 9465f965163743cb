import datetime

import pytest
from django.core.exceptions import ValidationError

from participants import validators as v

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("value", ["0123456789", "7912345678", "0000000000"])
def test_si_number_accepts_ten_digits(value):
    v.validate_social_insurance_number(value)


@pytest.mark.parametrize(
    "value", ["", "012345678", "01234567890", "01234a6789", " 0123456789", "0123456789\n", "０１２３４５６７８９"]
)
def test_si_number_rejects_other_shapes(value):
    with pytest.raises(ValidationError) as err:
        v.validate_social_insurance_number(value)
    assert err.value.code == "invalid_si_number"


@pytest.mark.parametrize("value", ["001090123456", "079185000001", "096299999999", "089300000000"])
def test_national_id_accepts_valid_province_prefix(value):
    v.validate_national_id(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("00109012345", "invalid_national_id"),
        ("0010901234567", "invalid_national_id"),
        ("00109012345x", "invalid_national_id"),
        ("003090123456", "invalid_national_id_province"),  # 03 was never a province code
        ("097090123456", "invalid_national_id_province"),
        ("101090123456", "invalid_national_id_province"),
    ],
)
def test_national_id_rejects(value, code):
    with pytest.raises(ValidationError) as err:
        v.validate_national_id(value)
    assert err.value.code == code


@pytest.mark.parametrize(
    ("value", "birth", "sex"),
    [
        ("001090123456", datetime.date(1990, 1, 1), "male"),
        ("001190123456", datetime.date(1990, 1, 1), "female"),
        ("001205123456", datetime.date(2005, 6, 1), "male"),
        ("001305123456", datetime.date(2005, 6, 1), "female"),
    ],
)
def test_national_id_century_and_sex_digit_matches(value, birth, sex):
    v.validate_national_id_matches_person(value, birth, sex)


@pytest.mark.parametrize(
    ("value", "birth", "sex"),
    [
        ("001090123456", datetime.date(1990, 1, 1), "female"),  # sex digit says male
        ("001091123456", datetime.date(1990, 1, 1), "male"),  # year digits say 1991
        ("001090123456", datetime.date(2090, 1, 1), "male"),  # century digit says 1900s
    ],
)
def test_national_id_mismatch_is_reported(value, birth, sex):
    with pytest.raises(ValidationError) as err:
        v.validate_national_id_matches_person(value, birth, sex)
    assert err.value.code == "national_id_mismatch"


@pytest.mark.parametrize("value", ["", "0912345678", "0398765432"])
def test_phone_accepts(value):
    v.validate_phone(value)


@pytest.mark.parametrize("value", ["912345678", "+84912345678", "09123456789", "09-1234567"])
def test_phone_rejects(value):
    with pytest.raises(ValidationError):
        v.validate_phone(value)


@pytest.mark.parametrize("value", ["0101234567", "0101234567-001"])
def test_tax_code_accepts(value):
    v.validate_tax_code(value)


@pytest.mark.parametrize("value", ["", "010123456", "0101234567-01", "A101234567"])
def test_tax_code_rejects(value):
    with pytest.raises(ValidationError):
        v.validate_tax_code(value)


@pytest.mark.parametrize("value", ["0123456789DNA03", "1234567HCB01"])
def test_unit_code_accepts(value):
    v.validate_unit_code(value)


@pytest.mark.parametrize("value", ["", "0123456789dna03", "012345678DNA03", "0123456789DN03", "0123456789D1A03"])
def test_unit_code_rejects(value):
    with pytest.raises(ValidationError):
        v.validate_unit_code(value)


@pytest.mark.parametrize("value", ["0123456789", "DN4010123456789", "HS4790120878811"])
def test_card_number_accepts(value):
    v.validate_card_number(value)


@pytest.mark.parametrize(
    "value", ["", "012345678", "DN6010123456789", "DN4030123456789", "dn4010123456789", "DN401012345678"]
)
def test_card_number_rejects(value):
    with pytest.raises(ValidationError) as err:
        v.validate_card_number(value)
    assert err.value.code == "invalid_card_number"


@pytest.mark.parametrize("value", ["01001", "79999"])
def test_facility_code_accepts(value):
    v.validate_facility_code(value)


@pytest.mark.parametrize("value", ["", "1001", "010011", "0100a"])
def test_facility_code_rejects(value):
    with pytest.raises(ValidationError):
        v.validate_facility_code(value)


def test_birth_date_bounds():
    v.validate_birth_date(datetime.date(1900, 1, 1))
    v.validate_birth_date(datetime.date.today() - datetime.timedelta(days=1))
    for bad in (datetime.date(1899, 12, 31), datetime.date.today() + datetime.timedelta(days=2)):
        with pytest.raises(ValidationError) as err:
            v.validate_birth_date(bad)
        assert err.value.code == "invalid_birth_date"


def test_month_start():
    v.validate_month_start(datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError):
        v.validate_month_start(datetime.date(2026, 2, 2))


def test_messages_are_translated_to_vietnamese():
    from django.utils import translation

    with translation.override("vi"):
        with pytest.raises(ValidationError) as err:
            v.validate_social_insurance_number("123")
        assert err.value.messages == ["Mã số BHXH gồm đúng 10 chữ số."]
    with translation.override("en"):
        assert err.value.messages == ["A social insurance number has exactly 10 digits."]
