"""Policy parameters in the database are the same data as the JSON file, and stay consistent."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from benefits.models import PolicyParameter
from benefits.rules.params import ParameterNotFoundError, load_parameter_set
from benefits.selectors import parameter_set_get
from tests.factories import UserFactory
from tests.twofactor_support import sign_in_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_migration_loads_every_row_of_the_json_file_exactly():
    from_file = load_parameter_set()
    from_db = parameter_set_get()
    assert sorted(from_db.rows, key=lambda r: r.version) == sorted(from_file.rows, key=lambda r: r.version)


def test_values_in_force_on_a_date():
    params = parameter_set_get()
    assert params.value_on("base_salary", datetime.date(2026, 11, 25)).value == 2_530_000
    assert params.value_on("base_salary", datetime.date(2026, 6, 30)).value == 2_340_000
    assert params.value_on("regional_minimum_wage", datetime.date(2026, 1, 1), key="I").value == 5_310_000
    assert params.value_on("regional_minimum_wage", datetime.date(2025, 12, 31), key="IV").value == 3_450_000


def test_decimals_stay_exact():
    row = PolicyParameter.objects.filter(name="revaluation_coefficients").first()
    assert isinstance(row.value["by_year"]["1995"], Decimal)


def test_selector_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        parameter_set_get()


def new_row(**overrides):
    data = {
        "name": "base_salary",
        "key": "",
        "effective_from": datetime.date(2026, 9, 1),
        "effective_to": None,
        "value_json": "2600000",
        "source": "Decree 999/2026/NĐ-CP",
    }
    data.update(overrides)
    return PolicyParameter(**data)


def test_overlapping_range_is_refused():
    with pytest.raises(ValidationError) as err:
        new_row().full_clean()
    assert err.value.error_dict["__all__"][0].code == "parameter_overlap"


def test_non_overlapping_range_is_accepted():
    open_row = PolicyParameter.objects.get(name="base_salary", effective_to__isnull=True)
    open_row.effective_to = datetime.date(2027, 6, 30)
    open_row.full_clean()
    open_row.save()
    new_row(effective_from=datetime.date(2027, 7, 1)).full_clean()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"value_json": "{not json"}, "value_json"),
        ({"effective_from": datetime.date(2030, 1, 1), "effective_to": datetime.date(2029, 1, 1)}, "effective_to"),
        ({"source": ""}, "source"),
    ],
)
def test_bad_rows_are_refused(overrides, field):
    with pytest.raises(ValidationError) as err:
        new_row(**{"effective_from": datetime.date(2040, 1, 1), **overrides}).full_clean()
    assert field in err.value.message_dict


def test_admin_refuses_an_overlap_and_saves_nothing(client):
    sign_in_verified(client, UserFactory(is_staff=True, is_superuser=True, role="admin"))
    before = PolicyParameter.objects.count()
    response = client.post(
        reverse("admin:benefits_policyparameter_add"),
        {
            "name": "base_salary",
            "key": "",
            "effective_from": "01/09/2026",
            "value_json": "2600000",
            "source": "Decree 999/2026/NĐ-CP",
            "mark": "C",
        },
    )
    assert response.status_code == 200
    assert "trùng" in response.content.decode() or "overlaps" in response.content.decode()
    assert PolicyParameter.objects.count() == before


def test_reload_migration_brings_a_database_migrated_before_issue_16_up_to_date():
    """0006 re-runs the load: new rows arrive, corrected rows change, a row whose start moved is replaced."""
    import importlib

    from django.apps import apps

    rates = PolicyParameter.objects.filter(name="contribution_rate")
    rates.filter(key__startswith="compulsory.employer.occupational_accident").delete()
    rates.filter(key="compulsory.employer.unemployment", effective_from__in=["2021-10-01", "2022-10-01"]).delete()
    rates.filter(key="compulsory.employer.unemployment", effective_from="2015-01-01").update(
        effective_to=datetime.date(2025, 12, 31)
    )
    PolicyParameter.objects.filter(
        name__in=["social_pension_allowance", "voluntary_support", "unemployment_contribution_ceiling"]
    ).delete()
    PolicyParameter.objects.create(
        name="contribution_rate",
        key="compulsory.employer.occupational_accident",
        effective_from=datetime.date(2021, 1, 1),
        value_json="0.005",
        source="Law 84/2015/QH13 Art. 43-44; Decree 58/2020/NĐ-CP",
        mark="C2",
    )
    importlib.import_module("benefits.migrations.0006_reload_policy_parameters").load(apps, None)
    assert sorted(parameter_set_get().rows, key=lambda r: r.version) == sorted(
        load_parameter_set().rows, key=lambda r: r.version
    )


def test_the_set_is_parsed_again_only_when_a_row_changed_however_it_changed(django_assert_num_queries):
    with django_assert_num_queries(1):
        first = parameter_set_get()
    with django_assert_num_queries(1):  # the rows are read every time...
        assert parameter_set_get() is first  # ...and parsed only when they differ
    # A bulk update does not touch `updated_at`: the comparison is of the rows themselves.
    PolicyParameter.objects.filter(name="base_salary", effective_from=datetime.date(2026, 7, 1)).update(
        value_json="2600000"
    )
    changed = parameter_set_get()
    assert changed is not first
    assert changed.value_on("base_salary", datetime.date(2026, 11, 25)).value == 2_600_000
    PolicyParameter.objects.filter(name="base_salary", effective_from=datetime.date(2026, 7, 1)).delete()
    with pytest.raises(ParameterNotFoundError):  # the earlier range ended on 30/06/2026
        parameter_set_get().value_on("base_salary", datetime.date(2026, 11, 25))
