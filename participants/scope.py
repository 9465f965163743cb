"""Provincial officers (issue 13 item 3, docs/provincial-officers.md): which provinces a staff account is limited
to, and the filter that keeps a queryset to them.

A record belongs to the provinces named by its lookups (the person's province for a person's records, the
facility's for a clinic's, the employer's for an employer's); a record that names several (a family link, a
check-in at a facility) is shown only when every one of them is covered, so that an officer never sees a person
of another province. What crosses provinces is the national office's.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .models import OfficerProvince

# Lookups of data that is the same for every province (policy parameters, targets, signing keys).
NATIONAL: tuple[str, ...] = ()

_CACHE = "_officer_province_codes"


def officer_province_codes(user) -> list[str] | None:
    """The codes of the provinces `user` is limited to, or None for the whole country (a superuser, or a staff
    account limited to none). 1 query the first time, then kept on the user object of the request."""
    if user.is_superuser or not user.is_authenticated:
        return None
    if not hasattr(user, _CACHE):
        codes = sorted(OfficerProvince.objects.filter(user=user).values_list("province__code", flat=True))
        setattr(user, _CACHE, codes or None)
    return getattr(user, _CACHE)


def province_filter(codes: list[str], lookups: Iterable[str], nullable: Iterable[str] = ()) -> Q:
    """Every lookup (a path to a Province; "" for the province itself) within `codes`; a nullable one may also be
    empty."""
    q = Q()
    for lookup in lookups:
        q &= Q(**{_code_in(lookup): codes})
    for lookup in nullable:
        q &= Q(**{f"{lookup}__isnull": True}) | Q(**{_code_in(lookup): codes})
    return q


def _code_in(lookup: str) -> str:
    return f"{lookup}__code__in" if lookup else "code__in"


def limit_to_provinces(queryset: QuerySet, codes: list[str] | None, lookups, nullable=()) -> QuerySet:
    """`queryset` as an officer limited to `codes` may see it (unchanged for None: the whole country)."""
    if codes is None:
        return queryset
    return queryset.filter(province_filter(codes, lookups, nullable))
