"""Reads of the coverage statistics, from the snapshot rows only (never the contribution tables).

`coverage_report_get` is what the API, and the admin's dashboard, show: the national figures (each person counted
once: `NationalCoverage`, with the provinces' population and labour force) and each province's, with the target
in force, the gap to it in people and the change since the same month a year earlier. Three queries whatever the
month or the province.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal

from .models import CoverageCounts, CoverageSnapshot, CoverageTarget, NationalCoverage, in_force_on
from .months import month_end, months_back
from .rules import ZERO, Counts, SchemeFigure, scheme_figures


@dataclass(frozen=True)
class TargetInForce:
    scheme: str
    percent: Decimal
    deadline_year: int
    source: str


@dataclass(frozen=True)
class AreaCoverage:
    code: str  # "" for the whole country
    name: str
    counts: Counts
    year_ago: Counts | None
    figures: dict[str, SchemeFigure]


@dataclass(frozen=True)
class CoverageReport:
    month: datetime.date
    targets: dict[str, TargetInForce]
    national: AreaCoverage
    provinces: list[AreaCoverage]


def _counts(row: CoverageSnapshot) -> Counts:
    return Counts(
        row.hi_insured, row.si_compulsory, row.si_voluntary, row.ui_contributors, row.population, row.labour_force
    )


def national_counts(month_sums: dict[datetime.date, Counts]) -> dict[datetime.date, Counts]:
    """The country's counts per month: the provinces' sums (`month_sums`), with the people covered taken from the
    month's NationalCoverage row, which counts each person once. A month computed before that row existed keeps
    the sum (docs/coverage.md). One query."""
    national = {row.month: row for row in NationalCoverage.objects.filter(month__in=list(month_sums))}
    return {
        month: summed if (row := national.get(month)) is None else replace(summed, **_people_covered(row))
        for month, summed in month_sums.items()
    }


def _people_covered(row: CoverageCounts) -> dict[str, int]:
    return {name: getattr(row, name) for name in ("hi_insured", "si_compulsory", "si_voluntary", "ui_contributors")}


def coverage_targets_on(day: datetime.date) -> dict[str, TargetInForce]:
    return {
        t.scheme: TargetInForce(t.scheme, t.percent, t.deadline_year, t.source)
        for t in CoverageTarget.objects.filter(in_force_on(day))
    }


def coverage_report_get(*, month: datetime.date, province_code: str | None = None) -> CoverageReport | None:
    """The month's report (national, and every province or the one asked for); None when the month has no
    snapshot."""
    year_ago_month = months_back(month, 12)
    rows = list(
        CoverageSnapshot.objects.filter(month__in=[month, year_ago_month])
        .select_related("province")
        .order_by("province__code")
    )
    now = {r.province.code: r for r in rows if r.month == month}
    if not now:
        return None
    before = {r.province.code: _counts(r) for r in rows if r.month == year_ago_month}
    targets = coverage_targets_on(month_end(month))
    percents = {scheme: target.percent for scheme, target in targets.items()}
    provinces = []
    national, national_before = ZERO, ZERO
    for code, row in now.items():
        counts = _counts(row)
        national += counts
        national_before += before.get(code, ZERO)
        if province_code is None or code == province_code:
            year_ago = before.get(code)
            provinces.append(
                AreaCoverage(code, row.province.name, counts, year_ago, scheme_figures(counts, year_ago, percents))
            )
    sums = {month: national} | ({year_ago_month: national_before} if before else {})
    counted_once = national_counts(sums)
    national = counted_once[month]
    national_year_ago = counted_once.get(year_ago_month)
    return CoverageReport(
        month=month,
        targets=targets,
        national=AreaCoverage(
            "", "", national, national_year_ago, scheme_figures(national, national_year_ago, percents)
        ),
        provinces=provinces,
    )


def coverage_month_list(*, limit: int = 36) -> list[datetime.date]:
    """The months that have snapshots, newest first."""
    return list(CoverageSnapshot.objects.values_list("month", flat=True).distinct().order_by("-month")[:limit])
