"""The public calculator through HTTP: every worked case, and every kind of bad input."""

import copy
import json
from pathlib import Path

import pytest
from rest_framework.test import APIClient

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

CASES = json.loads((Path(__file__).resolve().parent / "data" / "cases.json").read_text())
URL = "/api/v1/calculator/"
VALID = {
    "as_of": "2026-11-25",
    "person": {"sex": "male", "birth_date": "1966-05-15"},
    "periods": [
        {"start": "2008-11", "end": "2026-10", "scheme": "compulsory", "monthly_salary": 10000000, "region": "I"}
    ],
    "events": {"unemployment": {"termination_date": "2026-10-31", "lawful": True, "contract_months": 36}},
}


def dotted(data, path):
    for part in path.split("."):
        data = data[part]
    return data


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_worked_case_through_the_api(case):
    response = APIClient().post(URL, case["request"], format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    for path, expected in case["expect"].items():
        assert dotted(body, path) == expected, path


def test_response_contract_shape():
    body = APIClient().post(URL, VALID, format="json").json()
    assert body["as_of"] == "2026-11-25"
    assert set(body) >= {"contribution_months", "old_age", "sickness", "maternity", "unemployment"}
    assert body["maternity"] is None
    for reason in body["old_age"]["reasons"]:
        assert set(reason) >= {"code", "met", "detail", "law"}


def test_as_of_defaults_to_today():
    request = copy.deepcopy(VALID)
    del request["as_of"]
    assert APIClient().post(URL, request, format="json").status_code == 200


def with_change(change):
    request = copy.deepcopy(VALID)
    change(request)
    return request


BAD = {
    "unknown scheme": (lambda r: r["periods"][0].update(scheme="informal"), ["periods"]),
    "end before start": (lambda r: r["periods"][0].update(start="2026-10", end="2026-01"), ["periods"]),
    "overlapping same scheme": (
        lambda r: r["periods"].append(
            {"start": "2010-01", "end": "2010-12", "scheme": "compulsory", "monthly_salary": 5000000}
        ),
        ["periods"],
    ),
    "month format": (lambda r: r["periods"][0].update(start="11/2008"), ["periods"]),
    "month 13": (lambda r: r["periods"][0].update(start="2008-13"), ["periods"]),
    "date format": (lambda r: r["person"].update(birth_date="15/05/1966"), ["person"]),
    "negative salary": (lambda r: r["periods"][0].update(monthly_salary=-1), ["periods"]),
    "fractional salary": (lambda r: r["periods"][0].update(monthly_salary=1.5), ["periods"]),
    "birth after as_of": (lambda r: r["person"].update(birth_date="2027-01-01"), ["person"]),
    "unknown sex": (lambda r: r["person"].update(sex="x"), ["person"]),
    "missing person": (lambda r: r.pop("person"), ["person"]),
    "bad region": (lambda r: r["periods"][0].update(region="V"), ["periods"]),
    "too many periods": (
        lambda r: r.update(
            periods=[
                {
                    "start": f"{1900 + i // 12:04d}-{i % 12 + 1:02d}",
                    "end": f"{1900 + i // 12:04d}-{i % 12 + 1:02d}",
                    "scheme": "compulsory",
                    "monthly_salary": 1,
                }
                for i in range(601)
            ]
        ),
        ["periods"],
    ),
    "months used negative": (lambda r: r["events"]["unemployment"].update(months_used_before=-1), ["events"]),
    "months used not a number": (lambda r: r["events"]["unemployment"].update(months_used_before="x"), ["events"]),
    "unknown group": (lambda r: r["periods"][0].update(group="z"), ["periods"]),
    "unknown sector": (lambda r: r["periods"][0].update(sector="public"), ["periods"]),
    "unemployment_insured not a boolean": (lambda r: r["periods"][0].update(unemployment_insured="maybe"), ["periods"]),
    "voluntary months as unemployment insurance": (
        lambda r: r["periods"][0].update(scheme="voluntary", unemployment_insured=True),
        ["periods"],
    ),
    "bad termination date": (lambda r: r["events"]["unemployment"].update(termination_date="2026-02-30"), ["events"]),
    "no figures for the date": (lambda r: r.update(as_of="1950-01-01"), None),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_gets_field_errors(name):
    change, fields = BAD[name]
    response = APIClient().post(URL, with_change(change), format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    if fields:
        assert set(fields) <= set(body), body


def test_overlap_error_points_at_the_period():
    response = APIClient().post(URL, with_change(BAD["overlapping same scheme"][0]), format="json")
    assert list(response.json()["periods"]) == ["1"]
    assert response.json()["periods"]["1"]["start"]


def test_periods_of_different_schemes_may_overlap():
    request = with_change(
        lambda r: r["periods"].append(
            {"start": "2010-01", "end": "2010-12", "scheme": "voluntary", "monthly_salary": 5000000}
        )
    )
    assert APIClient().post(URL, request, format="json").status_code == 200


def test_garbage_and_oversized_bodies_are_400_not_500():
    api = APIClient()
    assert api.post(URL, "{not json", content_type="application/json").status_code == 400
    assert api.post(URL, [], format="json").status_code == 400
    big = with_change(lambda r: r.update(padding="x" * 70_000))
    response = api.post(URL, big, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "too_large"


def test_errors_are_translated():
    request = with_change(BAD["end before start"][0])
    vi = APIClient().post(URL, request, format="json", HTTP_ACCEPT_LANGUAGE="vi").json()
    en = APIClient().post(URL, request, format="json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert en["periods"]["0"]["end"] == ["The end month cannot be before the start month."]
    assert vi["periods"]["0"]["end"] == ["Tháng kết thúc không được trước tháng bắt đầu."]


def test_calculator_is_throttled(settings):
    api = APIClient()
    statuses = [api.post(URL, VALID, format="json").status_code for _ in range(32)]
    assert statuses[:30] == [200] * 30
    assert statuses[-1] == 429


# --- Issue 16: the new optional inputs and the answers they change ------------------------------------------------

ISSUE_16 = [
    # (name, request change, field, old answer, new answer)
    (
        "20 years of SI, 26 months after 2009 (item 1)",
        lambda r: r.update(
            person={"sex": "male", "birth_date": "1970-03-03"},
            periods=[
                {"start": "1988-11", "end": "2006-12", "scheme": "compulsory", "monthly_salary": 10000000},
                {"start": "2024-09", "end": "2026-10", "scheme": "compulsory", "monthly_salary": 10000000},
            ],
        ),
        "unemployment.benefit_months",
        12,
        3,
    ),
    (
        "a civil-service post outside unemployment insurance (item 1)",
        lambda r: r.update(
            person={"sex": "male", "birth_date": "1970-03-03"},
            periods=[
                {
                    "start": "2009-01",
                    "end": "2024-08",
                    "scheme": "compulsory",
                    "monthly_salary": 10000000,
                    "unemployment_insured": False,
                    "sector": "state",
                },
                {"start": "2024-09", "end": "2026-10", "scheme": "compulsory", "monthly_salary": 10000000},
            ],
        ),
        "unemployment.benefit_months",
        12,
        3,
    ),
    (
        "48 months used by an earlier benefit (item 1)",
        lambda r: r["events"]["unemployment"].update(months_used_before=48),
        "unemployment.benefit_months",
        12,
        12,  # 214 UI months - 48 = 166: still 12
    ),
    (
        "26y10m on the State's salary scale, joined 01/2000 (item 4)",
        lambda r: r.update(
            person={"sex": "female", "birth_date": "1970-03-03"},
            periods=[
                {"start": s, "end": e, "scheme": "compulsory", "monthly_salary": pay, "sector": "state"}
                for s, e, pay in (
                    ("2000-01", "2019-06", 3000000),
                    ("2019-07", "2023-06", 5960000),
                    ("2023-07", "2024-06", 7200000),
                    ("2024-07", "2026-06", 9360000),
                    ("2026-07", "2026-10", 10120000),
                )
            ],
            events={},
        ),
        "old_age.projected_monthly_pension",
        5_065_250,
        6_982_800,
    ),
    (
        "maternity on 80,000,000 a month (item 2)",
        lambda r: r.update(
            person={"sex": "female", "birth_date": "1994-04-04"},
            periods=[{"start": "2024-01", "end": "2026-10", "scheme": "compulsory", "monthly_salary": 80000000}],
            events={"maternity": {"birth_date": "2026-11-20"}},
        ),
        "maternity.monthly_benefit",
        80_000_000,
        49_333_333,
    ),
]


def _reason(body: dict, benefit: str, code: str) -> dict | None:
    return next((r for r in body[benefit]["reasons"] if r["code"] == code), None)


def test_issue_16_voluntary_lump_sum_and_withdrawal_through_the_api():
    """Items 3 and 6: 16 months short at pension age, stopped in 08/2026; and the same, still contributing."""
    request = with_change(
        lambda r: r.update(
            person={"sex": "female", "birth_date": "1960-03-03"},
            periods=[{"start": "2013-01", "end": "2026-08", "scheme": "compulsory", "monthly_salary": 8000000}],
            events={},
        )
    )
    body = APIClient().post(URL, request, format="json").json()
    assert body["old_age"]["months_missing"] == 16
    assert _reason(body, "old_age", "voluntary_top_up")["met"] is True  # old: absent
    assert _reason(body, "old_age", "monthly_allowance_option")["met"] is True  # old: absent
    assert _reason(body, "old_age", "one_time_payment")["met"] is True
    request["periods"][0]["end"] = "2026-11"
    request["periods"][0]["start"] = "2013-04"
    body = APIClient().post(URL, request, format="json").json()
    assert _reason(body, "old_age", "one_time_payment")["met"] is False  # old: true while still contributing


def test_issue_16_minimum_pension_group_through_the_api():
    low = {"start": "2001-01", "end": "2026-10", "scheme": "compulsory", "monthly_salary": 1000000}
    request = with_change(lambda r: r.update(person={"sex": "male", "birth_date": "1960-01-01"}, periods=[low]))
    assert _reason(APIClient().post(URL, request, format="json").json(), "old_age", "minimum_pension")
    request["periods"][0]["group"] = "m"  # a household-business owner: no minimum pension (old: raised to it)
    assert _reason(APIClient().post(URL, request, format="json").json(), "old_age", "minimum_pension") is None


@pytest.mark.parametrize(("name", "change", "field", "old", "new"), ISSUE_16, ids=[c[0] for c in ISSUE_16])
def test_issue_16_answers(name, change, field, old, new):
    response = APIClient().post(URL, with_change(change), format="json")
    assert response.status_code == 200, response.content
    assert dotted(response.json(), field) == new


def test_voluntary_unemployment_error_is_translated():
    request = with_change(BAD["voluntary months as unemployment insurance"][0])
    vi = APIClient().post(URL, request, format="json", HTTP_ACCEPT_LANGUAGE="vi").json()
    en = APIClient().post(URL, request, format="json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert en["periods"]["0"]["unemployment_insured"] == [
        "Voluntary insurance does not include unemployment insurance."
    ]
    assert vi["periods"]["0"]["unemployment_insured"] != en["periods"]["0"]["unemployment_insured"]


def test_schema_documents_the_new_inputs():
    schema = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    for name in ("unemployment_insured", "sector", "months_used_before"):
        assert name in schema
