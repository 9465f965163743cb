"""Issue 17, item 7: one source of truth per fact on the eligibility page and its API twin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.enums import ContributionStatus
from participants.models import ContributionRecord
from tests.benefits.test_pages import _my_unemployment, add_months, career
from tests.factories import EmploymentFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def citizen(client):
    participant = ParticipantFactory(user=UserFactory(username="citizen-tam"), birth_date=datetime.date(1985, 6, 1))
    client.force_login(participant.user)
    return participant


def test_a_job_left_years_ago_gets_no_unemployment_verdict_once_voluntary_contributions_followed(client, citizen):
    employer = career(citizen, 24)
    ContributionRecord.objects.filter(participant=citizen).update(scheme="compulsory")
    first = ContributionRecord.objects.filter(participant=citizen).order_by("month").first().month
    ended = add_months(first, 12) - datetime.timedelta(days=1)
    EmploymentFactory(participant=citizen, employer=employer, start_date=first, end_date=ended)
    ContributionRecord.objects.filter(participant=citizen, month__gt=ended).update(scheme="voluntary", employer=None)

    assert _my_unemployment(citizen) is None
    body = client.get(reverse("eligibility")).content.decode()
    assert "không bao gồm bảo hiểm thất nghiệp" in body
    assert ended.strftime("%d/%m/%Y") not in body


def test_a_job_that_just_ended_still_gets_its_verdict(citizen):
    employer = career(citizen, 36)
    end = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    EmploymentFactory(participant=citizen, employer=employer, start_date=datetime.date(2020, 1, 1), end_date=end)
    assert _my_unemployment(citizen)["eligible"] is True


def test_months_the_employer_owes_are_not_called_no_insurance(client, citizen):
    employer = career(citizen, 24)
    for record in ContributionRecord.objects.filter(participant=citizen).order_by("-month")[:3]:
        record.status = ContributionStatus.UNPAID
        record.save()
    EmploymentFactory(participant=citizen, employer=employer, start_date=datetime.date(2020, 1, 1))
    body = client.get(reverse("eligibility")).content.decode()
    assert "Chờ đơn vị đóng" in body and "đơn vị chưa đóng các tháng gần đây" in body
    assert "nên không được hưởng chế độ ốm đau" not in body


def test_calculator_refuses_a_future_month_and_a_salary_below_the_minimum_without_a_500(client):
    data = {
        "sex": "male",
        "birth_date": "15/05/1966",
        "children": "1",
        "child_order": "1",
        "periods-TOTAL_FORMS": "1",
        "periods-INITIAL_FORMS": "0",
        "periods-0-start": "11/2008",
        "periods-0-end": "12/2099",
        "periods-0-scheme": "compulsory",
        "periods-0-monthly_salary": "2 000 000",
        "periods-0-region": "I",
        "calculate": "1",
    }
    response = client.post(reverse("calculator"), data)
    errors = response.context["formset"].forms[0].errors
    assert response.status_code == 200 and response.context["answer"] is None
    assert "Tháng này chưa đến" in errors["end"][0]
    assert "Thấp hơn lương tối thiểu vùng I" in errors["monthly_salary"][0]
    data["periods-0-end"] = "10/2026"
    data["periods-0-monthly_salary"] = "8.500.000"
    assert client.post(reverse("calculator"), data).context["answer"] is not None
