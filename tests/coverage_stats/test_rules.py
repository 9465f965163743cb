"""Rates, gaps and year-on-year change against hand-computed figures (no database)."""

from decimal import Decimal

import pytest

from coverage_stats.rules import Counts, gap_people, rate_percent, scheme_figures

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("covered", "denominator", "expected"),
    [
        (0, 10, Decimal("0.0")),
        (1, 3, Decimal("33.3")),  # 33.333...
        (2, 3, Decimal("66.7")),  # 66.666...
        (247, 2000, Decimal("12.4")),  # 12.35 rounds half up
        (10, 10, Decimal("100.0")),
        (12, 10, Decimal("120.0")),  # more people insured than the population figure: shown, not capped
    ],
)
def test_rate_percent_one_decimal_half_up(covered, denominator, expected):
    assert rate_percent(covered, denominator) == expected


def test_rate_percent_without_denominator_is_none():
    assert rate_percent(5, 0) is None


@pytest.mark.parametrize(
    ("target", "denominator", "covered", "expected"),
    [
        (Decimal("95.0"), 1000, 900, 50),  # 950 needed
        (Decimal("95.0"), 1001, 900, 51),  # 950.95 -> 951 people
        (Decimal("45.0"), 7, 0, 4),  # 3.15 -> 4
        (Decimal("95.0"), 1000, 960, 0),  # already above: floored at 0
        (Decimal("100.0"), 1000, 1000, 0),
    ],
)
def test_gap_people_ceils_and_floors_at_zero(target, denominator, covered, expected):
    assert gap_people(target, denominator, covered) == expected


def test_scheme_figures_of_a_small_population_with_a_year_ago():
    counts = Counts(hi_insured=9, si_compulsory=3, si_voluntary=1, ui_contributors=2, population=12, labour_force=8)
    year_ago = Counts(hi_insured=6, si_compulsory=2, si_voluntary=0, ui_contributors=2, population=12, labour_force=8)
    targets = {"hi": Decimal("95.0"), "si": Decimal("45.0"), "ui": Decimal("35.0")}
    figures = scheme_figures(counts, year_ago, targets)
    hi, si, ui = figures["hi"], figures["si"], figures["ui"]
    assert (hi.covered, hi.denominator, hi.rate, hi.gap) == (9, 12, Decimal("75.0"), 3)  # ceil(11.4) = 12 - 9
    assert (hi.covered_change, hi.rate_change) == (3, Decimal("25.0"))  # 50.0 -> 75.0
    assert (si.covered, si.rate, si.gap) == (4, Decimal("50.0"), 0)  # ceil(3.6) = 4, reached
    assert (si.covered_change, si.rate_change) == (2, Decimal("25.0"))
    assert (ui.covered, ui.rate, ui.gap, ui.rate_change) == (2, Decimal("25.0"), 1, Decimal("0.0"))  # ceil(2.8)=3


def test_scheme_figures_without_year_ago_or_target():
    counts = Counts(1, 0, 0, 0, 0, 4)
    figures = scheme_figures(counts, None, {})
    assert figures["hi"].rate is None and figures["hi"].gap is None and figures["hi"].covered_change is None
    assert figures["si"].rate == Decimal("0.0") and figures["si"].target is None
