"""`GET /api/v1/stats/coverage/`: staff only, the numbers of the snapshot rows, errors field by field."""

import datetime

import pytest
from rest_framework.test import APIClient

from coverage_stats.models import CoverageSnapshot
from coverage_stats.services import coverage_snapshot_compute
from participants.enums import Role
from tests import factories

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MONTH = datetime.date(2026, 3, 1)
URL = "/api/v1/stats/coverage/"


@pytest.fixture
def staff_client():
    client = APIClient()
    client.force_authenticate(factories.UserFactory(role=Role.ADMIN, is_staff=True))
    return client


@pytest.fixture
def snapshot():
    """Hà Nội: 2 cards valid on 31/03/2026 and 1 compulsory contributor with unemployment insurance."""
    hanoi = factories.province("01")
    a, b = factories.ParticipantFactory(province=hanoi), factories.ParticipantFactory(province=hanoi)
    for person in (a, b):
        factories.CardFactory(participant=person)
    factories.ContributionFactory(participant=a, employer=factories.EmployerFactory(province=hanoi), month=MONTH)
    coverage_snapshot_compute(month=MONTH, today=datetime.date(2026, 12, 1))


def test_staff_get_national_and_provinces(staff_client, snapshot, django_assert_num_queries):
    with django_assert_num_queries(4):  # the provinces the staff account covers (none: all), then the report (3)
        response = staff_client.get(URL, {"month": "2026-03"})
    assert response.status_code == 200
    body = response.json()
    assert body["month"] == "2026-03"
    assert len(body["provinces"]) == 34
    hanoi = next(p for p in body["provinces"] if p["code"] == "01")
    assert hanoi == {
        "code": "01",
        "name": "Thành phố Hà Nội",
        "population": 8_717_600,
        "labour_force": 4_151_000,
        "hi_insured": 2,
        "hi_rate": 0.0,
        "hi_target": 95.0,
        "hi_gap": 8_281_718,  # ceil(0.95 x 8,717,600) - 2
        "hi_rate_change": None,  # no snapshot a year earlier
        "si_contributors": 1,
        "si_compulsory": 1,
        "si_voluntary": 0,
        "si_rate": 0.0,
        "si_target": 60.0,
        "si_gap": 2_490_599,  # 0.60 x 4,151,000 - 1
        "si_rate_change": None,
        "ui_contributors": 1,
        "ui_rate": 0.0,
        "ui_target": 45.0,
        "ui_gap": 1_867_949,  # 0.45 x 4,151,000 - 1
        "ui_rate_change": None,
    }
    national = body["national"]
    assert (national["hi_insured"], national["si_contributors"], national["ui_contributors"]) == (2, 1, 1)
    assert national["population"] == 111_724_151


def test_one_province(staff_client, snapshot, django_assert_num_queries):
    with django_assert_num_queries(5):  # the code is checked against the provinces and those the account covers
        body = staff_client.get(URL, {"month": "2026-03", "province": "46"}).json()
    assert [p["code"] for p in body["provinces"]] == ["46"]
    assert body["provinces"][0]["hi_insured"] == 0
    assert body["national"]["hi_insured"] == 2


def test_bad_month_and_province_field_by_field(staff_client, snapshot):
    response = staff_client.get(URL, {"month": "03/2026", "province": "99"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert set(response.json()) == {"month", "province"}
    assert staff_client.get(URL).json() == {"month": ["Hãy điền mục này."]}
    assert staff_client.get(URL, {"month": ""}).json() == {"month": ["Nhập tháng dạng YYYY-MM, ví dụ 2026-10."]}
    assert staff_client.get(URL, {"month": "2026-13"}).status_code == 400
    assert staff_client.get(URL, {"month": "2026-03", "province": "1"}).json() == {
        "province": ["Không có tỉnh, thành phố nào có mã này."]
    }
    assert staff_client.get(URL, {"month": "2026-03", "year": "2026"}).json() == {
        "year": ["Tham số này không dùng được ở đây."]
    }


def test_month_without_snapshot_is_404(staff_client, snapshot):
    response = staff_client.get(URL, {"month": "2020-01"})
    assert response.status_code == 404
    assert response.json()["code"] == "no_snapshot"


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.EMPLOYER, Role.CLINIC])
def test_non_staff_are_refused(snapshot, role):
    client = APIClient()
    client.force_authenticate(factories.UserFactory(role=role))
    response = client.get(URL, {"month": "2026-03"})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_anonymous_is_asked_to_authenticate(snapshot):
    response = APIClient().get(URL, {"month": "2026-03"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert CoverageSnapshot.objects.count() == 34  # nothing changed by any of these requests
