"""Writes of the coverage statistics: the monthly snapshot rows."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from participants.enums import ContributionStatus, Scheme
from participants.models import ContributionRecord, HealthInsuranceCard, Province

from .models import CoverageSnapshot, Measure, NationalCoverage, ProvinceFigure, in_force_on
from .months import month_end, month_start


def _people(queryset) -> int:
    """Distinct people in the whole country (one query)."""
    return queryset.aggregate(people=Count("participant_id", distinct=True))["people"]


def _per_province(queryset, province_field: str) -> dict[int, int]:
    """Distinct people per province, counted in the database (one GROUP BY query)."""
    rows = queryset.values(province_field).annotate(people=Count("participant_id", distinct=True))
    return {row[province_field]: row["people"] for row in rows}


def coverage_snapshot_compute(*, month: datetime.date, today: datetime.date | None = None) -> int:
    """Count one month's coverage per province and replace that month's snapshot rows; returns the rows written.

    Who counts where (docs/coverage.md): a person with a health-insurance card valid on the month's last day (on
    `today` for the month in progress) counts in their own province; a compulsory contributor (a record of the
    month, paid or owed by the employer, not refunded) and an unemployment-insurance contributor (such a record
    with an unemployment amount) in the employer's province; a voluntary contributor in their own province.
    The population and labour force in force on the month's last day are stored with the counts. Four grouped
    queries over the records, whatever their number; a month with no records gives zero counts. Re-running
    replaces the month's rows in one transaction (idempotent).

    The month's `NationalCoverage` row counts each person once over the whole country (four more queries): a
    person with employers in two provinces is in both provinces' rows but once in the nation's.
    """
    month = month_start(month)
    today = today or timezone.localdate()
    last_day = month_end(month)
    card_day = min(last_day, today)
    cards = HealthInsuranceCard.objects.filter(valid_from__lte=card_day, valid_to__gte=card_day)
    records = ContributionRecord.objects.filter(month=month).exclude(status=ContributionStatus.REFUNDED)
    compulsory = records.filter(scheme=Scheme.COMPULSORY)
    unemployment = compulsory.filter(unemployment_amount__gt=0)
    voluntary = records.filter(scheme=Scheme.VOLUNTARY)
    hi = _per_province(cards, "participant__province_id")
    si_compulsory = _per_province(compulsory, "employer__province_id")
    ui = _per_province(unemployment, "employer__province_id")
    si_voluntary = _per_province(voluntary, "participant__province_id")
    figures = {
        (province_id, measure): value
        for province_id, measure, value in ProvinceFigure.objects.filter(in_force_on(last_day)).values_list(
            "province_id", "measure", "value"
        )
    }
    now = timezone.now()
    rows = [
        CoverageSnapshot(
            month=month,
            province_id=province_id,
            hi_insured=hi.get(province_id, 0),
            si_compulsory=si_compulsory.get(province_id, 0),
            si_voluntary=si_voluntary.get(province_id, 0),
            ui_contributors=ui.get(province_id, 0),
            population=figures.get((province_id, Measure.POPULATION), 0),
            labour_force=figures.get((province_id, Measure.LABOUR_FORCE), 0),
            computed_at=now,
        )
        for province_id in Province.objects.order_by("code").values_list("id", flat=True)
    ]
    national = NationalCoverage(
        month=month,
        hi_insured=_people(cards),
        si_compulsory=_people(compulsory),
        si_voluntary=_people(voluntary),
        ui_contributors=_people(unemployment),
        computed_at=now,
    )
    with transaction.atomic():
        CoverageSnapshot.objects.filter(month=month).delete()
        CoverageSnapshot.objects.bulk_create(rows)
        NationalCoverage.objects.filter(month=month).delete()
        national.save()
    return len(rows)
