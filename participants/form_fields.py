"""Form fields that read what people type the way they type it in Vietnam (issue 17, items 2 and 4).

Shared by every form that asks for these values: the sign-in and recovery forms (ID numbers typed in groups,
"001 092 999 903"), and the calculators (money "8.500.000" or "8 500 000", months "01/2010", dates
"31/12/2026"). Each field cleans to the plain value the services and rules take (a digit string, an int of
VND, a "YYYY-MM" month string, a date) and gives a Vietnamese error that says what to type.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Spaces (including the no-break space phones insert), dots, commas and dashes people put between digit groups.
_SEPARATORS = re.compile(r"[\s\u00a0\u202f.,\-_]")


def digits_typed(value: str) -> str:
    """The value without the separators people type between groups of digits."""
    return _SEPARATORS.sub("", value or "")


class NationalIdField(forms.CharField):
    """A 12-digit personal ID number; "001 092 999 903" and "001.092.999.903" are accepted."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)  # room for the spaces between groups
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value and digits_typed(value).isdigit():
            return digits_typed(value)
        return value


class VndField(forms.IntegerField):
    """Whole VND: "8500000", "8.500.000", "8 500 000" or "8,500,000" (a trailing "đ", "₫" or "VND" is fine)."""

    default_error_messages = {"invalid": _("Enter an amount in đồng, such as 8.500.000.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"(?i)\s*(vnd|vnđ|đồng|đ|₫)\s*$", "", value.strip())
            if value and digits_typed(value).isdigit():
                value = digits_typed(value)
        return super().to_python(value)


class MonthField(forms.CharField):
    """A month as "MM/YYYY" ("01/2010", "1/2010") or "YYYY-MM"; cleans to "YYYY-MM"."""

    default_error_messages = {"invalid": _("Enter a month as month/year, such as 01/2010.")}
    _FORMS = (re.compile(r"^(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})$"), re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$"))

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "MM/YYYY", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        for pattern in self._FORMS:
            match = pattern.match(value.strip())
            if match and 1 <= int(match["m"]) <= 12 and int(match["y"]) >= 1900:
                return f"{int(match['y']):04d}-{int(match['m']):02d}"
        raise ValidationError(self.error_messages["invalid"], code="invalid")

    def prepare_value(self, value):
        """Show "2010-01" (from the cleaned data or an old link) as people write it: "01/2010"."""
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
            return f"{value[5:]}/{value[:4]}"
        return value


class DayMonthYearField(forms.DateField):
    """A date typed day first: "31/12/2026", "31-12-2026", "31.12.2026", or "2026-12-31" (a phone's date picker).

    One text box with inputmode numeric works on every phone and reads the way Vietnamese dates are written."""

    input_formats = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Enter a date as day/month/year, such as 31/12/2026.")}

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y", attrs={"inputmode": "numeric", "placeholder": "DD/MM/YYYY", "autocomplete": "off"}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"\s+", "", value)
        return super().to_python(value)


def month_first_day(value: str) -> datetime.date:
    """A cleaned MonthField value as the first day of its month."""
    year, month = value.split("-")
    return datetime.date(int(year), int(month), 1)
