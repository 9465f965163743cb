"""Coverage statistics for the demo: denominators at the demo's scale, and the snapshot rows of the 13 months
before the current one.

The real population of a province is millions of people and the demo has hundreds, so against the real figures
every rate would read 0.0 %. The demo therefore ends the official population and labour-force rows
(coverage_stats/data/coverage_figures.json) the day before its first month and adds its own rows from then,
marked estimated, with a source that says what they are: each province's demo people (and those aged 15 to 61)
divided by a "reach" between 70 % and 100 % that differs by province. Provinces with a low reach read as far
behind the targets, those near 100 % as ahead: a story for the dashboard, and no claim about the real provinces.
"""

from __future__ import annotations

import datetime
import math

from django.db import transaction
from django.db.models import Count, Q

from coverage_stats.models import CoverageSnapshot, FigureMark, Measure, ProvinceFigure
from coverage_stats.months import month_start, months_back
from coverage_stats.services import coverage_snapshot_compute
from participants.models import Participant

DEMO_SOURCE = "Demo data (seed_demo): the province's demo people divided by a made-up reach; not a real figure"
DEMO_MONTHS = 13  # the last complete month and the 12 before it: a year-on-year change for the newest


def _reach(code: str) -> float:
    """Between 0.70 and 1.00, fixed per province."""
    return 0.70 + (int(code) * 37 % 31) / 100


def _years_before(day: datetime.date, years: int) -> datetime.date:
    return datetime.date(day.year - years, day.month, min(day.day, 28))


def _demo_figures(as_of: datetime.date) -> dict[tuple[int, str], int]:
    working = Q(birth_date__lte=_years_before(as_of, 15), birth_date__gt=_years_before(as_of, 62))
    rows = Participant.objects.values("province_id", "province__code").annotate(
        people=Count("id"), working=Count("id", filter=working)
    )
    figures = {}
    for row in rows:
        reach = _reach(row["province__code"])
        figures[(row["province_id"], Measure.POPULATION)] = math.ceil(row["people"] / reach)
        if row["working"]:
            figures[(row["province_id"], Measure.LABOUR_FORCE)] = math.ceil(row["working"] / reach)
    return figures


def demo_coverage_seed(*, as_of: datetime.date) -> int:
    """Write the demo's figures and compute the snapshots of the 13 months before the current one; returns the months computed (0 when
    the figures and the snapshots were already there)."""
    # The month in progress has no contribution records yet in the demo (they are written for past months).
    last = months_back(month_start(as_of), 1)
    first = months_back(last, DEMO_MONTHS - 1)
    wanted = _demo_figures(as_of)
    existing = {
        (f.province_id, f.measure): f.value
        for f in ProvinceFigure.objects.filter(source=DEMO_SOURCE, effective_from=first)
    }
    months = [months_back(last, back) for back in range(DEMO_MONTHS - 1, -1, -1)]
    have = set(CoverageSnapshot.objects.filter(month__in=months).values_list("month", flat=True).distinct())
    if existing == wanted and have == set(months):
        return 0
    with transaction.atomic():
        ProvinceFigure.objects.filter(source=DEMO_SOURCE).delete()
        ProvinceFigure.objects.filter(effective_from__lt=first).update(effective_to=first - datetime.timedelta(days=1))
        ProvinceFigure.objects.bulk_create(
            ProvinceFigure(
                province_id=province_id,
                measure=measure,
                effective_from=first,
                value=value,
                source=DEMO_SOURCE,
                mark=FigureMark.ESTIMATED,
                note="Only in the demo data.",
            )
            for (province_id, measure), value in wanted.items()
        )
        for month in months:
            coverage_snapshot_compute(month=month, today=as_of)
    return len(months)
