from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from types import MappingProxyType

import pytest

from benefits.rules.params import (
    DEFAULT_PARAMETERS_PATH,
    ParameterError,
    ParameterNotFoundError,
    ParameterRow,
    ParameterSet,
    load_parameter_set,
    parameter_set_from_dict,
    reference_amount,
    validate_rows,
)

pytestmark = pytest.mark.unit


def row(name="x", frm="2025-01-01", to=None, value=1, key=None, source="Law 1"):
    return ParameterRow(
        name=name,
        effective_from=date.fromisoformat(frm),
        effective_to=date.fromisoformat(to) if to else None,
        value=value,
        source=source,
        key=key,
    )


def test_shipped_file_loads_and_every_row_has_a_source(params):
    assert DEFAULT_PARAMETERS_PATH.name == "policy_parameters.json"
    assert params.rows
    assert all(r.source.strip() and r.mark in {"C", "C2", "M"} for r in params.rows)


def test_shipped_file_reads_decimals_not_floats():
    data = json.loads(DEFAULT_PARAMETERS_PATH.read_text(encoding="utf-8"))
    assert data["schema"] == 1
    params = load_parameter_set(DEFAULT_PARAMETERS_PATH)
    rate = params.value_on("unemployment_benefit", date(2026, 1, 1)).value["rate"]
    assert isinstance(rate, Decimal) and rate == Decimal("0.6")


@pytest.mark.parametrize(
    ("name", "on", "key", "value", "version"),
    [
        ("base_salary", date(2026, 6, 30), None, 2_340_000, "base_salary@2024-07-01"),
        ("base_salary", date(2026, 7, 1), None, 2_530_000, "base_salary@2026-07-01"),
        ("reference_level", date(2026, 11, 25), None, 2_530_000, "reference_level@2026-07-01"),
        ("regional_minimum_wage", date(2025, 12, 31), "I", 4_960_000, "regional_minimum_wage[I]@2024-07-01"),
        ("regional_minimum_wage", date(2026, 1, 1), "I", 5_310_000, "regional_minimum_wage[I]@2026-01-01"),
        ("regional_minimum_wage", date(2026, 1, 1), "II", 4_730_000, "regional_minimum_wage[II]@2026-01-01"),
        ("regional_minimum_wage", date(2026, 1, 1), "III", 4_140_000, "regional_minimum_wage[III]@2026-01-01"),
        ("regional_minimum_wage", date(2026, 1, 1), "IV", 3_700_000, "regional_minimum_wage[IV]@2026-01-01"),
        ("pension_min_years", date(2025, 6, 30), None, 20, "pension_min_years@2016-01-01"),
        ("pension_min_years", date(2025, 7, 1), None, 15, "pension_min_years@2025-07-01"),
    ],
)
def test_value_on_returns_value_version_and_source(params, name, on, key, value, version):
    found = params.value_on(name, on, key=key)
    assert found.value == value
    assert found.version == version
    assert found.source
    assert found.effective_from <= on


def test_revaluation_tables(params):
    table = params.value_on("revaluation_coefficients", date(2026, 3, 1), key="compulsory").value
    assert table["before_first_year"] == Decimal("5.81")
    assert table["by_year"]["1995"] == Decimal("4.91")
    assert table["by_year"]["2008"] == Decimal("2.29")
    assert table["by_year"]["2026"] == Decimal("1.00")
    voluntary = params.value_on("revaluation_coefficients", date(2025, 3, 1), key="voluntary").value
    assert min(voluntary["by_year"]) == "2008" and voluntary["by_year"]["2008"] == Decimal("2.21")


def test_reference_amount_falls_back_to_base_salary(params):
    assert reference_amount(params, date(2025, 6, 30)).name == "base_salary"
    assert reference_amount(params, date(2025, 6, 30)).value == 2_340_000
    assert reference_amount(params, date(2026, 7, 1)).name == "reference_level"


def test_value_on_errors():
    params = ParameterSet((row(frm="2025-01-01", to="2025-12-31"),))
    with pytest.raises(ParameterNotFoundError, match="unknown parameter y"):
        params.value_on("y", date(2025, 1, 1))
    with pytest.raises(ParameterNotFoundError, match="unknown parameter x \\[k\\]"):
        params.value_on("x", date(2025, 1, 1), key="k")
    with pytest.raises(ParameterNotFoundError, match="in force on 2026-01-01"):
        params.value_on("x", date(2026, 1, 1))
    with pytest.raises(ParameterNotFoundError, match="x \\[k\\] in force"):
        ParameterSet((row(key="k", to="2025-01-31"),)).value_on("x", date(2026, 1, 1), key="k")
    assert params.find("x", date(2026, 1, 1)) is None
    assert params.find("nothing", date(2025, 1, 1)) is None
    assert params.find("x", date(2025, 5, 1)).value == 1


def test_value_nearest():
    params = ParameterSet(
        (row(frm="2025-01-01", to="2025-12-31", value=1), row(frm="2026-01-01", to="2026-12-31", value=2))
    )
    assert params.value_nearest("x", date(2026, 5, 1))[0].value == 2
    assert params.value_nearest("x", date(2026, 5, 1))[1] is True
    assert params.value_nearest("x", date(2028, 1, 1)) == (params.value_on("x", date(2026, 1, 1)), False)
    assert params.value_nearest("x", date(2020, 1, 1)) == (params.value_on("x", date(2025, 1, 1)), False)


