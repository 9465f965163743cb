"""The admin's dashboard (#13 item 2): each panel's selector against a small hand-made dataset, the query count
of each panel whatever the number of rows, the page in Vietnamese, the CSV of every table and who may have it."""

import csv
import datetime
import io
import math
from decimal import Decimal

import pytest
from django.utils import timezone

from bhxh_portal import dashboard
from bhxh_portal.trend_chart import trend_chart
from checkin.models import MisuseCase
from coverage_stats.models import CoverageSnapshot, NationalCoverage
from coverage_stats.selectors import coverage_targets_on
from participants.enums import ContributionStatus
from reminders.enums import DeliveryStatus
from reminders.models import Delivery, Reminder
from tests import factories
from tests.twofactor_support import sign_in_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MONTH = datetime.date(2026, 9, 1)
YEAR_AGO = datetime.date(2025, 9, 1)
TODAY = datetime.date(2026, 12, 6)

# (province, month, hi_insured, si_compulsory, si_voluntary, ui, population, labour force)
ROWS = [
    ("01", YEAR_AGO, 800, 200, 20, 150, 1000, 500),
    ("01", MONTH, 900, 240, 30, 180, 1000, 500),
    ("79", YEAR_AGO, 500, 100, 10, 80, 2000, 1000),
    ("79", MONTH, 600, 150, 10, 90, 2000, 1000),
    ("48", MONTH, 990, 400, 10, 300, 1000, 500),  # above every target
]


def snapshot(code, month, hi, sic, siv, ui, pop, lab):
    return CoverageSnapshot.objects.create(
        province=factories.province(code),
        month=month,
        hi_insured=hi,
        si_compulsory=sic,
        si_voluntary=siv,
        ui_contributors=ui,
        population=pop,
        labour_force=lab,
        computed_at=timezone.now(),
    )


@pytest.fixture
def snapshots():
    for row in ROWS:
        snapshot(*row)


def target(scheme):
    return coverage_targets_on(datetime.date(2026, 9, 30))[scheme].percent


def gap(scheme, denominator, covered):
    return max(0, math.ceil(target(scheme) * denominator / 100) - covered)


def owing_employer(name, code, months, *, people=1):
    employer = factories.EmployerFactory(name=name, province=factories.province(code))
    for month in months:
        for _ in range(people):
            factories.ContributionFactory(
                employer=employer, month=month, status=ContributionStatus.UNPAID, paid_on=None
            )
    return employer


def test_the_latest_complete_month_is_the_default(snapshots):
    snapshot("01", datetime.date(2026, 12, 1), 1, 1, 1, 1, 1000, 500)  # this month: incomplete
    assert dashboard.dashboard_months(today=TODAY) == [MONTH, YEAR_AGO]
    assert dashboard.dashboard_months(today=TODAY, province_codes=["48"]) == [MONTH]


def test_the_national_figures_against_the_targets(snapshots, django_assert_num_queries):
    with django_assert_num_queries(3):  # the report: the snapshots, the country's counts, the targets
        overview = dashboard.coverage_overview_get(month=MONTH)
    hi = overview.figures["hi"]
    assert (hi.covered, hi.denominator, hi.rate) == (2490, 4000, Decimal("62.3"))
    assert hi.target == target("hi") and hi.gap == gap("hi", 4000, 2490)
    assert hi.covered_change == 2490 - 1300  # 48 had no row a year earlier
    si = overview.figures["si"]
    assert (si.covered, si.denominator, si.gap) == (840, 2000, gap("si", 2000, 840))
    # A provincial officer's view: only their provinces are summed.
    mine = dashboard.coverage_overview_get(month=MONTH, province_codes=["01", "79"])
    assert mine.figures["ui"].covered == 270 and mine.figures["ui"].covered_change == 270 - 230
    assert dashboard.coverage_overview_get(month=datetime.date(2020, 1, 1)) is None


def test_the_provinces_furthest_behind_by_gap_in_people(snapshots, django_assert_num_queries):
    with django_assert_num_queries(3):
        behind = dashboard.provinces_behind_get(month=MONTH)
    # Hồ Chí Minh City (79) is further behind in people than Hà Nội (01); Đà Nẵng (48) reached every target.
    assert [p.code for p in behind["hi"]] == ["79", "01"]
    assert behind["hi"][0].figure.gap == gap("hi", 2000, 600)
    assert [p.code for p in behind["si"]] == ["79", "01"]
    assert dashboard.provinces_behind_get(month=MONTH, province_codes=["01"])["hi"][0].code == "01"
    assert dashboard.provinces_behind_get(month=MONTH, limit=1)["ui"] == behind["ui"][:1]


