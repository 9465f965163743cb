"""Issue 17's review, item 3: each year's share is labelled by who paid it, and a share nobody paid is not shown."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from participants.enums import Scheme
from participants.selectors import contribution_summary_get
from tests.factories import ContributionFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

VOLUNTARY = {
    "scheme": Scheme.VOLUNTARY,
    "employer": None,
    "salary_basis": 3_000_000,
    "retirement_amount": 660_000,
    "sickness_maternity_amount": 0,
    "occupational_amount": 0,
    "health_amount": 0,
    "unemployment_amount": 0,
    "employee_share": 660_000,
}
STATE_HI = {
    **VOLUNTARY,
    "scheme": Scheme.STATE_HI,
    "salary_basis": 0,
    "retirement_amount": 0,
    "health_amount": 113_850,
    "employee_share": 0,
}


@pytest.fixture
def person(client):
    participant = ParticipantFactory(user=UserFactory(username="citizen-who-paid"))
    client.force_login(participant.user)
    return participant


def _year(client, year, language="vi") -> str:
    client.cookies["django_language"] = language
    body = client.get(reverse("contributions")).content.decode()
    return body[body.index(f'id="year-{year}"') :].split("</dl>")[0]


def test_a_voluntary_only_person_paid_everything_herself(client, person):
    for month in (1, 2, 3):
        ContributionFactory(participant=person, month=datetime.date(2025, month, 1), **VOLUNTARY)
    year = contribution_summary_get(participant=person).years[0]
    assert (year.employee_share, year.employer_share, year.state_share) == (1_980_000, 0, 0)
    vi = _year(client, 2025)
    assert "Bạn đã đóng" in vi and "1.980.000\u00a0₫" in vi
    assert "Đơn vị đã đóng" not in vi and "Nhà nước đã đóng" not in vi
    en = _year(client, 2025, "en")
    assert "You paid" in en and "Your employer paid" not in en and "The State paid" not in en


def test_a_mixed_year_splits_the_person_the_employer_and_the_state(client, person):
    ContributionFactory(participant=person, month=datetime.date(2025, 1, 1))  # 3,200,000 of which 1,050,000 hers
    ContributionFactory(participant=person, month=datetime.date(2025, 2, 1), **VOLUNTARY)
    ContributionFactory(participant=person, month=datetime.date(2025, 3, 1), **STATE_HI)
    ContributionFactory(participant=person, month=datetime.date(2025, 4, 1), status="unpaid")  # not counted
    year = contribution_summary_get(participant=person).years[0]
    assert (year.employee_share, year.employer_share, year.state_share) == (1_710_000, 2_150_000, 113_850)
    vi = _year(client, 2025)
    for label, amount in (
        ("Bạn đã đóng", "1.710.000"),
        ("Đơn vị đã đóng", "2.150.000"),
        ("Nhà nước đã đóng", "113.850"),
    ):
        assert f"<dt>{label}</dt><dd>{amount}\u00a0₫</dd>" in vi
    en = _year(client, 2025, "en")
    assert "You paid" in en and "Your employer paid" in en and "The State paid" in en
    # The records say the same, one by one.
    api = APIClient()
    api.force_authenticate(person.user)
    rows = {r["scheme"]: r for r in api.get("/api/v1/me/contributions/?year=2025").json()["results"]}
    assert (rows["state_hi"]["employer_share"], rows["state_hi"]["state_share"]) == (0, 113_850)
    assert (rows["voluntary"]["employer_share"], rows["voluntary"]["state_share"]) == (0, 0)
    assert (rows["compulsory"]["employer_share"], rows["compulsory"]["state_share"]) == (2_150_000, 0)
