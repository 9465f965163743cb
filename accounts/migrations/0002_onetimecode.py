import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('participants', '0010_voluntary_enrolment'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OneTimeCode',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('participant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='one_time_codes', to='participants.participant')),
                        ('purpose', models.CharField(choices=[('activation', 'Account activation'), ('contact_change', 'New contact detail')], max_length=16)),
                        ('channel', models.CharField(choices=[('email', 'email'), ('sms', 'sms')], max_length=8)),
                        ('destination', models.CharField(max_length=254)),
                        ('code_hash', models.CharField(max_length=128)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('expires_at', models.DateTimeField()),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('used_at', models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        'verbose_name': 'one-time code',
                        'verbose_name_plural': 'one-time codes',
                        'db_table': 'participants_onetimecode',
                        'indexes': [models.Index(fields=['participant', 'purpose', 'created_at'], name='participant_partici_540d59_idx')],
                    },
                ),
            ],
        ),
    ]
