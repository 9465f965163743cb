"""Re-loads benefits/data/policy_parameters.json with the legal corrections of issue 16 (unemployment
ceiling, Resolution 116/NQ-CP, the occupational-accident rates of Decree 58/2020, the social pension, the
voluntary support shares, household shares, voluntary lump sum, state pay-scale averaging); rows are upserted by
(name, key, start). A row whose start date was corrected is deleted first, or it would overlap its
replacement."""

import importlib

from django.db import migrations

# (name, key, effective_from) of rows replaced by a row with another start date.
REPLACED = [("contribution_rate", "compulsory.employer.occupational_accident", "2021-01-01")]


def load(apps, schema_editor):
    PolicyParameter = apps.get_model("benefits", "PolicyParameter")
    for name, key, start in REPLACED:
        PolicyParameter.objects.filter(name=name, key=key, effective_from=start).delete()
    importlib.import_module("benefits.migrations.0002_load_policy_parameters").load(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("benefits", "0005_unemployment_award")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