def test_the_trend_of_the_rates(snapshots, django_assert_num_queries):
    snapshot("01", datetime.date(2026, 3, 1), 850, 220, 25, 160, 1000, 500)
    with django_assert_num_queries(3):  # the sums per month, the country's counts (each person once), the targets
        trend = dashboard.coverage_trend_get(until=MONTH)
    assert [t.month for t in trend] == [YEAR_AGO, datetime.date(2026, 3, 1), MONTH]  # 13 months, both ends in
    assert trend[1].rates == {"hi": Decimal("85.0"), "si": Decimal("49.0"), "ui": Decimal("32.0")}
    assert trend[2].rates["hi"] == Decimal("62.3") and trend[2].targets["hi"] == target("hi")
    assert [t.month for t in dashboard.coverage_trend_get(until=MONTH, months=12)] == [datetime.date(2026, 3, 1), MONTH]
    assert [t.rates["hi"] for t in dashboard.coverage_trend_get(until=MONTH, province_codes=["48"])] == [
        Decimal("99.0")
    ]


def test_employers_in_arrears_ranked_by_amount_with_months_and_interest(django_assert_num_queries):
    small = owing_employer("Công ty Nhỏ", "01", [datetime.date(2026, 8, 1)])
    big = owing_employer("Công ty Lớn", "79", [datetime.date(2026, 6, 1), datetime.date(2026, 7, 1)], people=2)
    factories.ContributionFactory(employer=small)  # paid: not owed
    with django_assert_num_queries(3):
        ranked = dashboard.employers_in_arrears_get(today=TODAY)
    assert [(a.name, a.amount, a.months) for a in ranked] == [
        ("Công ty Lớn", 4 * 3_200_000, 2),
        ("Công ty Nhỏ", 3_200_000, 1),
    ]
    assert ranked[0].employer_id == big.pk and ranked[0].interest > ranked[1].interest > 0
    assert dashboard.employers_in_arrears_get(today=TODAY, province_codes=["01"])[0].name == "Công ty Nhỏ"
    assert dashboard.employers_in_arrears_get(today=TODAY, limit=1) == ranked[:1]
    assert dashboard.employers_in_arrears_count() == 2
    assert dashboard.employers_in_arrears_count(province_codes=["48"]) == 0


@pytest.mark.parametrize("employers", [1, 6])
def test_the_arrears_panel_query_count_does_not_grow(employers, django_assert_num_queries):
    for n in range(employers):
        owing_employer(f"Công ty {n}", "01", [datetime.date(2026, 5 + n % 3, 1)])
    with django_assert_num_queries(3):
        assert len(dashboard.employers_in_arrears_get(today=TODAY)) == employers


def failed_delivery(participant, *, status=DeliveryStatus.FAILED_PERMANENT, channel="email"):
    reminder = Reminder.objects.create(
        participant=participant, kind="card_expiring", subject=f"card-{participant.pk}", due_on=TODAY
    )
    return Delivery.objects.create(reminder=reminder, channel=channel, status=status, last_error="550 mailbox")


def test_failed_deliveries_count_and_latest(django_assert_num_queries):
    hanoi = factories.ParticipantFactory(province=factories.province("01"))
    saigon = factories.ParticipantFactory(province=factories.province("79"))
    first = failed_delivery(hanoi)
    failed_delivery(saigon)
    failed_delivery(factories.ParticipantFactory(), status=DeliveryStatus.SENT)
    with django_assert_num_queries(2):
        queue = dashboard.failed_deliveries_get()
        assert queue.count == 2 and len(queue.latest) == 2 and queue.latest[0].reminder.kind == "card_expiring"
    mine = dashboard.failed_deliveries_get(province_codes=["01"])
    assert mine.count == 1 and mine.latest == [first]


def misuse_case(facility, n, status=MisuseCase.Status.OPEN):
    now = timezone.now()
    return MisuseCase.objects.create(
        kind=MisuseCase.Kind.BUSY_WEEK,
        dedup_key=f"test-{n}",
        period_start=now.date(),
        participant=factories.ParticipantFactory(),
        facility=facility,
        opened_at=now,
        last_signal_at=now - datetime.timedelta(hours=n),
        status=status,
        **({"outcome": MisuseCase.Outcome.NOT_MISUSE, "resolved_at": now} if status == "resolved" else {}),
    )


