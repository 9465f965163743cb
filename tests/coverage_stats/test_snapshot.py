"""The monthly snapshot: counts per province from the records, idempotent, any past month, empty months."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from coverage_stats.models import CoverageSnapshot, NationalCoverage
from coverage_stats.selectors import coverage_report_get
from coverage_stats.services import coverage_snapshot_compute
from coverage_stats.tasks import snapshot_nightly
from participants.enums import ContributionStatus
from tests import factories

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MONTH = datetime.date(2025, 11, 1)
TODAY = datetime.date(2026, 12, 6)


def voluntary(participant, month):
    return factories.ContributionFactory(participant=participant, month=month, voluntary=True)


@pytest.fixture
def records():
    """Hà Nội (01): three residents with a card valid on 30/11/2025, one whose card ended on 29/11; an employer
    in Hà Nội paying for two of them (one with unemployment insurance), one voluntary contributor. A resident of
    Hà Nội works for an employer in Huế (46): counted in Huế for social and unemployment insurance."""
    hanoi, hue = factories.province("01"), factories.province("46")
    people = [factories.ParticipantFactory(province=hanoi) for _ in range(5)]
    for person in people[:3]:
        factories.CardFactory(
            participant=person, valid_from=datetime.date(2025, 1, 1), valid_to=datetime.date(2025, 12, 31)
        )
    factories.CardFactory(
        participant=people[3], valid_from=datetime.date(2025, 1, 1), valid_to=datetime.date(2025, 11, 29)
    )
    employer = factories.EmployerFactory(province=hanoi)
    factories.ContributionFactory(participant=people[0], employer=employer, month=MONTH)
    factories.ContributionFactory(
        participant=people[1],
        employer=employer,
        month=MONTH,
        unemployment_amount=0,
        status=ContributionStatus.UNPAID,
        paid_on=None,
    )
    factories.ContributionFactory(
        participant=people[4], employer=employer, month=MONTH, status=ContributionStatus.REFUNDED
    )  # refunded: not counted
    factories.ContributionFactory(participant=people[0], employer=employer, month=datetime.date(2025, 10, 1))
    voluntary(people[2], MONTH)
    factories.ContributionFactory(participant=people[3], employer=factories.EmployerFactory(province=hue), month=MONTH)
    return people


def rows(month):
    return {r.province.code: r for r in CoverageSnapshot.objects.filter(month=month).select_related("province")}


def test_snapshot_counts_each_province_from_the_records(records):
    assert coverage_snapshot_compute(month=MONTH, today=TODAY) == 34
    snap = rows(MONTH)
    assert len(snap) == 34
    hanoi, hue = snap["01"], snap["46"]
    assert (hanoi.hi_insured, hanoi.si_compulsory, hanoi.si_voluntary, hanoi.ui_contributors) == (3, 2, 1, 1)
    assert (hue.hi_insured, hue.si_compulsory, hue.si_voluntary, hue.ui_contributors) == (0, 1, 0, 1)
    # The figures in force on 30/11/2025 (coverage_stats/data/coverage_figures.json).
    assert (hanoi.population, hanoi.labour_force) == (8_717_600, 4_151_000)
    assert sum(r.hi_insured + r.si_compulsory + r.si_voluntary for k, r in snap.items() if k not in {"01", "46"}) == 0


def test_snapshot_is_idempotent_and_replaces_the_month(records):
    coverage_snapshot_compute(month=MONTH, today=TODAY)
    first = {
        code: (r.hi_insured, r.si_compulsory, r.si_voluntary, r.ui_contributors) for code, r in rows(MONTH).items()
    }
    coverage_snapshot_compute(month=MONTH, today=TODAY)
    assert CoverageSnapshot.objects.count() == 34
    assert {
        c: (r.hi_insured, r.si_compulsory, r.si_voluntary, r.ui_contributors) for c, r in rows(MONTH).items()
    } == first
    voluntary(records[4], MONTH)  # a late record for the month: the re-run picks it up
    coverage_snapshot_compute(month=MONTH, today=TODAY)
    assert rows(MONTH)["01"].si_voluntary == 2
    assert CoverageSnapshot.objects.count() == 34


def test_snapshot_of_a_past_month_leaves_other_months_alone(records):
    coverage_snapshot_compute(month=MONTH, today=TODAY)
    coverage_snapshot_compute(month=datetime.date(2025, 10, 1), today=TODAY)
    october = rows(datetime.date(2025, 10, 1))["01"]
    assert (october.hi_insured, october.si_compulsory, october.si_voluntary) == (4, 1, 0)  # 4 cards valid on 31/10
    assert rows(MONTH)["01"].si_compulsory == 2
    assert CoverageSnapshot.objects.count() == 68


def test_snapshot_of_a_month_with_no_records_is_zero(records):
    assert coverage_snapshot_compute(month=datetime.date(2019, 3, 1), today=TODAY) == 34
    snap = rows(datetime.date(2019, 3, 1))
    assert {(r.hi_insured, r.si_compulsory, r.si_voluntary, r.ui_contributors) for r in snap.values()} == {(0, 0, 0, 0)}
    assert snap["01"].population == 0  # no figure in force in 2019: no denominator, rates are empty
    report = coverage_report_get(month=datetime.date(2019, 3, 1))
    assert report.national.figures["hi"].rate is None


def test_month_in_progress_counts_cards_valid_today(records):
    """For the current month, a card that is valid today but ends before the month does counts."""
    coverage_snapshot_compute(month=MONTH, today=datetime.date(2025, 11, 15))
    assert rows(MONTH)["01"].hi_insured == 4


def test_report_rates_gaps_and_year_ago_change(records):
    coverage_snapshot_compute(month=MONTH, today=TODAY)
    year_ago = datetime.date(2024, 11, 1)
    coverage_snapshot_compute(month=year_ago, today=TODAY)
    report = coverage_report_get(month=MONTH)
    hanoi = next(p for p in report.provinces if p.code == "01")
    hi = hanoi.figures["hi"]
    # 3 of 8,717,600 = 0.0 %; 95 % of it is 8,281,720 people; none had a card a year earlier.
    assert (hi.covered, hi.rate, hi.target, hi.gap, hi.covered_change) == (3, 0, 95, 8_281_717, 3)
    si = report.national.figures["si"]
    # 4 contributors nationally (3 in Hà Nội, 1 in Huế) against the national labour force in the file.
    assert si.covered == 4 and si.target == 45 and si.covered_change == 4
    assert si.gap == -(-si.denominator * 45 // 100) - 4
    assert report.targets["ui"].deadline_year == 2025
    only = coverage_report_get(month=MONTH, province_code="46")
    assert [p.code for p in only.provinces] == ["46"] and only.national.counts == report.national.counts


def test_report_of_a_month_without_snapshot_is_none(db):
    assert coverage_report_get(month=MONTH) is None


def test_report_query_count_is_fixed(records, django_assert_num_queries):
    for month in (datetime.date(2024, 11, 1), MONTH):
        coverage_snapshot_compute(month=month, today=TODAY)
    with django_assert_num_queries(3):  # the snapshots of both months, the country's counts, the targets
        coverage_report_get(month=MONTH)
    with django_assert_num_queries(3):
        coverage_report_get(month=MONTH, province_code="01")


def test_snapshot_query_count_does_not_grow_with_people(records, django_assert_num_queries):
    # 4 counts per province, 4 for the country, figures, provinces; then (a savepoint in the test's transaction)
    # delete and one bulk insert, and delete and insert the country's row.
    with django_assert_num_queries(16):
        coverage_snapshot_compute(month=MONTH, today=TODAY)
    factories.ParticipantFactory.create_batch(5)
    with django_assert_num_queries(16):
        coverage_snapshot_compute(month=MONTH, today=TODAY)


def test_nightly_task_computes_this_month_and_the_previous(records, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert snapshot_nightly.delay().get() == 68
    assert CoverageSnapshot.objects.values("month").distinct().count() == 2
    assert snapshot_nightly.delay("2025-11").get() == 34
    assert rows(MONTH)["01"].si_compulsory == 2


def test_command_recomputes_past_months_and_refuses_bad_input(records, capsys):
    call_command("coverage_snapshot", "--month", "2025-11", "--months", "2")
    assert CoverageSnapshot.objects.filter(month__in=[MONTH, datetime.date(2025, 10, 1)]).count() == 68
    for args in (["--month", "2025-13"], ["--month", "2999-01"], ["--months", "0"]):
        with pytest.raises(CommandError):
            call_command("coverage_snapshot", *args)
    assert CoverageSnapshot.objects.count() == 68


def test_beat_entry_is_synced_after_migrate(db):
    from django_celery_beat.models import PeriodicTask

    from coverage_stats.schedules import SNAPSHOT_SCHEDULE_NAME, schedules_sync

    entry = PeriodicTask.objects.get(name=SNAPSHOT_SCHEDULE_NAME)
    assert entry.task == "coverage.snapshot_nightly" and entry.enabled
    assert (entry.crontab.hour, entry.crontab.minute) == ("1", "30")
    entry.enabled = False
    entry.save()
    assert schedules_sync() is False
    assert PeriodicTask.objects.get(name=SNAPSHOT_SCHEDULE_NAME).enabled is False  # an admin's pause survives


def test_the_country_counts_each_person_once(records):
    """records: a resident of Hà Nội (people[3]) works for an employer in Huế. Give people[0], who works for the
    Hà Nội employer, a second job in Huế the same month: both provinces count them, the country once."""
    hue_employer = factories.EmployerFactory(province=factories.province("46"))
    factories.ContributionFactory(participant=records[0], employer=hue_employer, month=MONTH)
    coverage_snapshot_compute(month=MONTH, today=TODAY)
    snap = rows(MONTH)
    assert (snap["01"].si_compulsory, snap["46"].si_compulsory) == (2, 2)
    assert (snap["01"].ui_contributors, snap["46"].ui_contributors) == (1, 2)
    national = NationalCoverage.objects.get(month=MONTH)
    assert (national.hi_insured, national.si_compulsory, national.si_voluntary, national.ui_contributors) == (
        3,
        3,
        1,
        2,
    )
    report = coverage_report_get(month=MONTH)
    counts = report.national.counts
    assert (counts.si_compulsory, counts.ui_contributors) == (3, 2)  # not the provinces' 4 and 3
    assert counts.labour_force == sum(r.labour_force for r in snap.values())  # denominators: the provinces' sum
    coverage_snapshot_compute(month=MONTH, today=TODAY)
    assert NationalCoverage.objects.filter(month=MONTH).count() == 1  # replaced, like the provinces' rows


def test_a_month_computed_before_the_national_row_existed_shows_the_provinces_sum(records):
    coverage_snapshot_compute(month=MONTH, today=TODAY)
    NationalCoverage.objects.filter(month=MONTH).delete()
    counts = coverage_report_get(month=MONTH).national.counts
    assert (counts.si_compulsory, counts.ui_contributors) == (3, 2)  # Hà Nội 2 + Huế 1; Hà Nội 1 + Huế 1
