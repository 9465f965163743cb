"""Coverage rates, gaps to the targets and the change since a year earlier, as pure functions over counts.

Rates are percentages with one decimal, rounded half up (12.35 -> 12.4). The gap to a target is in people:
ceil(target x denominator) - covered, never below zero ("12,400 more people to reach 95 %").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")
SCHEMES = ("hi", "si", "ui")


@dataclass(frozen=True)
class Counts:
    """One area's month: who is covered, and the denominators used (population, labour force)."""

    hi_insured: int
    si_compulsory: int
    si_voluntary: int
    ui_contributors: int
    population: int
    labour_force: int

    @property
    def si_contributors(self) -> int:
        return self.si_compulsory + self.si_voluntary

    def covered(self, scheme: str) -> int:
        return {"hi": self.hi_insured, "si": self.si_contributors, "ui": self.ui_contributors}[scheme]

    def denominator(self, scheme: str) -> int:
        """Health insurance is measured against the population, social and unemployment insurance against
        the labour force."""
        return self.population if scheme == "hi" else self.labour_force

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.hi_insured + other.hi_insured,
            self.si_compulsory + other.si_compulsory,
            self.si_voluntary + other.si_voluntary,
            self.ui_contributors + other.ui_contributors,
            self.population + other.population,
            self.labour_force + other.labour_force,
        )


ZERO = Counts(0, 0, 0, 0, 0, 0)


def rate_percent(covered: int, denominator: int) -> Decimal | None:
    """`covered` as a percentage of `denominator`, one decimal; None when there is no denominator."""
    if denominator <= 0:
        return None
    return (Decimal(covered) * 100 / Decimal(denominator)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def gap_people(target_percent: Decimal, denominator: int, covered: int) -> int:
    """People still to cover to reach `target_percent` of `denominator`; 0 once reached."""
    needed = (target_percent * denominator / 100).to_integral_value(rounding=ROUND_CEILING)
    return max(0, int(needed) - covered)


@dataclass(frozen=True)
class SchemeFigure:
    covered: int
    denominator: int
    rate: Decimal | None
    target: Decimal | None
    gap: int | None
    covered_change: int | None  # since the same month a year earlier; None without that month's snapshot
    rate_change: Decimal | None  # in percentage points


def scheme_figure(scheme: str, counts: Counts, year_ago: Counts | None, target: Decimal | None) -> SchemeFigure:
    covered, denominator = counts.covered(scheme), counts.denominator(scheme)
    rate = rate_percent(covered, denominator)
    covered_change = rate_change = None
    if year_ago is not None:
        covered_change = covered - year_ago.covered(scheme)
        before = rate_percent(year_ago.covered(scheme), year_ago.denominator(scheme))
        if rate is not None and before is not None:
            rate_change = rate - before
    gap = gap_people(target, denominator, covered) if target is not None and denominator > 0 else None
    return SchemeFigure(covered, denominator, rate, target, gap, covered_change, rate_change)


def scheme_figures(
    counts: Counts, year_ago: Counts | None, targets: dict[str, Decimal | None]
) -> dict[str, SchemeFigure]:
    """The figure of each scheme (hi, si, ui) of one area and month."""
    return {scheme: scheme_figure(scheme, counts, year_ago, targets.get(scheme)) for scheme in SCHEMES}