def test_misuse_queue_count_and_latest(django_assert_num_queries):
    facility = factories.FacilityFactory(province=factories.province("01"))
    newest = misuse_case(facility, 1)
    misuse_case(facility, 2)
    misuse_case(facility, 3, status=MisuseCase.Status.RESOLVED)
    with django_assert_num_queries(2):
        queue = dashboard.misuse_queue_get(limit=1)
        assert queue.count == 2 and [c.facility.province.code for c in queue.latest] == ["01"]
    assert queue.latest == [newest]
    assert dashboard.misuse_queue_get(province_codes=["79"]).count == 0


def test_the_trend_chart_svg_tells_lines_apart_without_colour():
    chart = trend_chart(
        {"hi": [Decimal("80"), Decimal("90")], "si": [None, Decimal("40")], "ui": [None, None]},
        ["08/2026", "09/2026"],
        {"hi": "BHYT", "si": "BHXH", "ui": "BHTN"},
    )
    assert (chart.width, chart.height, chart.plot_right) == (720, 260, 544)
    assert [line.scheme for line in chart.lines] == ["hi", "si"]  # no line without a rate
    hi, si = chart.lines
    # 0-100 % over 220 px: 80 % at y = 232 - 176 = 56, 90 % at 34; the months at the two ends of the plot.
    assert hi.path == "M 44.0 56.0 L 544.0 34.0"
    assert si.path == "M 544.0 144.0"  # 40 %
    assert (hi.dash, hi.marker) != (si.dash, si.marker) and hi.marker != si.marker
    assert (hi.label, hi.label_x) == ("BHYT", 554.0)
    assert chart.y_ticks[0] == (232.0, 0) and chart.y_ticks[-1] == (12.0, 100)
    # Lines ending close together: the labels are moved apart.
    close = trend_chart({"hi": [Decimal("50")], "si": [Decimal("51")]}, ["09/2026"], {"hi": "a", "si": "b"})
    assert abs(close.lines[0].label_y - close.lines[1].label_y) == 14
    # Low rates use a closer axis: 0 to 30 %.
    low = trend_chart({"hi": [Decimal("25")]}, ["09/2026"], {"hi": "BHYT"})
    assert low.y_ticks[-1][1] == 30 and low.lines[0].points == [(294.0, round(232 - 220 * 25 / 30, 1))]


@pytest.fixture
def officer_client(client):
    sign_in_verified(client, factories.UserFactory(role="admin", is_staff=True, is_superuser=True))
    return client


def test_the_admin_index_is_the_dashboard_in_vietnamese(officer_client, snapshots):
    owing = owing_employer("Công ty Nợ", "01", [datetime.date(2026, 8, 1)])
    # A second employer whose name contains the first's: a search by name would list both.
    owing_employer("Công ty Nợ Xây dựng", "01", [datetime.date(2026, 7, 1)])
    body = officer_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Các tỉnh tụt hậu nhất" in body and "Doanh nghiệp nợ đóng" in body
    assert "?province__code__exact=79&amp;month=2026-09-01" in body
    assert "3.200.000\u00a0₫" in body and "62,3\u00a0%" in body
    assert "<svg" in body and '<title id="trend-title">' in body
    assert "Người tham gia" in body  # the models are still listed below
    # The link behind a province lists that province's row of that month.
    listed = officer_client.get("/admin/coverage_stats/coveragesnapshot/?province__code__exact=79&month=2026-09-01")
    assert listed.status_code == 200 and list(listed.context["cl"].result_list) == [
        CoverageSnapshot.objects.get(province__code="79", month=MONTH)
    ]
    # The employer's name opens its own unpaid records, by its id, not a name search that would list both;
    # the failed deliveries open the reminders that have one.
    link = f"?status__exact=unpaid&amp;scheme__exact=compulsory&amp;employer__id__exact={owing.pk}"
    assert f'{link}">Công ty Nợ</a>' in body
    listed = officer_client.get(
        "/admin/participants/contributionrecord/",
        {"status__exact": "unpaid", "scheme__exact": "compulsory", "employer__id__exact": owing.pk},
    )
    assert listed.status_code == 200
    assert [r.employer.name for r in listed.context["cl"].result_list] == ["Công ty Nợ"]
    failed = failed_delivery(factories.ParticipantFactory())
    listed = officer_client.get("/admin/reminders/reminder/?deliveries__status=failed_permanent")
    assert list(listed.context["cl"].result_list) == [failed.reminder]
    # Another computed month is picked from the list.
    body = officer_client.get("/admin/?month=2025-09", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'value="2025-09" selected' in body


def read_csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))


