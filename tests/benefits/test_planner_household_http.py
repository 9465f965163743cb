"""The household premium through HTTP: the API contract, bad input, and the page with and without htmx."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

URL = "/api/v1/calculator/household/"


def test_five_members_from_july_2026():
    body = APIClient().post(URL, {"on": "2026-07-01", "members": [{}] * 5}, format="json").json()
    assert [m["monthly"] for m in body["members"]] == [113_850, 79_695, 68_310, 56_925, 45_540]
    assert body["members"][0] == {
        "number": 1,
        "support_group": "none",
        "position": 1,
        "share_percent": 100.0,
        "full_monthly": 113_850,
        "support_monthly": 0,
        "monthly": 113_850,
        "per_cycle": {"3": 341_550, "6": 683_100, "12": 1_366_200},
    }
    assert body["monthly_total"] == 364_320
    assert body["per_cycle_total"] == {"3": 1_092_960, "6": 2_185_920, "12": 4_371_840}
    assert body["base_salary"] == 2_530_000 and body["base_salary_changes"] == {}
    assert {r["code"] for r in body["reasons"]} == {"household_first_member", "household_shares"}
    assert all(r["law"] for r in body["reasons"])
    assert {p["name"] for p in body["parameters"]} >= {"base_salary", "household_health_shares"}


def test_supported_member_and_base_salary_change():
    request = {"on": "2026-05-01", "members": [{"support_group": "none"}, {"support_group": "near_poor"}]}
    body = APIClient().post(URL, request, format="json").json()
    assert [(m["position"], m["monthly"], m["support_monthly"]) for m in body["members"]] == [
        (1, 105_300, 0),
        (None, 31_590, 73_710),
    ]
    assert body["base_salary_changes"] == {"3": "2026-07-01", "6": "2026-07-01", "12": "2026-07-01"}


def test_on_defaults_to_today():
    response = APIClient().post(URL, {"members": [{}]}, format="json")
    assert response.status_code == 200 and response.json()["on"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"members": []}, "members"),
        ({}, "members"),
        ({"members": [{"support_group": "rich"}]}, "members"),
        ({"members": [{}] * 31}, "members"),
        ({"members": [{}], "on": "01/07/2026"}, "on"),
        ({"members": [{}], "on": "1990-01-01"}, "on"),
        ({"members": "five"}, "members"),
    ],
)
def test_bad_input_is_400_field_by_field(body, field):
    response = APIClient().post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_garbage_and_oversized_bodies():
    api = APIClient()
    assert api.post(URL, "{nope", content_type="application/json").status_code == 400
    response = api.post(URL, {"members": [{}], "padding": "x" * 70_000}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "too_large"


def test_schema_documents_the_planner():
    schema = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/calculator/household/" in schema and "support_group" in schema


def test_page_without_javascript(client):
    assert "BHYT hộ gia đình" in client.get(reverse("calculator-household")).content.decode()
    body = client.post(reverse("calculator-household"), {"on": "2026-07-01", "members": "5"}).content.decode()
    assert "113.850\u00a0₫" in body and "45.540\u00a0₫" in body and "1.366.200\u00a0₫" in body
    assert "364.320\u00a0₫" in body


def test_page_htmx_fragment_and_supported_groups(client):
    data = {"on": "2026-07-01", "members": "1", "student": "1"}
    body = client.post(reverse("calculator-household"), data, HTTP_HX_REQUEST="true").content.decode()
    assert body.lstrip().startswith('<div id="planner">') and "<html" not in body
    assert "56.925\u00a0₫" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"members": "0"}, "Nhập ít nhất một người."),
        ({"members": "-1"}, "Giá trị phải từ 0 trở lên."),
        ({"members": "1", "on": "1990-01-01"}, "Chưa có số liệu chính sách cho các ngày trong yêu cầu này."),
    ],
)
def test_page_errors(client, data, message):
    response = client.post(reverse("calculator-household"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
