"""Loads coverage_stats/data/coverage_figures.json: population and labour force per province, and the national
targets, each with its source (coverage_stats/data/README.md). Rows are upserted by their natural key."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "coverage_figures.json"


def load(apps, schema_editor):
    Province = apps.get_model("participants", "Province")
    ProvinceFigure = apps.get_model("coverage_stats", "ProvinceFigure")
    CoverageTarget = apps.get_model("coverage_stats", "CoverageTarget")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    provinces = dict(Province.objects.values_list("code", "id"))
    for row in data["figures"]:
        ProvinceFigure.objects.update_or_create(
            province_id=provinces[row["province"]],
            measure=row["measure"],
            effective_from=row["effective_from"],
            defaults={
                "effective_to": row.get("effective_to"),
                "value": row["value"],
                "source": row["source"],
                "mark": row["mark"],
                "note": row.get("note", ""),
            },
        )
    for row in data["targets"]:
        CoverageTarget.objects.update_or_create(
            scheme=row["scheme"],
            effective_from=row["effective_from"],
            defaults={
                "effective_to": row.get("effective_to"),
                "percent": str(row["percent"]),
                "deadline_year": row["deadline_year"],
                "source": row["source"],
                "mark": row["mark"],
                "note": row.get("note", ""),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("coverage_stats", "0001_initial"), ("participants", "0015_household")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
