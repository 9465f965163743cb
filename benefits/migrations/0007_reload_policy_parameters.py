"""Re-loads benefits/data/policy_parameters.json with the rows of issue 14: the State's health-insurance support
by group (Decree 146/2018, Decree 188/2025), the voluntary support of Decree 134/2015 (2018-06/2025) and the
voluntary payment modes; rows are upserted by (name, key, start)."""

import importlib

from django.db import migrations


def load(apps, schema_editor):
    importlib.import_module("benefits.migrations.0002_load_policy_parameters").load(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("benefits", "0006_reload_policy_parameters")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
