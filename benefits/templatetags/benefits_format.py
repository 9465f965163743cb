"""Display filters: money as `1.234.567 ₫` / `1,234,567 VND`, months as `12/2026`, legal references."""

import datetime

from django import template

from benefits.citations import law_citation
from benefits.formatting import format_money
from benefits.reason_text import duration_text

register = template.Library()


@register.filter
def vnd(amount):
    if amount is None or amount == "":
        return ""
    return format_money(int(amount))


@register.filter
def month(value):
    """A Month of the rules, a date or a `YYYY-MM` string as MM/YYYY."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.date):
        return f"{value.month:02d}/{value.year}"
    if isinstance(value, str):
        year, mon = value.split("-")[:2]
        return f"{mon}/{year}"
    return f"{value.month:02d}/{value.year}"


@register.filter
def duration(months):
    """A number of months as people say it: "18 năm 4 tháng" / "18 years and 4 months"."""
    if months is None or months == "":
        return ""
    return duration_text(int(months))


@register.filter
def law(text):
    """A legal reference in the page's language ("Điều 39 Luật Việc làm 2025")."""
    return law_citation(text or "")
