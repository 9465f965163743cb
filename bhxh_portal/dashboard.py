"""The admin's first page: one selector per panel (docs/dashboard.md).

Every selector takes `province_codes`: None for the whole country, or the provinces an officer covers. Each runs a
fixed number of queries whatever the number of rows (tests/test_dashboard.py counts them).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from benefits.rules.arrears import late_interest
from benefits.rules.money import Month
from benefits.selectors import parameter_set_get
from checkin.misuse import misuse_case_count_open, misuse_case_list_open
from coverage_stats.models import CoverageSnapshot
from coverage_stats.months import month_end, months_back
from coverage_stats.rules import SCHEMES, ZERO, Counts, SchemeFigure, scheme_figures
from coverage_stats.selectors import coverage_report_get, coverage_targets_on, national_counts
from participants.enums import ContributionStatus, Scheme
from participants.models import ContributionRecord
from reminders.enums import DeliveryStatus
from reminders.models import Delivery

FUNDS = ContributionRecord.AMOUNT_FIELDS


def dashboard_months(*, province_codes: list[str] | None = None, today: datetime.date | None = None, limit: int = 36):
    """The computed months, newest first, without the current (incomplete) month. 1 query."""
    this_month = (today or timezone.localdate()).replace(day=1)
    rows = CoverageSnapshot.objects.filter(month__lt=this_month)
    if province_codes is not None:
        rows = rows.filter(province__code__in=province_codes)
    return list(rows.values_list("month", flat=True).distinct().order_by("-month")[:limit])


# --- (1) the figures against the targets, (2) the provinces furthest behind ---


@dataclass(frozen=True)
class AreaFigures:
    code: str
    name: str
    figures: dict[str, SchemeFigure]


def coverage_overview_get(*, month: datetime.date, province_codes: list[str] | None = None) -> AreaFigures | None:
    """The country's (or the given provinces') HI, SI and UI against the targets, the gap in people and the change
    in a year. 2 queries (coverage_report_get)."""
    report = coverage_report_get(month=month)
    if report is None:
        return None
    if province_codes is None:
        return AreaFigures("", "", report.national.figures)
    chosen = [p for p in report.provinces if p.code in province_codes]
    counts = sum((p.counts for p in chosen), ZERO)
    year_ago = sum((p.year_ago for p in chosen if p.year_ago), ZERO) if any(p.year_ago for p in chosen) else None
    percents = {scheme: target.percent for scheme, target in report.targets.items()}
    return AreaFigures("", "", scheme_figures(counts, year_ago, percents))


@dataclass(frozen=True)
class ProvinceBehind:
    code: str
    name: str
    figure: SchemeFigure


def provinces_behind_get(
    *, month: datetime.date, province_codes: list[str] | None = None, limit: int = 5
) -> dict[str, list[ProvinceBehind]]:
    """Per scheme, the provinces with the largest gap to the target in people (those that reached it left out),
    largest first. 2 queries."""
    report = coverage_report_get(month=month)
    behind: dict[str, list[ProvinceBehind]] = {scheme: [] for scheme in SCHEMES}
    if report is None:
        return behind
    for scheme in SCHEMES:
        rows = [
            ProvinceBehind(p.code, p.name, p.figures[scheme])
            for p in report.provinces
            if (province_codes is None or p.code in province_codes) and (p.figures[scheme].gap or 0) > 0
        ]
        rows.sort(key=lambda row: (-row.figure.gap, row.code))
        behind[scheme] = rows[:limit]
    return behind


# --- (3) the trend of the rates ---


@dataclass(frozen=True)
class TrendMonth:
    month: datetime.date
    rates: dict[str, Decimal | None]
    targets: dict[str, Decimal | None]


def coverage_trend_get(
    *, until: datetime.date, province_codes: list[str] | None = None, months: int = 13
) -> list[TrendMonth]:
    """The rates of each computed month from `months` months before `until` to `until`, oldest first. 2 queries
    (the sums per month, the targets), 3 for the whole country (its counts, each person once)."""
    rows = CoverageSnapshot.objects.filter(month__gt=months_back(until, months), month__lte=until)
    if province_codes is not None:
        rows = rows.filter(province__code__in=province_codes)
    sums = (
        rows.values("month")
        .annotate(
            hi=Sum("hi_insured"),
            sic=Sum("si_compulsory"),
            siv=Sum("si_voluntary"),
            ui=Sum("ui_contributors"),
            pop=Sum("population"),
            lab=Sum("labour_force"),
        )
        .order_by("month")
    )
    percents = {scheme: t.percent for scheme, t in coverage_targets_on(month_end(until)).items()}
    by_month = {
        row["month"]: Counts(row["hi"], row["sic"], row["siv"], row["ui"], row["pop"], row["lab"]) for row in sums
    }
    if province_codes is None:
        by_month = national_counts(by_month)  # each person once over the country
    trend = []
    for month, counts in by_month.items():
        figures = scheme_figures(counts, None, percents)
        trend.append(
            TrendMonth(
                month,
                {s: figures[s].rate for s in SCHEMES},
                {s: percents.get(s) for s in SCHEMES},
            )
        )
    return trend


# --- (4) employers in arrears ---


@dataclass(frozen=True)
class EmployerArrears:
    employer_id: int
    name: str
    tax_code: str
    province: str
    amount: int
    months: int
    interest: int


def _arrears_rows(province_codes):
    rows = ContributionRecord.objects.filter(scheme=Scheme.COMPULSORY, status=ContributionStatus.UNPAID)
    if province_codes is not None:
        rows = rows.filter(employer__province__code__in=province_codes)
    return rows


def employers_in_arrears_get(
    *, today: datetime.date, province_codes: list[str] | None = None, limit: int | None = 10
) -> list[EmployerArrears]:
    """Employers owing compulsory contributions, the largest amount first, with the months owed and the
    late-payment interest to `today` (as the employer portal computes it). 3 queries: the ranking (grouped in the
    database), the amounts of each month owed by the ranked employers, the policy parameters."""
    amount = sum((Sum(f) for f in FUNDS[1:]), Sum(FUNDS[0]))
    ranked = (
        _arrears_rows(province_codes)
        .values("employer_id", "employer__name", "employer__tax_code", "employer__province__name")
        .annotate(amount=amount, months=Count("month", distinct=True))
        .order_by("-amount", "employer__name", "employer_id")
    )
    ranked = list(ranked[:limit] if limit else ranked)
    if not ranked:
        return []
    ids = [row["employer_id"] for row in ranked]
    monthly = (
        _arrears_rows(None)
        .filter(employer_id__in=ids)
        .values("employer_id", "month")
        .annotate(**{f: Sum(f) for f in FUNDS})
    )
    params = parameter_set_get()
    interest: dict[int, int] = {}
    for row in monthly:
        owed = late_interest(Month.of(row["month"]), sum(row[f] for f in FUNDS), as_of=today, params=params)
        interest[row["employer_id"]] = interest.get(row["employer_id"], 0) + owed.interest
    return [
        EmployerArrears(
            row["employer_id"],
            row["employer__name"],
            row["employer__tax_code"],
            row["employer__province__name"],
            int(row["amount"]),
            row["months"],
            interest.get(row["employer_id"], 0),
        )
        for row in ranked
    ]


def employers_in_arrears_count(*, province_codes: list[str] | None = None) -> int:
    """1 query."""
    return _arrears_rows(province_codes).values("employer_id").distinct().count()


# --- (5) check-ins waiting for review, (6) failed reminder deliveries ---


@dataclass(frozen=True)
class Queue:
    count: int
    latest: list


def misuse_queue_get(*, province_codes: list[str] | None = None, limit: int = 5) -> Queue:
    """Open misuse cases: how many, and the latest. 2 queries."""
    return Queue(
        misuse_case_count_open(province_codes=province_codes),
        misuse_case_list_open(province_codes=province_codes, limit=limit),
    )


def failed_deliveries_get(*, province_codes: list[str] | None = None, limit: int | None = 5) -> Queue:
    """Reminder deliveries that failed for good, newest first: how many, and the latest. 2 queries."""
    rows = Delivery.objects.filter(status=DeliveryStatus.FAILED_PERMANENT)
    if province_codes is not None:
        rows = rows.filter(reminder__participant__province__code__in=province_codes)
    latest = rows.select_related("reminder").order_by("-updated_at", "-id")
    return Queue(rows.count(), list(latest[:limit] if limit else latest))
