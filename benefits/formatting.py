"""Figures as a person reads them, in the active language (ux.md "Words").

Money ``12.500.000 ₫`` (vi) / ``12,500,000 VND`` (en); dates ``31/12/2026`` / ``31 Dec 2026``; months
``12/2026`` in both. Separators and date patterns come from the format modules in ``bhxh_portal/formats``.
Plain functions, so that views, reason texts and template filters share one implementation.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import formats, translation

from benefits.rules.money import Month

__all__ = ["format_date", "format_money", "format_month", "format_number"]


def _vietnamese() -> bool:
    return (translation.get_language() or settings.LANGUAGE_CODE).lower().startswith("vi")


def format_money(amount: int | Decimal) -> str:
    """Whole VND with grouping: ``12.500.000 ₫`` in Vietnamese, ``12,500,000 VND`` otherwise (no-break space)."""
    number = formats.number_format(amount, use_l10n=True, force_grouping=True)
    # The currency sign is not a translation: it follows the language's convention, whatever the .po says. A
    # no-break space keeps it with its number: "₫" never wraps alone onto the next line of a phone.
    return f"{number}\u00a0₫" if _vietnamese() else f"{number}\u00a0VND"


def format_date(day: date) -> str:
    """``01/06/2028`` in Vietnamese, ``1 Jun 2028`` in English (SHORT_DATE_FORMAT of the format modules)."""
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def format_month(month: Month | date) -> str:
    """``MM/YYYY`` in every language."""
    return f"{month.month:02d}/{month.year:04d}"


def format_number(value: int | Decimal) -> str:
    """A count, percentage or number of years with the language's decimal separator (``43,5`` in Vietnamese).

    No thousands grouping, so a year stays ``2028`` whatever ``USE_THOUSAND_SEPARATOR`` says; money goes
    through :func:`format_money`.
    """
    if isinstance(value, int):
        return str(value)
    return formats.number_format(value, use_l10n=True, force_grouping=False)
