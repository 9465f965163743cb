"""The dashboard's numbers in the page's language: people grouped (`1.234.567` in Vietnamese), rates with one
decimal (`87,4 %`), changes with their sign."""

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def people(value):
    if value is None or value == "":
        return "–"
    return formats.number_format(int(value), use_l10n=True, force_grouping=True)


@register.filter
def percent(value):
    if value is None or value == "":
        return "–"
    return formats.number_format(Decimal(value), decimal_pos=1, use_l10n=True) + "\u00a0%"


@register.filter
def signed_people(value):
    if value is None or value == "":
        return "–"
    return ("+" if value > 0 else "") + people(value)


@register.filter
def signed_points(value):
    if value is None or value == "":
        return "–"
    return ("+" if value > 0 else "") + formats.number_format(Decimal(value), decimal_pos=1, use_l10n=True)
