"""Retirement age: every row of Appendix A (normal) and Appendix B (lowest age) in data/retirement_tables.md is reproduced."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from benefits.rules.facts import Sex
from benefits.rules.money import Month
from benefits.rules.params import ParameterNotFoundError
from benefits.rules.retirement_age import required_age_months, statutory_retirement

from .conftest import AS_OF

pytestmark = pytest.mark.unit

TABLES_MD = Path(__file__).resolve().parent / "data" / "retirement_tables.md"
ROW = re.compile(r"^\| (\d{2})/(\d{4}) \| (\d+)y(\d+)m \| (\d{2})/(\d{4}) \| (\d{2})/(\d{4}) \|$")


def _appendix_rows(appendix: str) -> list[tuple[Sex, Month, int, Month, Month]]:
    """Rows of one appendix of the retirement tables: (sex, birth month, age in months, month reached, pension month)."""
    text = TABLES_MD.read_text(encoding="utf-8")
    start = text.index(f"## Appendix {appendix}.")
    end = text.find("\n## Appendix", start + 1)
    rows = []
    sex = None
    for line in text[start : end if end != -1 else None].splitlines():
        if line.startswith("### Men"):
            sex = Sex.MALE
        elif line.startswith("### Women"):
            sex = Sex.FEMALE
        match = ROW.match(line.strip())
        if match:
            bm, by, ay, am, rm, ry, pm, py = (int(g) for g in match.groups())
            assert sex is not None
            rows.append((sex, Month(by, bm), ay * 12 + am, Month(ry, rm), Month(py, pm)))
    return rows


APPENDIX_A = _appendix_rows("A")
APPENDIX_B = _appendix_rows("B")


def test_appendix_tables_parsed_completely():
    # Men 1961-1966 and women 1966-1975 (A); men 1966-1971 and women 1971-1980 (B): 12 rows a year.
    assert len(APPENDIX_A) == 6 * 12 + 10 * 12
    assert len(APPENDIX_B) == 6 * 12 + 10 * 12


@pytest.mark.parametrize(("sex", "birth", "age", "reached", "pension"), APPENDIX_A, ids=lambda v: str(v))
def test_retirement_matches_appendix_a(params, sex, birth, age, reached, pension):
    for day in (1, 15, 28):
        result = statutory_retirement(sex, date(birth.year, birth.month, day), params, AS_OF)
        assert (result.age_months, result.reached) == (age, reached)
        assert result.pension_start == pension.first_day()


@pytest.mark.parametrize(("sex", "birth", "age", "reached", "pension"), APPENDIX_B, ids=lambda v: str(v))
def test_lowest_retirement_matches_appendix_b(params, sex, birth, age, reached, pension):
    result = statutory_retirement(sex, date(birth.year, birth.month, 10), params, AS_OF, reduction_months=60)
    assert (result.age_months, result.reached, result.pension_start) == (age, reached, pension.first_day())
    assert result.reduction_months == 60


@pytest.mark.parametrize(
    ("sex", "birth", "years", "months", "reached"),
    [
        (Sex.MALE, date(1960, 12, 31), 60, 0, Month(2020, 12)),  # reached 60 before the roadmap
        (Sex.MALE, date(1961, 1, 1), 60, 3, Month(2021, 4)),  # first roadmap row
        (Sex.FEMALE, date(1965, 12, 1), 55, 0, Month(2020, 12)),
        (Sex.FEMALE, date(1966, 1, 1), 55, 4, Month(2021, 5)),
        (Sex.MALE, date(1990, 7, 4), 62, 0, Month(2052, 7)),  # after the table: 62y0m
        (Sex.FEMALE, date(1995, 6, 20), 60, 0, Month(2055, 6)),  # after the table: 60y0m
    ],
)
def test_retirement_outside_appendix_ranges(params, sex, birth, years, months, reached):
    result = statutory_retirement(sex, birth, params, AS_OF)
    assert (result.years, result.months, result.reached) == (years, months, reached)
    assert result.text() == f"{years}y{months}m"


def test_required_age_by_year(params):
    roadmap = params.value_on("retirement_age_roadmap", AS_OF)
    assert [required_age_months(roadmap, Sex.MALE, y) for y in (2020, 2021, 2026, 2028, 2040)] == [
        720,
        723,
        738,
        744,
        744,
    ]
    assert [required_age_months(roadmap, Sex.FEMALE, y) for y in (2020, 2021, 2026, 2035, 2036)] == [
        660,
        664,
        684,
        720,
        720,
    ]


@pytest.mark.parametrize("reduction", [-1, 61])
def test_reduction_out_of_range_rejected(params, reduction):
    with pytest.raises(ValueError, match="reduction_months"):
        statutory_retirement(Sex.MALE, date(1970, 1, 1), params, AS_OF, reduction_months=reduction)


def test_roadmap_missing_before_2021(params):
    with pytest.raises(ParameterNotFoundError):
        statutory_retirement(Sex.MALE, date(1960, 1, 1), params, date(2020, 6, 1))
