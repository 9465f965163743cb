"""Re-loads benefits/data/policy_parameters.json (late-payment interest added for the employer portal's
arrears): rows are upserted by (name, key, start)."""

import importlib

from django.db import migrations


def load(apps, schema_editor):
    importlib.import_module("benefits.migrations.0002_load_policy_parameters").load(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("benefits", "0003_reload_policy_parameters")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
