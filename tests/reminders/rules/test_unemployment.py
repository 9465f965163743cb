"""Monthly job-search notice while on unemployment benefit (Law 74/2025/QH15 Art. 40-41): the benefit's start
day in each benefit month, clamped to the month's end; reminded 3 days before by default."""

from __future__ import annotations

from datetime import date

import pytest

from reminders.rules import Kind, UnemploymentFacts, due_job_search_report_due, job_search_report_days

pytestmark = pytest.mark.unit

D = date.fromisoformat
CLAIM = "5a0c1e52-3b1d-47c4-8d6e-0f8e7e1a2c33"


def claim(start: str, months: int, ended_on: str | None = None, report_day: int | None = None) -> UnemploymentFacts:
    return UnemploymentFacts(CLAIM, D(start), months, None if ended_on is None else D(ended_on), report_day)


@pytest.mark.parametrize(
    ("facts", "days"),
    [
        (claim("2026-01-31", 3), ["2026-01-31", "2026-02-28", "2026-03-31"]),  # 31st → months without it
        (claim("2028-01-31", 3), ["2028-01-31", "2028-02-29", "2028-03-31"]),  # leap year
        (claim("2027-12-30", 3), ["2027-12-30", "2028-01-30", "2028-02-29"]),
        (claim("2026-11-15", 3), ["2026-11-15", "2026-12-15", "2027-01-15"]),  # year end
        (claim("2026-01-31", 3, ended_on="2026-02-10"), ["2026-01-31"]),
        (claim("2026-01-31", 3, ended_on="2026-02-28"), ["2026-01-31", "2026-02-28"]),
        (claim("2026-03-25", 3, report_day=20), ["2026-04-20", "2026-05-20"]),  # 20/03 is before the start
        (claim("2026-03-05", 3, report_day=20), ["2026-03-20", "2026-04-20", "2026-05-20"]),
        (claim("2026-01-05", 3, report_day=31), ["2026-01-31", "2026-02-28", "2026-03-31"]),
        (claim("2026-03-01", 1), ["2026-03-01"]),
    ],
)
def test_job_search_report_days(facts, days):
    assert job_search_report_days(facts) == tuple(D(day) for day in days)


def test_job_search_report_days_can_skip_the_first_month():
    assert job_search_report_days(claim("2026-01-31", 3), skip_first_month=True) == (D("2026-02-28"), D("2026-03-31"))


@pytest.mark.parametrize(
    ("facts", "on", "report_on", "benefit_month"),
    [
        (claim("2026-01-31", 3), "2026-01-28", "2026-01-31", 1),
        (claim("2026-01-31", 3), "2026-02-25", "2026-02-28", 2),
        (claim("2026-01-31", 3), "2026-03-28", "2026-03-31", 3),
        (claim("2026-01-31", 3), "2026-02-24", None, None),
        (claim("2026-01-31", 3), "2026-02-26", None, None),
        (claim("2026-01-31", 3), "2026-04-27", None, None),  # after the last benefit month
        (claim("2026-01-31", 3), "2025-12-28", None, None),  # before the benefit
        (claim("2028-01-31", 3), "2028-02-26", "2028-02-29", 2),  # leap day
        (claim("2028-01-31", 3), "2028-02-25", None, None),
        (claim("2026-11-15", 3), "2026-12-12", "2026-12-15", 2),
        (claim("2026-11-15", 3), "2027-01-12", "2027-01-15", 3),  # across the year end
        (claim("2026-11-15", 3), "2027-02-12", None, None),
        (claim("2026-01-31", 3, ended_on="2026-02-10"), "2026-02-25", None, None),  # stopped early
        (claim("2026-03-25", 3, report_day=20), "2026-03-17", None, None),
        (claim("2026-03-25", 3, report_day=20), "2026-04-17", "2026-04-20", 2),
    ],
)
def test_job_search_report_due_table(facts, on, report_on, benefit_month):
    found = due_job_search_report_due(facts, on=D(on))
    if report_on is None:
        assert found == []
        return
    [due] = found
    assert due.kind is Kind.JOB_SEARCH_REPORT_DUE
    assert due.subject == f"job-search:{CLAIM}:{report_on}"
    assert due.due_on == D(on)
    assert dict(due.details) == {"report_on": report_on, "benefit_month": benefit_month, "days_left": 3}


def test_job_search_parameters():
    facts = claim("2026-01-31", 3)
    assert due_job_search_report_due(facts, on=D("2026-01-28"), skip_first_month=True) == []
    assert len(due_job_search_report_due(facts, on=D("2026-02-25"), skip_first_month=True)) == 1
    [same_day] = due_job_search_report_due(facts, on=D("2026-02-28"), lead_days=(0,))
    assert same_day.details["days_left"] == 0
    assert [
        due.details["days_left"] for due in due_job_search_report_due(facts, on=D("2026-02-21"), lead_days=(7, 3))
    ] == [7]


@pytest.mark.parametrize(("months", "report_day"), [(0, None), (3, 0), (3, 32)])
def test_unemployment_facts_checks(months, report_day):
    with pytest.raises(ValueError):
        claim("2026-01-31", months, report_day=report_day)
