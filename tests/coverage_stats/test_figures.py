"""The population figures: each province's population in coverage_figures.json is the sum of its former provinces'
GSO 2024 figures in build_figures.py where all of them have one, and 0003 brings an old database to them."""

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps

from coverage_stats.data import build_figures
from coverage_stats.models import Measure, ProvinceFigure
from participants.models import Province

DATA = Path(build_figures.__file__).with_name("coverage_figures.json")
migration_0003 = importlib.import_module("coverage_stats.migrations.0003_gso_2024_population")


def json_population() -> dict[str, dict]:
    figures = json.loads(DATA.read_text(encoding="utf-8"))["figures"]
    return {row["province"]: row for row in figures if row["measure"] == "population"}


def test_the_json_is_what_build_figures_writes():
    assert json.loads(DATA.read_text(encoding="utf-8")) == build_figures.build()


def test_the_34_provinces_are_made_of_the_63_former_ones():
    former = [
        name
        for code, _n, _k, merged in build_figures._provinces()
        for name in build_figures.former_provinces(code, merged)
    ]
    assert len(former) == len(set(former)) == 63
    assert set(build_figures.GSO_2024) <= set(former)


def test_each_population_is_the_sum_of_its_former_provinces_or_resolution_202():
    population = json_population()
    assert len(population) == 34
    summed = 0
    for code, _name, _kind, merged_from in build_figures._provinces():
        parts = build_figures.former_provinces(code, merged_from)
        row = population[code]
        if all(part in build_figures.GSO_2024 for part in parts):
            assert row["value"] == sum(build_figures.GSO_2024[part][0] for part in parts), code
            assert row["source"].startswith("GSO"), code
            summed += 1
        else:
            assert row["value"] == build_figures.RESOLUTION_202[code], code
            assert row["source"] == build_figures.RESOLUTION_202_SOURCE, code
    # The 11 provinces the merger left unchanged have a GSO 2024 figure; the 23 merged ones do not yet.
    assert summed == 11


def test_the_labour_force_is_the_national_figure_shared_by_population():
    figures = json.loads(DATA.read_text(encoding="utf-8"))["figures"]
    population = {r["province"]: r["value"] for r in figures if r["measure"] == "population"}
    labour = {r["province"]: r["value"] for r in figures if r["measure"] == "labour_force"}
    total = sum(population.values())
    for code, people in population.items():
        assert abs(labour[code] - 53_200_000 * people / total) <= 500, code


def test_the_gso_figures_are_plausible_against_the_2023_ones_they_replace():
    """2023 average population (the figures first loaded): a 2024 figure within 0-3 % above catches a typo."""
    before = {"Hà Nội": 8_587_100, "Thanh Hóa": 3_739_500, "Nghệ An": 3_442_000, "Điện Biên": 646_200}
    for name, people in before.items():
        assert people < build_figures.GSO_2024[name][0] < people * 1.03, name


@pytest.mark.django_db
def test_former_provinces_match_the_provinces_in_the_database():
    for code, name, _kind, merged_from in build_figures._provinces():
        assert Province.objects.get(code=code).merged_from == merged_from, name


@pytest.mark.django_db
def test_0003_brings_the_old_figures_to_the_new_and_back_leaving_edited_rows():
    def state(code, measure):
        row = ProvinceFigure.objects.get(province__code=code, measure=measure, effective_from="2024-01-01")
        return (row.value, row.source, row.mark, row.note)

    # A database loaded by 0002 before this change: put the old figures back.
    for (code, measure), (old, _new) in migration_0003.CHANGES.items():
        value, source, mark, note = old
        ProvinceFigure.objects.filter(province__code=code, measure=measure).update(
            value=value, source=source, mark=mark, note=note
        )
    ProvinceFigure.objects.filter(province__code="04", measure=Measure.POPULATION).update(value=550_000)  # edited
    migration_0003.load(apps, None)
    assert state("01", Measure.POPULATION) == migration_0003.CHANGES[("01", "population")][1]
    assert state("01", Measure.POPULATION)[0] == json_population()["01"]["value"] == 8_717_600
    assert state("01", Measure.LABOUR_FORCE)[0] == 4_151_000
    assert state("04", Measure.POPULATION)[0] == 550_000  # left as edited
    migration_0003.unload(apps, None)
    assert state("01", Measure.POPULATION)[:3] == (8_587_100, migration_0003.CHANGES[("01", "population")][0][1], "C2")
    assert state("01", Measure.LABOUR_FORCE)[0] == 4_099_000
    assert state("04", Measure.POPULATION)[0] == 550_000
