"""The one-time payment comparison through HTTP: the API contract, bad input, and the page."""

import copy

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from benefits.api.planners import WITHDRAWAL_EXAMPLE

from .test_pages import CALC

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

URL = "/api/v1/calculator/withdrawal/"
VALID = next(iter(WITHDRAWAL_EXAMPLE.values()))


def test_both_sides_in_the_answer():
    body = APIClient().post(URL, VALID, format="json").json()
    assert body["withdraw"] == {
        "may_withdraw": True,
        "case": "out_of_insurance",
        "opens_from": None,
        "settled_on": "2027-01-15",
        "months": {"total": 192, "before_2014": 48, "from_2014": 144},
        "average_salary": 10_400_000,
        "gross_amount": 312_000_000,
        "state_support_paid_back": 0,
        "amount": 312_000_000,
    }
    keep = body["keep"]
    assert keep["months_kept"] == 192 and keep["future_monthly_income"] == 1_500_000
    assert keep["pension_start"] == "2047-06-01" and keep["estimated_monthly_pension"] > 0
    assert keep["health_insurance_with_pension"] is True
    assert body["social_pension"] == {"age": 75, "from": "2060-05-05", "monthly_amount": 500_000}
    assert [r["code"] for r in body["reasons"]] == [
        "withdrawal_payment",
        "withdrawal_other_cases",
        "keep_pension",
        "keep_social_pension",
    ]


def test_not_yet_open():
    body = APIClient().post(URL, {**VALID, "as_of": "2026-11-25"}, format="json").json()
    assert body["withdraw"]["may_withdraw"] is False and body["withdraw"]["opens_from"] == "2027-01"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b.update(future_monthly_income=1000), "future_monthly_income"),
        (lambda b: b.update(future_monthly_income=-1), "future_monthly_income"),
        (lambda b: b.update(support_group="x"), "support_group"),
        (lambda b: b["person"].update(sex="x"), "person"),
        (lambda b: b["periods"][0].update(start="2010/01"), "periods"),
        (lambda b: b.update(as_of="1990-01-01"), "as_of"),
    ],
)
def test_bad_input_is_400_field_by_field(change, field):
    body = copy.deepcopy(VALID)
    change(body)
    response = APIClient().post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_schema_documents_the_comparison():
    schema = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/calculator/withdrawal/" in schema and "future_monthly_income" in schema


PAGE = {
    **CALC,
    "birth_date": "1985-05-05",
    "periods-0-start": "2010-01",
    "periods-0-end": "2025-12",
    "periods-0-monthly_salary": "8000000",
    "support_group": "other",
}


def test_page_shows_both_sides(client):
    body = client.post(reverse("calculator-withdrawal"), PAGE).content.decode()
    assert "Nhận BHXH một lần" in body and "Bảo lưu thời gian đóng" in body
    assert "312.000.000\u00a0₫" in body and "01/06/2047" in body and "500.000\u00a0₫" in body


def test_page_errors(client):
    body = client.post(reverse("calculator-withdrawal"), {**PAGE, "future_monthly_income": "1000"}).content.decode()
    assert "từ 1.500.000\u00a0₫ đến 50.600.000\u00a0₫" in body