def test_row_value_is_frozen():
    frozen = row(value={"a": [1, {"b": 2}]})
    assert isinstance(frozen.value, MappingProxyType)
    assert frozen.value["a"][1]["b"] == 2
    with pytest.raises(TypeError):
        frozen.value["a"] = 3  # type: ignore[index]
    assert isinstance(frozen.value["a"], tuple)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ((row(to=None), row(frm="2026-01-01")), "overlaps"),
        ((row(to="2025-12-31"), row(frm="2025-12-31")), "overlaps"),
        ((row(frm="2025-01-01", to="2024-12-31"),), "before effective_from"),
        ((row(source="  "),), "no legal source"),
    ],
)
def test_validator_rejects(rows, message):
    assert any(message in problem for problem in validate_rows(rows))
    with pytest.raises(ParameterError, match=message):
        ParameterSet(rows)


def test_validator_accepts_adjacent_ranges_and_other_keys():
    rows = (
        row(to="2025-12-31"),
        row(frm="2026-01-01"),
        row(key="I"),
        row(key="II"),
    )
    assert validate_rows(rows) == []
    assert ParameterSet(rows).value_on("x", date(2026, 2, 1)).version == "x@2026-01-01"


def test_loader_errors():
    with pytest.raises(ParameterError, match="missing source"):
        parameter_set_from_dict({"parameters": [{"name": "x", "effective_from": "2025-01-01", "value": 1}]})
    with pytest.raises(ParameterError, match="bad date"):
        parameter_set_from_dict(
            {"parameters": [{"name": "x", "effective_from": "2025-13-01", "value": 1, "source": "L"}]}
        )
    loaded = parameter_set_from_dict(
        {
            "parameters": [
                {"name": "x", "effective_from": "2025-01-01", "value": 1, "source": "L", "key": "I", "mark": "M"}
            ]
        }
    )
    assert loaded.rows[0].mark == "M"
    assert parameter_set_from_dict({}).rows == ()


# --- Issue 16, item 5: corrected and new policy data, each with its source ---------------------------------------


@pytest.mark.parametrize(
    ("name", "key", "day", "value", "source"),
    [
        # Resolution 116/NQ-CP: the employer's UI rate was 0 % from 10/2021 to 09/2022 (non-state employers).
        ("contribution_rate", "compulsory.employer.unemployment", "2021-09-30", Decimal("0.01"), "Law 38/2013"),
        ("contribution_rate", "compulsory.employer.unemployment", "2021-10-01", 0, "Resolution 116/NQ-CP"),
        ("contribution_rate", "compulsory.employer.unemployment", "2022-09-30", 0, "Resolution 116/NQ-CP"),
        ("contribution_rate", "compulsory.employer.unemployment", "2022-10-01", Decimal("0.01"), "Law 38/2013"),
        ("contribution_rate", "compulsory.employee.unemployment", "2022-01-01", Decimal("0.01"), "Law 38/2013"),
        # Decree 58/2020/NĐ-CP from 15/07/2020: 0.5 %, or 0.3 % for approved high-risk employers.
        (
            "contribution_rate",
            "compulsory.employer.occupational_accident",
            "2020-07-15",
            Decimal("0.005"),
            "Decree 58/2020",
        ),
        (
            "contribution_rate",
            "compulsory.employer.occupational_accident.reduced",
            "2020-07-15",
            Decimal("0.003"),
            "Decree 58/2020",
        ),
        (
            "unemployment_contribution_ceiling",
            None,
            "2026-01-01",
            {"minimum_wage_multiple": 20},
            "Law 74/2025/QH15 Art. 34(2)",
        ),
        ("social_pension_allowance", None, "2026-11-25", None, "Decree 176/2025"),
        ("voluntary_support", None, "2026-11-25", None, "Decree 159/2025/NĐ-CP Art. 5"),
        ("voluntary_top_up", None, "2026-11-25", {"max_missing_months": 60}, "Decree 159/2025/NĐ-CP Art. 7"),
        ("household_health_shares", None, "2026-11-25", None, "Decree 188/2025"),
    ],
)
def test_issue_16_policy_rows(params, name, key, day, value, source):
    found = params.value_on(name, date.fromisoformat(day), key=key)
    if value is not None:
        assert found.value == value
    assert source in found.source


def test_issue_16_allowances_and_shares(params):
    on = date(2026, 11, 25)
    social = params.value_on("social_pension_allowance", on).value
    assert (social["monthly_amount"], social["min_age"], social["min_age_poor_or_near_poor"]) == (500_000, 75, 70)
    support = params.value_on("voluntary_support", on).value
    assert {k: Decimal(str(v)) for k, v in support["shares"].items()} == {
        "poor": Decimal("0.5"),
        "near_poor": Decimal("0.4"),
        "ethnic_minority": Decimal("0.3"),
        "other": Decimal("0.2"),
    }
    assert support["max_months"] == 120
    shares = params.value_on("household_health_shares", on).value["shares"]
    assert [Decimal(str(s)) for s in shares] == [1, Decimal("0.7"), Decimal("0.6"), Decimal("0.5"), Decimal("0.4")]
    assert params.find("contribution_rate", date(2020, 7, 14), key="compulsory.employer.occupational_accident") is None
