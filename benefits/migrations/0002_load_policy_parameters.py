"""Loads benefits/data/policy_parameters.json: every figure with its legal source."""

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "policy_parameters.json"


def _plain(value):
    """Decimals as JSON numbers with the same digits (float's repr round-trips up to 15 digits)."""
    if isinstance(value, Decimal):
        as_float = float(value)
        assert Decimal(repr(as_float)) == value, value
        return as_float
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def load(apps, schema_editor):
    PolicyParameter = apps.get_model("benefits", "PolicyParameter")
    rows = json.loads(DATA.read_text(encoding="utf-8"), parse_float=Decimal)["parameters"]
    for row in rows:
        PolicyParameter.objects.update_or_create(
            name=row["name"],
            key=row.get("key") or "",
            effective_from=row["effective_from"],
            defaults={
                "effective_to": row.get("effective_to"),
                "value_json": json.dumps(_plain(row["value"]), ensure_ascii=False),
                "source": row["source"],
                "mark": row.get("mark", "C"),
                "note": row.get("note", ""),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("benefits", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
