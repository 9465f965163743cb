"""Issue 18 leftover: the API accepts what its schema calls valid and refuses what it calls invalid. Each test
replays an input schemathesis' positive_data_acceptance / negative_data_rejection checks found handled the wrong
way (tests/bhxh_portal/test_api_schema.py), so the fix holds without schemathesis finding it again."""

import datetime
import json

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.services import auth_token_create
from tests import factories
from tests.employers.employer_support import hr_member

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PERIOD = {"start": "2010-01", "end": "2016-12", "scheme": "compulsory", "monthly_salary": 6_000_000}
CALCULATOR = {"as_of": "2026-11-25", "person": {"sex": "female", "birth_date": "1980-03-10"}, "periods": [PERIOD]}


def api_as(user=None) -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE="vi")
    if user is not None:
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {auth_token_create(user=user)[1]}")
    return api


@pytest.fixture
def citizen():
    participant = factories.ParticipantFactory(user=factories.UserFactory(username="c-input"))
    factories.ContributionFactory(participant=participant)
    return participant


@pytest.fixture
def employer_api():
    employer = factories.EmployerFactory()
    return api_as(hr_member(employer, username="hr-input")), employer


# --- Bodies: JSON only, typed strictly -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/calculator/", "/api/v1/calculator/household/"])
@pytest.mark.parametrize("encoding", ["multipart", "form"])
def test_a_form_encoded_body_is_refused_with_415(path, encoding, citizen):
    """The schema offered form bodies that cannot carry the nested objects; valid ones were refused with 400."""
    api = api_as()
    if encoding == "multipart":
        response = api.post(
            path, {"username": citizen.national_id, "password": "mật-khẩu-thử-2026"}, format="multipart"
        )
    else:
        body = f"username={citizen.national_id}&password=x"
        response = api.post(path, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"
    assert not AuthToken.objects.exists()


def test_the_schema_documents_json_bodies_only():
    schema = json.loads(api_as().get("/api/v1/schema/", HTTP_ACCEPT="application/json").content)
    media = {
        media_type
        for path in schema["paths"].values()
        for operation in path.values()
        for media_type in operation.get("requestBody", {}).get("content", {})
    }
    assert media == {"application/json"}
    with_body = [op for path in schema["paths"].values() for op in path.values() if "requestBody" in op]
    assert with_body and all("415" in op["responses"] for op in with_body)


@pytest.mark.parametrize(
    ("field", "value"),
    [("hazardous", 1), ("hazardous", "true"), ("monthly_salary", "6000000"), ("monthly_salary", True), ("end", 201612)],
)
def test_a_value_of_another_json_type_is_a_field_error(field, value):
    """DRF read 1 as true, "6000000" as 6,000,000 and 201612 as the text "201612": invalid input was answered."""
    body = {**CALCULATOR, "periods": [{**PERIOD, field: value}]}
    response = api_as().post("/api/v1/calculator/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"periods": {"0": {field: ["Giá trị này không đúng kiểu dữ liệu."]}}}


def test_numbers_of_months_stay_numbers_and_a_username_stays_text(citizen):
    voluntary = {**CALCULATOR, "monthly_income": 3_000_000, "cycle_months": 3}
    assert api_as().post("/api/v1/calculator/voluntary/", voluntary, format="json").status_code == 200
    wrong = api_as().post("/api/v1/calculator/voluntary/", {**voluntary, "cycle_months": "3"}, format="json")
    assert wrong.status_code == 400 and list(wrong.json()) == ["cycle_months"]
    token = api_as().post("/api/v1/auth/token/", {"username": 12, "password": "x"}, format="json")
    assert token.status_code == 400 and list(token.json()) == ["username"]


def test_household_members_are_one_to_thirty_as_the_schema_says():
    api = api_as()
    empty = api.post("/api/v1/calculator/household/", {"members": []}, format="json")
    assert empty.status_code == 400 and empty.json() == {"members": ["Thêm ít nhất một thành viên."]}
    too_many = api.post("/api/v1/calculator/household/", {"members": [{}] * 31}, format="json")
    assert too_many.status_code == 400 and too_many.json() == {"members": ["Một hộ gia đình có tối đa 30 thành viên."]}
    one = api.post("/api/v1/calculator/household/", {"on": "2026-07-01", "members": [{}]}, format="json")
    assert one.status_code == 200 and one.json()["members"][0]["support_group"] == "none"
    schema = json.loads(api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content)
    members = schema["components"]["schemas"]["HouseholdRequestRequest"]["properties"]["members"]
    assert (members["minItems"], members["maxItems"]) == (1, 30)


@pytest.mark.parametrize("month", ["２０２６-01", "2026-1", "0000-01", "2026-01\n", "1899-12"])
def test_a_period_month_is_four_ascii_digits_and_a_real_month(month):
    """`\\d{4}` in the schema let generated months in other scripts' digits through, which the API refused."""
    body = {**CALCULATOR, "periods": [{**PERIOD, "start": month}]}
    response = api_as().post("/api/v1/calculator/", body, format="json")
    assert response.status_code == 400 and list(response.json()["periods"]["0"]) == ["start"]


def test_checkin_body_is_one_of_token_or_national_id_in_the_schema():
    schema = json.loads(api_as().get("/api/v1/schema/", HTTP_ACCEPT="application/json").content)
    body = schema["paths"]["/api/v1/checkins/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    shapes = body["oneOf"]
    assert [shape["required"] for shape in shapes] == [["token"], ["national_id"]]
    # each shape excludes the other key, so a body with both is invalid by the schema, as the API says
    assert [shape["not"] for shape in shapes] == [{"required": ["national_id"]}, {"required": ["token"]}]
    assert schema["paths"]["/api/v1/checkins/"]["post"]["requestBody"]["required"] is True
    assert shapes[1]["properties"]["national_id"]["pattern"] == "^[0-9]{12}$"


# --- Query parameters: documented and read strictly ------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?colour=red", "colour"),  # a name the operation does not take
        ("?page=1&page=2", "page"),  # given twice
        ("?page_size=null", "page_size"),  # was read as "no page size"
        ("?page_size=121", "page_size"),  # was cut silently to 120
        ("?page=0", "page"),
        ("?year=0", "year"),
        ("?year=", "year"),
    ],
)
def test_contribution_list_refuses_bad_query_parameters(citizen, query, field):
    response = api_as(citizen.user).get(f"/api/v1/me/contributions/{query}")
    assert response.status_code == 400 and list(response.json()) == [field]


@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/me/coverage/", "/api/v1/me/checkin-token/"])
def test_operations_without_parameters_refuse_any(citizen, path):
    response = api_as(citizen.user).get(f"{path}?colour=red")
    assert response.status_code == 400 and list(response.json()) == ["colour"]


def test_query_errors_are_in_vietnamese(citizen):
    api = api_as(citizen.user)
    assert api.get("/api/v1/me/contributions/?year=0").json() == {"year": ["Nhập năm, ví dụ 2026."]}
    assert api.get("/api/v1/me/?debug=1").json() == {"debug": ["Tham số này không dùng được ở đây."]}
    assert api.get("/api/v1/me/notifications/?page=1&page=1").json() == {"page": ["Chỉ gửi tham số này một lần."]}


def test_valid_query_parameters_are_accepted(citizen):
    api = api_as(citizen.user)
    year = citizen.contributions.get().month.year
    page = api.get(f"/api/v1/me/contributions/?year={year}&page=1&page_size=120")
    assert page.status_code == 200 and page.json()["count"] == 1
    assert api.get("/api/v1/me/notifications/?page_size=100").status_code == 200
    assert api.get("/api/v1/me/coverage/").status_code == 200


@pytest.mark.parametrize("query", ["?expected_birth=", "?expected_birth=31/12/2026", "?expected_birth=2026-02-31"])
def test_eligibility_refuses_an_empty_or_malformed_birth_date(citizen, query):
    """`?expected_birth=` was read as "no birth" and answered 200."""
    response = api_as(citizen.user).get(f"/api/v1/me/eligibility/{query}")
    assert response.status_code == 400 and list(response.json()) == ["expected_birth"]


def test_eligibility_takes_an_iso_birth_date(citizen):
    soon = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
    response = api_as(citizen.user).get(f"/api/v1/me/eligibility/?expected_birth={soon}")
    assert response.status_code == 200 and response.json()["maternity"] is not None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?tab=employment_overlap", "tab"),
        ("?sort=iat", "sort"),
        ("?expiring=participant__cards", "expiring"),
        ("?employer=not-a-uuid", "employer"),
        ("?q=ab%00c", "q"),  # a NUL byte
        ("?cursor=", "cursor"),
    ],
)
def test_staff_list_refuses_bad_query_parameters(employer_api, query, field):
    api, _employer = employer_api
    response = api.get(f"/api/v1/employer/staff/{query}")
    assert response.status_code == 400 and list(response.json()) == [field]


def test_staff_list_takes_every_documented_value(employer_api):
    api, employer = employer_api
    query = f"?employer={employer.public_id}&tab=left&q=&expiring=false&uncovered=true&arrears=0&sort=-unpaid"
    response = api.get(f"/api/v1/employer/staff/{query}")
    assert response.status_code == 200 and response.json() == {"count": 0, "next": None, "results": []}
    forged = api.get("/api/v1/employer/staff/?cursor=forged")
    assert forged.status_code == 404 and forged.json()["code"] == "not_found"


@pytest.mark.parametrize("month", ["%D9%A2%D9%A0%D9%A2%D9%A6-01", "2026-1", "2026-13", "2026-01-05", ""])
def test_employer_contributions_month_is_exactly_yyyy_mm(employer_api, month):
    api, _employer = employer_api
    response = api.get(f"/api/v1/employer/contributions/?month={month}")
    assert response.status_code == 400
    assert response.json() == {"month": ["Nhập tháng dạng YYYY-MM, ví dụ 2026-10."]}


def test_employer_contributions_takes_a_month(employer_api):
    api, _employer = employer_api
    response = api.get("/api/v1/employer/contributions/?month=2026-01")
    assert response.status_code == 200 and response.json()["month"] == "2026-01"
