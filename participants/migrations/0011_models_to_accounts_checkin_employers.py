import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Models that left this app for accounts/, checkin/ and employers/. Their tables keep their names (Meta.db_table),
# so no row is copied; their content types move with them, so permissions, admin log entries and any generic
# relation keep pointing at the same rows.
MOVED = {
    "user": "accounts",
    "onetimecode": "accounts",
    "checkin": "checkin",
    "checkinsigningkey": "checkin",
    "clinicstaff": "checkin",
    "employermembership": "employers",
    "staffchangeupload": "employers",
}


def _relabel(apps, schema_editor, *, forwards):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model, new_label in MOVED.items():
        source, target = ("participants", new_label) if forwards else (new_label, "participants")
        moving = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if moving is None:
            continue  # a fresh database: post_migrate creates the content types under the new label
        # A content type created meanwhile under the target label (by a post_migrate run while the model was
        # there) holds only its default permissions: the moving one, with the history, wins.
        ContentType.objects.using(db).filter(app_label=target, model=model).delete()
        moving.app_label = target
        moving.save(update_fields=["app_label"])


def content_types_forwards(apps, schema_editor):
    _relabel(apps, schema_editor, forwards=True)


def content_types_backwards(apps, schema_editor):
    _relabel(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('accounts', '0002_onetimecode'),
        ('checkin', '0001_initial'),
        ('employers', '0001_initial'),
        ('participants', '0010_voluntary_enrolment'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='participant',
                    name='user',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='participant', to=settings.AUTH_USER_MODEL, verbose_name='user'),
                ),
                migrations.DeleteModel(
                    name='CheckIn',
                ),
                migrations.DeleteModel(
                    name='CheckinSigningKey',
                ),
                migrations.DeleteModel(
                    name='ClinicStaff',
                ),
                migrations.DeleteModel(
                    name='EmployerMembership',
                ),
                migrations.DeleteModel(
                    name='StaffChangeUpload',
                ),
                migrations.DeleteModel(
                    name='OneTimeCode',
                ),
                migrations.DeleteModel(
                    name='User',
                ),
            ],
        ),
        migrations.RunPython(content_types_forwards, content_types_backwards),
    ]
