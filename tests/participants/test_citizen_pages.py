"""Coverage (home), contribution history and statement, and their API twins."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from participants.enums import ContributionStatus
from participants.models import ContributionRecord
from participants.selectors import CardStatus, card_status
from tests.benefits.test_pages import add_months, career
from tests.factories import CardFactory, EmploymentFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def citizen(client):
    participant = ParticipantFactory(full_name="Ngô Thị Thu", user=UserFactory(username="citizen-thu"))
    client.force_login(participant.user)
    return participant


@pytest.fixture
def other():
    return ParticipantFactory(full_name="Bùi Văn Khoa", user=UserFactory(username="citizen-khoa"))


@pytest.mark.parametrize(
    ("valid_to_offset", "expected"),
    [(31, CardStatus.VALID), (30, CardStatus.EXPIRING), (0, CardStatus.EXPIRING), (-1, CardStatus.EXPIRED)],
)
def test_card_status_boundaries(valid_to_offset, expected):
    today = datetime.date(2026, 11, 25)
    card = CardFactory.build(valid_from=datetime.date(2026, 1, 1), valid_to=today + datetime.timedelta(valid_to_offset))
    assert card_status(card, today) == expected


def test_card_not_valid_yet():
    card = CardFactory.build(valid_from=datetime.date(2027, 1, 1), valid_to=datetime.date(2027, 12, 31))
    assert card_status(card, datetime.date(2026, 11, 25)) == CardStatus.NOT_YET_VALID


def test_home_shows_card_status_jobs_and_arrears(client, citizen):
    today = timezone.localdate()
    CardFactory(
        participant=citizen,
        valid_from=today - datetime.timedelta(days=300),
        valid_to=today + datetime.timedelta(days=10),
    )
    employer = career(citizen, 12)
    EmploymentFactory(participant=citizen, employer=employer, job_title="Thợ may")
    for record in ContributionRecord.objects.filter(participant=citizen).order_by("-month")[:3]:
        record.status = ContributionStatus.UNPAID
        record.save()
    body = client.get("/").content.decode()
    assert "Sắp hết hạn" in body
    assert "gia hạn" in body.lower()
    assert "Thợ may" in body
    assert employer.name in body
    assert "chưa đóng" in body


def test_contribution_history_summarises_years_and_totals(client, citizen):
    career(citizen, 30)
    page = client.get(reverse("contributions"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "30 tháng đóng BHXH được tính" in body
    assert body.count('class="year"') == len(
        {add_months(timezone.localdate().replace(day=1), -i).year for i in range(1, 31)}
    )
    assert "<table" not in body  # months are not rendered on first paint


@pytest.mark.parametrize("months", [1, 480])
def test_contribution_history_query_count_is_fixed(client, citizen, months, django_assert_num_queries):
    career(citizen, months)
    # session, user, participant, the yearly aggregate, the summary by period; then the idle-timeout session save (3)
    with django_assert_num_queries(8):
        client.get(reverse("contributions"))


def test_year_opens_in_place_with_htmx_and_without_javascript(client, citizen):
    career(citizen, 14)
    year = add_months(timezone.localdate().replace(day=1), -1).year
    fragment = client.get(reverse("contribution-year", args=[year]), HTTP_HX_REQUEST="true")
    assert fragment.content.decode().lstrip().startswith('<table class="months">')
    no_js = client.get(reverse("contribution-year", args=[year]))
    assert no_js.status_code == 302
    page = client.get(no_js["Location"])
    assert '<table class="months">' in page.content.decode()
    assert client.get(reverse("contributions"), {"year": "abc"}).status_code == 200
    for impossible in (0, 99999, 123456789):
        assert client.get(reverse("contribution-year", args=[impossible]), HTTP_HX_REQUEST="true").status_code == 404


def test_statement_csv_has_bom_vietnamese_and_every_record(client, citizen):
    career(citizen, 5)
    response = client.get(reverse("contribution-statement"))
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.strip().splitlines()
    assert len(lines) == 6
    assert "Tháng" in lines[0]
    assert "Đã đóng" in lines[1]


def test_pages_refuse_staff_and_anonymous(client):
    for name in ("contributions", "contribution-statement"):
        assert client.get(reverse(name)).status_code == 302
    client.force_login(UserFactory(username="clinic.y", role="clinic"))
    for name in ("contributions", "contribution-statement"):
        assert client.get(reverse(name)).status_code == 404


def test_a_citizen_only_ever_sees_their_own_records(client, citizen, other):
    career(other, 12, salary=77_777_000)
    CardFactory(participant=other, card_number=other.social_insurance_number)
    for url in ("/", reverse("contributions"), reverse("contribution-statement"), reverse("eligibility")):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"77.777.000" not in body and other.social_insurance_number.encode() not in body
    api = APIClient()
    api.force_authenticate(citizen.user)
    assert api.get("/api/v1/me/contributions/").json()["count"] == 0
    assert api.get("/api/v1/me/coverage/").json()["card"] is None


def test_coverage_api(citizen):
    CardFactory(participant=citizen)
    api = APIClient()
    api.force_authenticate(citizen.user)
    body = api.get("/api/v1/me/coverage/").json()
    assert body["card"]["card_number"] == citizen.social_insurance_number
    assert body["card"]["benefit_percent"] == 80
    assert body["status"] in {"valid", "expiring", "expired", "not_yet_valid"}


def test_contributions_api_paginates_and_filters_by_year(citizen):
    career(citizen, 40)
    api = APIClient()
    api.force_authenticate(citizen.user)
    first = api.get("/api/v1/me/contributions/").json()
    assert first["count"] == 40
    assert len(first["results"]) == 24
    assert first["next"]
    year = add_months(timezone.localdate().replace(day=1), -1).year
    by_year = api.get("/api/v1/me/contributions/", {"year": year}).json()
    assert all(row["month"].startswith(str(year)) for row in by_year["results"])
    assert api.get("/api/v1/me/contributions/", {"year": "20x6"}).status_code == 400


def test_contribution_apis_need_a_participant():
    api = APIClient()
    api.force_authenticate(UserFactory(username="hr.z", role="employer"))
    assert api.get("/api/v1/me/coverage/").status_code == 404
    assert api.get("/api/v1/me/contributions/").status_code == 404


def test_large_text_mode_is_remembered_and_redirects_only_locally(client):
    response = client.post(reverse("text-size"), {"size": "large", "next": "/calculator/"})
    assert response.status_code == 302 and response["Location"] == "/calculator/"
    assert '<html lang="vi" class="large-text">' in client.get("/").content.decode()
    client.post(reverse("text-size"), {"size": "normal"})
    assert 'class="large-text"' not in client.get("/").content.decode()
    evil = client.post(reverse("text-size"), {"size": "large", "next": "https://evil.example/"})
    assert evil["Location"] == "/"
    assert client.get(reverse("text-size")).status_code == 405


def test_citizen_navigation_only_for_citizens(client, citizen):
    assert 'class="main-nav"' in client.get("/").content.decode()
    client.logout()
    assert 'class="main-nav"' not in client.get("/").content.decode()


def test_year_months_show_gaps_and_the_unpaid_employer(client, citizen):
    employer = career(citizen, 14)
    last = add_months(timezone.localdate().replace(day=1), -1)
    gap = add_months(last, -3)
    ContributionRecord.objects.filter(participant=citizen, month=gap).delete()
    ContributionRecord.objects.filter(participant=citizen, month=last).update(status=ContributionStatus.UNPAID)
    body = client.get(reverse("contribution-year", args=[gap.year]), HTTP_HX_REQUEST="true").content.decode()
    assert "Tháng này không đóng BHXH" in body
    assert f"{gap.month:02d}/{gap.year}" in body
    unpaid = client.get(reverse("contribution-year", args=[last.year]), HTTP_HX_REQUEST="true").content.decode()
    assert employer.name in unpaid and "Chưa đóng (nợ)" in unpaid


@pytest.mark.parametrize(("laid_off", "awards"), [(False, 0), (True, 0), (True, 3)])
def test_home_query_count_is_fixed(client, citizen, laid_off, awards, django_assert_num_queries):
    from benefits.models import UnemploymentAward

    CardFactory(participant=citizen)
    employer = career(citizen, 480)
    if laid_off:
        end = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        EmploymentFactory(participant=citizen, employer=employer, start_date=datetime.date(1986, 1, 1), end_date=end)
    for i in range(awards):
        start = timezone.localdate() - datetime.timedelta(days=700 * i)
        UnemploymentAward.objects.create(
            participant=citizen, decided_on=start, benefit_start=start, benefit_months=1, monthly_amount=1
        )
    # session, user, participant, card, current jobs, arrears; the next steps: employments, contributions, policy
    # parameters, the unemployment awards (only once a job has ended: every award follows one), the open voluntary
    # enrolment; then the idle-timeout session save (3)
    with django_assert_num_queries(14 if laid_off else 13):
        client.get("/")


def test_page_weight_budget(client, citizen):
    """HTML + CSS + JS of a page, gzip-compressed, stays under 100 KB (ux.md)."""
    import gzip
    import re as regex

    from django.contrib.staticfiles import finders

    CardFactory(participant=citizen)
    career(citizen, 480)
    for url in ("/", reverse("contributions"), reverse("eligibility"), reverse("calculator")):
        html = client.get(url).content
        total = len(gzip.compress(html))
        for asset in regex.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
            total += len(gzip.compress(open(finders.find(asset.decode()), "rb").read()))
        assert total < 100 * 1024, (url, total)


def test_summary_by_period_joins_consecutive_months_of_one_payer_and_salary(client, citizen):
    from participants.selectors import contribution_periods_get

    career(citizen, 30)
    periods = contribution_periods_get(participant=citizen)
    assert periods.si_months == 30 and periods.months_by_scheme == {"compulsory": 30}
    assert sum(s.months for s in periods.stretches) == 30
    assert all(not s.unpaid for s in periods.stretches)
    body = client.get(reverse("contributions")).content.decode()
    assert "Tóm tắt theo giai đoạn" in body and "2 năm 6 tháng" in body
