"""Pieces shared by every decision: reasons and the record of parameter versions used."""

from __future__ import annotations

from dataclasses import dataclass

from benefits.rules.params import ParameterValue

__all__ = ["ParameterUse", "Reason", "format_vnd", "used"]


@dataclass(frozen=True)
class Reason:
    """One condition or computation step. ``code`` is stable (the UI translates by it); ``detail`` is English."""

    code: str
    met: bool
    detail: str
    law: str
    required: str | None = None
    actual: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "met": self.met, "detail": self.detail, "law": self.law}


@dataclass(frozen=True)
class ParameterUse:
    """Which parameter row a decision used, so the answer can be reproduced."""

    name: str
    version: str
    source: str


def used(*values: ParameterValue) -> tuple[ParameterUse, ...]:
    seen: dict[str, ParameterUse] = {}
    for value in values:
        seen.setdefault(value.version, ParameterUse(value.name, value.version, value.source))
    return tuple(seen.values())


def format_vnd(amount: int) -> str:
    """``5060000`` -> ``"5,060,000 VND"`` (the English detail text; the UI formats its own)."""
    return f"{amount:,} VND"
