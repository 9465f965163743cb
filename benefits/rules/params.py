"""Effective-dated policy parameters (base salary, minimum wages, rates, roadmaps, coefficients).

Every figure the rules use is a row here, never a constant in code: the rows live in
``benefits/data/policy_parameters.json`` (each with its legal source) and a later Django data migration loads
the same file into admin-editable models. A rule receives a :class:`ParameterSet` and asks for the value in
force on the date the benefit arises (Law 41/2024/QH15 Art. 5(7)); the answer carries the row's version and
source so that every decision can say which figure it used.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

__all__ = [
    "DEFAULT_PARAMETERS_PATH",
    "ParameterError",
    "ParameterNotFoundError",
    "ParameterRow",
    "ParameterSet",
    "ParameterValue",
    "load_parameter_set",
    "parameter_set_from_dict",
    "reference_amount",
]

DEFAULT_PARAMETERS_PATH = Path(__file__).resolve().parents[1] / "data" / "policy_parameters.json"


class ParameterError(ValueError):
    """The parameter data is inconsistent (overlapping ranges, bad dates, missing fields)."""


class ParameterNotFoundError(LookupError):
    """No row of the parameter is in force on the requested date (the API should answer 422, not 500)."""


def _freeze(value: Any) -> Any:
    """Make JSON data immutable so a frozen row cannot be changed through its value."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


