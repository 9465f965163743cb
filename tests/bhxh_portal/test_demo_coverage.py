"""The demo's coverage statistics: demo-scale denominators, 13 complete months of snapshots, idempotent."""

import datetime

import pytest

from bhxh_portal import demo
from bhxh_portal.demo.coverage import DEMO_SOURCE
from coverage_stats.models import CoverageSnapshot, Measure, ProvinceFigure
from coverage_stats.selectors import coverage_report_get
from participants.models import Participant

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

AS_OF = datetime.date(2026, 12, 6)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_coverage_months_figures_and_second_run():
    demo.demo_seed(participants=40, as_of=AS_OF)
    assert demo.demo_coverage_seed(as_of=AS_OF) == 13
    months = sorted(set(CoverageSnapshot.objects.values_list("month", flat=True)))
    assert months[0] == datetime.date(2025, 11, 1) and months[-1] == datetime.date(2026, 11, 1) and len(months) == 13
    # Every demo person counts in their province's demo population (people / reach, reach <= 1).
    population = ProvinceFigure.objects.filter(source=DEMO_SOURCE, measure=Measure.POPULATION)
    assert sum(f.value for f in population) >= Participant.objects.count()
    # The official rows end the day before the demo's rows start: no overlap.
    official = ProvinceFigure.objects.exclude(source=DEMO_SOURCE)
    assert set(official.values_list("effective_to", flat=True)) == {datetime.date(2025, 10, 31)}
    report = coverage_report_get(month=datetime.date(2026, 11, 1))
    assert report.national.counts.population == sum(f.value for f in population)
    assert report.national.figures["si"].rate > 0 and report.national.year_ago is not None
    before = list(CoverageSnapshot.objects.order_by("pk").values_list())
    assert demo.demo_coverage_seed(as_of=AS_OF) == 0
    assert list(CoverageSnapshot.objects.order_by("pk").values_list()) == before


def test_the_demo_fills_every_dashboard_panel():
    from bhxh_portal import dashboard

    demo.demo_seed(participants=40, as_of=AS_OF)
    demo.demo_coverage_seed(as_of=AS_OF)
    months = dashboard.dashboard_months(today=AS_OF)
    assert months[0] == datetime.date(2026, 11, 1) and len(months) == 13
    assert len(dashboard.coverage_trend_get(until=months[0])) == 13
    assert any(dashboard.provinces_behind_get(month=months[0]).values())
    # The employer of the persona whose employer owes three months is in arrears, with interest (none yet for a
    # month whose payment deadline has not passed).
    arrears = dashboard.employers_in_arrears_get(today=AS_OF)
    assert arrears and max(a.months for a in arrears) >= 3 and any(a.interest > 0 for a in arrears)
