"""Fixtures for the pure benefit rules: no database, no Django settings needed by the code under test."""

from __future__ import annotations

from datetime import date

import pytest

from benefits.rules.facts import (
    ContributionHistory,
    ContributionPeriod,
    Facts,
    Person,
    Region,
    Scheme,
    Sector,
    Sex,
)
from benefits.rules.money import Month
from benefits.rules.params import ParameterSet, load_parameter_set

AS_OF = date(2026, 11, 25)


@pytest.fixture(scope="session")
def params() -> ParameterSet:
    return load_parameter_set()


def period(
    start: str,
    end: str,
    salary: int = 10_000_000,
    scheme: str = "compulsory",
    region: str = "I",
    hazardous: bool = False,
    unemployment_insured: bool | None = None,
    sector: str = "private",
) -> ContributionPeriod:
    return ContributionPeriod(
        Month.parse(start),
        Month.parse(end),
        Scheme(scheme),
        salary,
        Region(region),
        hazardous,
        unemployment_insured,
        Sector(sector),
    )


def facts(sex: str, birth: str, *periods: ContributionPeriod) -> Facts:
    return Facts(Person(Sex(sex), date.fromisoformat(birth)), ContributionHistory.from_periods(periods))