@dataclass(frozen=True)
class ParameterRow:
    """One value of one parameter over one date range (``effective_to`` inclusive; ``None`` = open)."""

    name: str
    effective_from: date
    value: Any
    source: str
    effective_to: date | None = None
    key: str | None = None
    mark: str = "C"
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", _freeze(self.value))

    @property
    def version(self) -> str:
        """Stable id of the row, e.g. ``regional_minimum_wage[I]@2026-01-01``."""
        key = f"[{self.key}]" if self.key else ""
        return f"{self.name}{key}@{self.effective_from.isoformat()}"

    def covers(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class ParameterValue:
    """A parameter's value as found for a date, with the row it came from."""

    name: str
    value: Any
    version: str
    source: str
    effective_from: date
    effective_to: date | None
    mark: str

    @classmethod
    def of(cls, row: ParameterRow) -> ParameterValue:
        return cls(row.name, row.value, row.version, row.source, row.effective_from, row.effective_to, row.mark)


def validate_rows(rows: Iterable[ParameterRow]) -> list[str]:
    """Problems in ``rows``: inverted ranges and overlaps between rows of the same parameter and key."""
    problems: list[str] = []
    groups: dict[tuple[str, str | None], list[ParameterRow]] = defaultdict(list)
    for row in rows:
        if row.effective_to is not None and row.effective_to < row.effective_from:
            problems.append(f"{row.version}: effective_to {row.effective_to} is before effective_from")
        if not row.source.strip():
            problems.append(f"{row.version}: no legal source")
        groups[(row.name, row.key)].append(row)
    for group in groups.values():
        ordered = sorted(group, key=lambda r: r.effective_from)
        for earlier, later in itertools.pairwise(ordered):
            if earlier.effective_to is None or earlier.effective_to >= later.effective_from:
                problems.append(f"{earlier.version} overlaps {later.version}")
    return problems


@dataclass(frozen=True)
class ParameterSet:
    """All parameter rows; validated on construction (overlaps are rejected)."""

    rows: tuple[ParameterRow, ...]
    _index: Mapping[tuple[str, str | None], tuple[ParameterRow, ...]] = field(init=False, repr=False, compare=False)
    # Values derived from the rows alone (the value in force on a day, a month's ceiling): the set never changes,
    # so each is computed once. A set is shared by the requests of a process (benefits.selectors).
    _memo: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        problems = validate_rows(self.rows)
        if problems:
            raise ParameterError("; ".join(problems))
        index: dict[tuple[str, str | None], list[ParameterRow]] = defaultdict(list)
        for row in self.rows:
            index[(row.name, row.key)].append(row)
        frozen = {k: tuple(sorted(v, key=lambda r: r.effective_from)) for k, v in index.items()}
        object.__setattr__(self, "_index", MappingProxyType(frozen))
        object.__setattr__(self, "_memo", {})

    def memo(self, key: tuple, compute):
        """``compute()``, once per ``key``: for values that depend only on this set and the key."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def _group(self, name: str, key: str | None) -> tuple[ParameterRow, ...]:
        group = self._index.get((name, key))
        if not group:
            suffix = f" [{key}]" if key else ""
            raise ParameterNotFoundError(f"unknown parameter {name}{suffix}")
        return group

    def find(self, name: str, on: date, key: str | None = None) -> ParameterValue | None:
        """The value in force on ``on``, or ``None`` when no row covers that date (or the name is unknown)."""
        return self.memo(("find", name, on, key), lambda: self._find(name, on, key))

    def _find(self, name: str, on: date, key: str | None) -> ParameterValue | None:
        for row in self._index.get((name, key), ()):
            if row.covers(on):
                return ParameterValue.of(row)
        return None

    def value_on(self, name: str, on: date, key: str | None = None) -> ParameterValue:
        """The value in force on ``on`` with its version and source; raises when no row covers the date."""
        self._group(name, key)
        found = self.find(name, on, key)
        if found is None:
            suffix = f" [{key}]" if key else ""
            raise ParameterNotFoundError(f"no value of {name}{suffix} in force on {on.isoformat()}")
        return found

    def history(self, name: str, key: str | None = None) -> tuple[ParameterValue, ...]:
        """Every value of a parameter, oldest first (empty when the name is unknown)."""
        return tuple(ParameterValue.of(row) for row in self._index.get((name, key), ()))

    def value_nearest(self, name: str, on: date, key: str | None = None) -> tuple[ParameterValue, bool]:
        """The value in force on ``on``, else the latest earlier one, else the earliest; and whether it was exact.

        Used for tables published late (revaluation coefficients): an estimate for a year with no table yet
        uses the latest table and says the figure is provisional.
        """
        group = self._group(name, key)
        for row in group:
            if row.covers(on):
                return ParameterValue.of(row), True
        earlier = [row for row in group if row.effective_from <= on]
        chosen = earlier[-1] if earlier else group[0]
        return ParameterValue.of(chosen), False


def _parse_date(text: str | None, where: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"{where}: bad date {text!r}") from exc


def parameter_set_from_dict(data: Mapping[str, Any]) -> ParameterSet:
    """Build a :class:`ParameterSet` from the JSON structure (``{"parameters": [row, ...]}``)."""
    rows = []
    for number, raw in enumerate(data.get("parameters", ())):
        where = f"row {number} ({raw.get('name', '?')})"
        missing = [f for f in ("name", "effective_from", "value", "source") if f not in raw]
        if missing:
            raise ParameterError(f"{where}: missing {', '.join(missing)}")
        effective_from = _parse_date(raw["effective_from"], where)
        assert effective_from is not None
        rows.append(
            ParameterRow(
                name=raw["name"],
                effective_from=effective_from,
                effective_to=_parse_date(raw.get("effective_to"), where),
                value=raw["value"],
                source=raw["source"],
                key=raw.get("key"),
                mark=raw.get("mark", "C"),
                note=raw.get("note", ""),
            )
        )
    return ParameterSet(tuple(rows))


def load_parameter_set(path: str | Path = DEFAULT_PARAMETERS_PATH) -> ParameterSet:
    """Read the policy-parameter JSON file; decimals are read as ``Decimal``, never ``float``."""
    with Path(path).open(encoding="utf-8") as handle:
        data = json.load(handle, parse_float=Decimal)
    return parameter_set_from_dict(data)


def reference_amount(params: ParameterSet, on: date) -> ParameterValue:
    """The reference level (mức tham chiếu) on ``on``; before it existed (Law 58/2014), the base salary.

    Law 41/2024/QH15 Art. 141(13): until the base salary is abolished the reference level equals it.
    """
    found = params.find("reference_level", on)
    return found if found is not None else params.value_on("base_salary", on)
