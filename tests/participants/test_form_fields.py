"""The fields that read Vietnamese typing habits (participants.form_fields; issue 17, items 2 and 4)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from participants.form_fields import DayMonthYearField, MonthField, NationalIdField, VndField, month_first_day


@pytest.mark.parametrize(
    "typed", ["8500000", "8.500.000", "8 500 000", "8,500,000", "8 500 000 đ", "8.500.000₫", " 8500000 VND"]
)
def test_money_as_people_type_it(typed):
    assert VndField().clean(typed) == 8_500_000


@pytest.mark.parametrize("typed", ["8,5 triệu", "abc", "8.500.000.5x"])
def test_money_that_is_not_a_number_says_what_to_type(typed):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        VndField().clean(typed)
    assert error.value.messages == ["Hãy nhập số tiền bằng đồng, ví dụ 8.500.000."]


@pytest.mark.parametrize(
    ("typed", "month"),
    [
        ("01/2010", "2010-01"),
        ("1/2010", "2010-01"),
        ("12-2025", "2025-12"),
        ("2010-01", "2010-01"),
        ("01 / 2010", "2010-01"),
    ],
)
def test_months_as_people_type_them(typed, month):
    assert MonthField().clean(typed) == month
    assert month_first_day(month) == datetime.date(int(month[:4]), int(month[5:]), 1)


@pytest.mark.parametrize("typed", ["13/2010", "2010", "01/10", "0/2010"])
def test_a_month_that_is_not_one_says_what_to_type(typed):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        MonthField().clean(typed)
    assert error.value.messages == ["Hãy nhập tháng theo dạng tháng/năm, ví dụ 01/2010."]


def test_a_month_is_shown_the_way_people_write_it():
    assert MonthField().prepare_value("2010-01") == "01/2010"
    assert MonthField().prepare_value("01/2010") == "01/2010"


@pytest.mark.parametrize("typed", ["31/12/2026", "31-12-2026", "31.12.2026", "2026-12-31", "31 / 12 / 2026"])
def test_dates_day_first(typed):
    assert DayMonthYearField().clean(typed) == datetime.date(2026, 12, 31)


def test_an_impossible_date_says_what_to_type():
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        DayMonthYearField().clean("31/02/2026")
    assert error.value.messages == ["Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2026."]


@pytest.mark.parametrize("typed", ["001092999903", "001 092 999 903", "001.092.999.903", " 001-092-999-903 "])
def test_id_numbers_typed_in_groups(typed):
    assert NationalIdField().clean(typed) == "001092999903"


def test_a_username_is_left_as_typed():
    assert NationalIdField().clean("hr.demo") == "hr.demo"
