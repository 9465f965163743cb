import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('participants', '0010_voluntary_enrolment'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='EmployerMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='employer_memberships', to=settings.AUTH_USER_MODEL)),
                        ('employer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='participants.employer')),
                        ('role', models.CharField(choices=[('owner', 'Owner'), ('hr_viewer', 'HR viewer')], max_length=16, verbose_name='role')),
                    ],
                    options={
                        'verbose_name': 'employer membership',
                        'verbose_name_plural': 'employer memberships',
                        'db_table': 'participants_employermembership',
                        'constraints': [models.UniqueConstraint(fields=('user', 'employer'), name='membership_unique_user_employer')],
                    },
                ),
                migrations.CreateModel(
                    name='StaffChangeUpload',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('employer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='staff_change_uploads', to='participants.employer', verbose_name='employer')),
                        ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='staff_change_uploads', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                        ('file_name', models.CharField(max_length=255, verbose_name='file name')),
                        ('sha256', models.CharField(max_length=64, verbose_name='SHA-256 of the file')),
                        ('row_count', models.PositiveIntegerField(verbose_name='rows')),
                        ('applied_at', models.DateTimeField(verbose_name='applied at')),
                    ],
                    options={
                        'verbose_name': 'staff changes upload',
                        'verbose_name_plural': 'staff changes uploads',
                        'db_table': 'participants_staffchangeupload',
                        'ordering': ['-applied_at', '-id'],
                        'constraints': [models.UniqueConstraint(fields=('employer', 'sha256'), name='staff_upload_once_per_employer')],
                    },
                ),
            ],
        ),
    ]
