"""The voluntary planner through HTTP: the API contract, bad input field by field, and the page."""

import copy

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from benefits.api.planners import VOLUNTARY_EXAMPLE

from .test_pages import CALC

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

URL = "/api/v1/calculator/voluntary/"
VALID = next(iter(VOLUNTARY_EXAMPLE.values()))


def changed(change):
    body = copy.deepcopy(VALID)
    change(body)
    return body


def test_near_poor_woman_paying_yearly():
    body = APIClient().post(URL, VALID, format="json").json()
    assert body["per_cycle"] == {"before_support": 7_920_000, "support": 1_584_000, "after_support": 6_336_000}
    assert body["contribution_per_month"] == 660_000
    assert body["support"] == {"share_percent": 40.0, "per_month": 132_000, "months_left": 120}
    assert (body["income_floor"], body["income_ceiling"]) == (1_500_000, 50_600_000)
    assert body["first_month"] == "2026-11" and body["past_months"] == 84
    assert body["minimum_years_reached"] == "2034-10"
    assert body["retirement_month"] == "2040-03" and body["pension_start"] == "2040-04-01"
    assert body["pension_rate_percent"] == 56.0
    assert body["estimated_monthly_pension"] > 0 and body["estimate_provisional"] is True
    assert body["can_withdraw_after_stopping"] is True
    assert body["paying_ahead_discount_applied"] is False
    codes = [r["code"] for r in body["reasons"]]
    assert codes == [
        "voluntary_contribution",
        "voluntary_support",
        "voluntary_minimum_years",
        "voluntary_pension_projection",
        "voluntary_if_you_stop",
    ]
    assert all(r["law"] for r in body["reasons"])
    assert "Decree 159/2025/NĐ-CP Art. 5" in body["reasons"][1]["law"]


def test_defaults_monthly_and_no_past():
    request = changed(lambda b: (b.pop("cycle_months"), b.pop("support_group"), b.update(periods=[])))
    body = APIClient().post(URL, request, format="json").json()
    assert body["cycle_months"] == 1 and body["support_group"] == "other"
    assert body["per_cycle"] == {"before_support": 660_000, "support": 66_000, "after_support": 594_000}
    assert body["can_withdraw_after_stopping"] is False


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda b: b.update(monthly_income=1_000_000), "monthly_income", "từ 1.500.000\u00a0₫ đến 50.600.000\u00a0₫"),
        (lambda b: b.update(monthly_income=60_000_000), "monthly_income", "từ 1.500.000\u00a0₫ đến 50.600.000\u00a0₫"),
        (lambda b: b.update(monthly_income=-5), "monthly_income", None),
        (lambda b: b.update(monthly_income="3.000.000"), "monthly_income", None),
        (lambda b: b.update(cycle_months=2), "cycle_months", None),
        (lambda b: b.update(cycle_months=72), "cycle_months", None),
        (lambda b: b.update(support_group="rich"), "support_group", None),
        (lambda b: b.update(supported_months_used=-1), "supported_months_used", None),
        (lambda b: b["person"].update(birth_date="10/03/1980"), "person", None),
        (lambda b: b.pop("person"), "person", None),
        (lambda b: b["periods"][0].update(end="2009-01"), "periods", None),
        (lambda b: b.update(as_of="1990-01-01"), "as_of", None),
    ],
)
def test_bad_input_is_400_field_by_field(change, field, message):
    response = APIClient().post(URL, changed(change), format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body, body
    if message:
        assert message in body[field][0]


def test_schema_documents_the_planner():
    schema = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/calculator/voluntary/" in schema and "supported_months_used" in schema


PAGE = {
    **CALC,
    "sex": "female",
    "birth_date": "1980-03-10",
    "periods-0-start": "2010-01",
    "periods-0-end": "2016-12",
    "periods-0-monthly_salary": "6000000",
    "monthly_income": "3000000",
    "support_group": "near_poor",
    "cycle_months": "12",
}


def test_page_without_javascript(client):
    assert client.get(reverse("calculator-voluntary")).status_code == 200
    body = client.post(reverse("calculator-voluntary"), PAGE).content.decode()
    assert "7.920.000\u00a0₫" in body and "1.584.000\u00a0₫" in body and "6.336.000\u00a0₫" in body
    assert "01/04/2040" in body


def test_page_htmx_and_errors(client):
    response = client.post(reverse("calculator-voluntary"), PAGE, HTTP_HX_REQUEST="true")
    assert response.content.decode().lstrip().startswith('<div id="planner">')
    body = client.post(reverse("calculator-voluntary"), {**PAGE, "monthly_income": "1000"}).content.decode()
    assert "1.500.000\u00a0₫" in body and "50.600.000\u00a0₫" in body
    body = client.post(reverse("calculator-voluntary"), {**PAGE, "periods-0-end": "2001-01"}).content.decode()
    assert "Tháng kết thúc không được trước tháng bắt đầu." in body
    body = client.post(reverse("calculator-voluntary"), {**PAGE, "add_period": "1"}).content.decode()
    assert 'name="periods-1-start"' in body
    assert client.post(reverse("calculator-voluntary"), {**PAGE, "periods-TOTAL_FORMS": "x"}).status_code == 200