def test_every_table_exports_as_csv(officer_client, snapshots):
    owing_employer('=HYPERLINK("x")', "01", [datetime.date(2026, 8, 1)])
    failed_delivery(factories.ParticipantFactory())
    misuse_case(factories.FacilityFactory(), 1)
    rows = read_csv(officer_client.get("/admin/dashboard/coverage.csv?month=2026-09", HTTP_ACCEPT_LANGUAGE="vi"))
    assert rows[0][:3] == ["Loại hình", "Số người tham gia", "Cơ sở tính"]
    assert rows[1][:4] == ["Bảo hiểm y tế", "2490", "4000", "62.3"]
    rows = read_csv(officer_client.get("/admin/dashboard/behind.csv?month=2026-09"))
    assert [r[1] for r in rows[1:]] == ["79", "01", "79", "01", "79", "01"]
    rows = read_csv(officer_client.get("/admin/dashboard/trend.csv?month=2026-09"))
    assert [r[0] for r in rows[1:]] == ["09/2025", "09/2026"]
    response = officer_client.get("/admin/dashboard/arrears.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert rows[1][0] == '\'=HYPERLINK("x")' and rows[1][3:5] == ["3200000", "1"]  # no formula runs
    assert len(read_csv(officer_client.get("/admin/dashboard/deliveries.csv"))) == 2
    assert len(read_csv(officer_client.get("/admin/dashboard/misuse.csv"))) == 2
    assert officer_client.get("/admin/dashboard/nothing.csv").status_code == 404


def test_the_csv_is_refused_without_staff_or_without_the_code(client, snapshots):
    citizen = factories.UserFactory(username="cong-dan")
    client.force_login(citizen)
    assert client.get("/admin/dashboard/arrears.csv", follow=True).status_code == 403
    staff = factories.UserFactory(username="can-bo", role="admin", is_staff=True, is_superuser=True)
    client.force_login(staff)  # the password, not the code
    response = client.get("/admin/dashboard/arrears.csv", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/otp/") and "text/csv" not in response["Content-Type"]
    client.logout()
    response = client.get("/admin/dashboard/coverage.csv", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/") and "text/csv" not in response["Content-Type"]


def test_the_dashboard_page_queries_do_not_grow_with_the_rows(officer_client, snapshots):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert officer_client.get("/admin/").status_code == 200
        return len(captured)

    owing_employer("Công ty A", "01", [datetime.date(2026, 8, 1)])
    failed_delivery(factories.ParticipantFactory())
    misuse_case(factories.FacilityFactory(), 1)
    before = queries()
    for n in range(4):
        owing_employer(f"Công ty B{n}", "79", [datetime.date(2026, 7, 1), datetime.date(2026, 8, 1)])
        failed_delivery(factories.ParticipantFactory())
        misuse_case(factories.FacilityFactory(), n + 2)
        snapshot(("04", "08", "11", "12")[n], MONTH, 10, 1, 1, 1, 1000, 500)
    assert queries() == before


def test_the_dashboard_in_english_with_the_switchers_cookie(officer_client, snapshots, settings):
    owing_employer("Công ty Nợ", "01", [datetime.date(2026, 8, 1)])
    officer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = officer_client.get("/admin/").content.decode()
    assert "Provinces furthest behind" in body and "Coverage against the targets, 09/2026" in body
    assert "3,200,000\u00a0VND" in body and "62.3\u00a0%" in body and "+1,190" in body


def test_the_country_counts_each_person_once_where_the_month_has_its_row(snapshots):
    """90 people paid by employers in two provinces: in both provinces' rows, once in the country's."""
    NationalCoverage.objects.create(
        month=MONTH,
        hi_insured=2490,
        si_compulsory=700,
        si_voluntary=50,
        ui_contributors=500,
        computed_at=timezone.now(),
    )
    overview = dashboard.coverage_overview_get(month=MONTH)
    assert (overview.figures["si"].covered, overview.figures["ui"].covered) == (750, 500)  # not 840 and 570
    trend = {t.month: t.rates for t in dashboard.coverage_trend_get(until=MONTH)}
    assert trend[MONTH]["si"] == Decimal("37.5") and trend[MONTH]["ui"] == Decimal("25.0")
    assert trend[YEAR_AGO]["si"] == Decimal("22.0")  # no row for that month: the provinces' sum, (220 + 110) / 1500
    # Some provinces only (an officer's): their rows' sum, as before.
    mine = {t.month: t.rates for t in dashboard.coverage_trend_get(until=MONTH, province_codes=["01", "79"])}
    assert mine[MONTH]["si"] == Decimal("28.7")
