"""Pieces shared by every decision: reasons and the record of parameter versions used."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from benefits.rules.params import ParameterValue

__all__ = ["ParameterUse", "Reason", "format_vnd", "percent", "plain_decimal", "used"]

_NO_FIGURES: Mapping[str, object] = MappingProxyType({})


@dataclass(frozen=True)
class Reason:
    """One condition or computation step. ``code`` is stable (the UI translates by it); ``detail`` is English.

    ``figures`` holds the values behind the sentence, so the UI can write it in any language: ints for counts
    and whole VND (keys ending in ``_vnd`` are money), ``Decimal`` for percentages and fractional years,
    :class:`~benefits.rules.money.Month` for months, ``date`` for days, ``bool`` for switches, and ``str`` only
    for stable codes (a variant, a region). It is read-only and left out of the hash (a mapping is unhashable).
    """

    code: str
    met: bool
    detail: str
    law: str
    required: str | None = None
    actual: str | None = None
    figures: Mapping[str, object] = field(default=_NO_FIGURES, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "figures", MappingProxyType(dict(self.figures)))

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "met": self.met, "detail": self.detail, "law": self.law}


@dataclass(frozen=True)
class ParameterUse:
    """Which parameter row a decision used, so the answer can be reproduced; ``mark`` says how sure the row is
    (``M``: from memory, not yet confirmed against a source)."""

    name: str
    version: str
    source: str
    mark: str = "C"


def used(*values: ParameterValue) -> tuple[ParameterUse, ...]:
    seen: dict[str, ParameterUse] = {}
    for value in values:
        seen.setdefault(value.version, ParameterUse(value.name, value.version, value.source, value.mark))
    return tuple(seen.values())


def format_vnd(amount: int) -> str:
    """``5060000`` -> ``"5,060,000 VND"`` (the English detail text; the UI formats its own)."""
    return f"{amount:,} VND"


def plain_decimal(value: object) -> Decimal:
    """``Decimal`` without exponent or trailing zeros, for figures: ``43.50`` -> ``43.5``, ``75.00`` -> ``75``."""
    number = Decimal(str(value))
    integral = number.to_integral_value()
    return integral if number == integral else number.normalize()


def percent(rate: object) -> Decimal:
    """A rate as a percentage figure: ``0.75`` -> ``Decimal("75")``."""
    return plain_decimal(Decimal(str(rate)) * 100)
