"""Issue 17 leftover 1: a person who holds an unemployment award sees the award, never a filing deadline."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from benefits.models import UnemploymentAward
from tests.benefits.test_pages import add_months, career
from tests.factories import EmploymentFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def citizen(client):
    participant = ParticipantFactory(user=UserFactory(username="citizen-award"), birth_date=datetime.date(1990, 4, 12))
    client.force_login(participant.user)
    return participant


def _laid_off(citizen, months=60) -> datetime.date:
    employer = career(citizen, months)
    end = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    EmploymentFactory(participant=citizen, employer=employer, start_date=add_months(end, -months), end_date=end)
    return end


def _award(citizen, start, months=5, **extra):
    return UnemploymentAward.objects.create(
        participant=citizen,
        decided_on=start,
        benefit_start=start,
        benefit_months=months,
        monthly_amount=6_000_000,
        **extra,
    )


def _api(citizen) -> dict:
    api = APIClient()
    api.force_authenticate(citizen.user)
    response = api.get("/api/v1/me/eligibility/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    return response.json()


def test_without_an_award_the_deadline_is_given(client, citizen):
    _laid_off(citizen)
    answer = _api(citizen)
    assert answer["unemployment"]["apply_by"] and answer["unemployment_award"] is None
    assert "Nộp hồ sơ hưởng trợ cấp thất nghiệp tại trung tâm" in client.get("/").content.decode()


def test_an_award_being_paid_replaces_the_deadline_everywhere(client, citizen):
    end = _laid_off(citizen)
    start = end + datetime.timedelta(days=1)
    _award(citizen, start)
    term_end = add_months(start, 5) - datetime.timedelta(days=1)
    today = timezone.localdate()
    next_notice = add_months(start, (today.year - start.year) * 12 + today.month - start.month)
    next_notice = next_notice.replace(day=1) if next_notice >= today else add_months(next_notice, 1)

    answer = _api(citizen)
    assert answer["unemployment"] is None  # no estimate, so no apply_by
    assert answer["unemployment_award"] == {
        "status": "current",
        "monthly_amount": 6_000_000,
        "benefit_months": 5,
        "benefit_start": start.isoformat(),
        "last_day": term_end.isoformat(),
        "ended_early": False,
        "reports_job_search": True,
        "next_job_search_notice": next_notice.isoformat(),
        "law": ["Law 74/2025/QH15 Art. 39", "Law 74/2025/QH15 Art. 40-41"],
    }
    terms = (
        f"Trợ cấp thất nghiệp 6.000.000\u00a0₫ mỗi tháng trong 5 tháng, từ ngày {start:%d/%m/%Y} đến ngày"
        f" {term_end:%d/%m/%Y}."
    )
    for url in ("/", reverse("eligibility")):
        body = client.get(url).content.decode()
        assert terms in body, url
        assert next_notice.strftime("%d/%m/%Y") in body
        assert "Nộp hồ sơ hưởng trợ cấp thất nghiệp tại trung tâm" not in body, url
        assert "Nộp hồ sơ tại trung tâm" not in body and "Hạn nộp hồ sơ" not in body, url
    assert "Đang hưởng" in client.get(reverse("eligibility")).content.decode()


def test_a_finished_award_for_the_last_job_is_shown_on_eligibility_not_on_home(client, citizen):
    end = _laid_off(citizen)
    start = end + datetime.timedelta(days=1)
    # Recorded as stopped early, yesterday at the latest: the benefit is over.
    _award(citizen, start, months=1, ended_on=max(start, timezone.localdate() - datetime.timedelta(days=1)))
    if timezone.localdate() <= start:
        pytest.skip("the award cannot have ended before it started")  # only on the 1st of a month
    body = client.get(reverse("eligibility")).content.decode()
    assert "Đã dừng hưởng" in body and "Không cần nộp hồ sơ mới" in body
    assert "Nộp hồ sơ tại trung tâm" not in body
    home = client.get("/").content.decode()
    assert "Trợ cấp thất nghiệp 6.000.000" not in home and "Nộp hồ sơ hưởng trợ cấp" not in home
    assert _api(citizen)["unemployment_award"]["status"] == "ended_early"


def test_an_award_before_2015_is_no_500_anywhere(client, citizen):
    """An award from before the first unemployment_benefit rule (2015) used every month before it."""
    end = _laid_off(citizen, months=240)  # contributions since ~2006
    _award(citizen, datetime.date(2013, 6, 1), months=3)
    for url in ("/", reverse("eligibility"), reverse("contributions")):
        assert client.get(url).status_code == 200, url
    answer = _api(citizen)
    assert answer["unemployment_award"] is None  # an earlier award: the job that just ended can still be claimed
    # UI months from 01/2009 up to 05/2013 (53) were used by the 2013 award; the rest still count.
    assert answer["unemployment"]["eligible"] is True
    assert answer["unemployment"]["apply_by"] > end.isoformat()


def test_a_job_and_its_award_before_2015_are_no_500(client, citizen):
    employer = career(citizen, 1)
    EmploymentFactory(
        participant=citizen,
        employer=employer,
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2013, 5, 31),
    )
    citizen.employments.filter(end_date__isnull=True).delete()
    _award(citizen, datetime.date(2013, 6, 1), months=3)
    for url in ("/", reverse("eligibility")):
        assert client.get(url).status_code == 200, url
    answer = _api(citizen)
    assert answer["unemployment"] is None and answer["unemployment_award"] is None
