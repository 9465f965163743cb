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
                    name='CheckinSigningKey',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kid', models.CharField(editable=False, max_length=64, unique=True, verbose_name='key id')),
                        ('public_jwk', models.JSONField(editable=False, verbose_name='public key (JWK)')),
                        ('created_at', models.DateTimeField(editable=False, verbose_name='created at')),
                        ('retired_at', models.DateTimeField(blank=True, help_text='Empty while this key signs new tokens.', null=True, verbose_name='retired at')),
                        ('publish_until', models.DateTimeField(blank=True, help_text='A retired key stays published until every token it signed has expired.', null=True, verbose_name='published until')),
                    ],
                    options={
                        'verbose_name': 'check-in signing key',
                        'verbose_name_plural': 'check-in signing keys',
                        'db_table': 'participants_checkinsigningkey',
                        'ordering': ['-created_at', '-id'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('publish_until__isnull', True), ('retired_at__isnull', True)), models.Q(('publish_until__gte', models.F('retired_at')), ('retired_at__isnull', False)), _connector='OR'), name='checkin_key_published_after_retirement')],
                    },
                ),
                migrations.CreateModel(
                    name='ClinicStaff',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='clinic_staff', to=settings.AUTH_USER_MODEL)),
                        ('facility', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='staff', to='participants.medicalfacility')),
                    ],
                    options={
                        'verbose_name': 'clinic staff member',
                        'verbose_name_plural': 'clinic staff members',
                        'db_table': 'participants_clinicstaff',
                    },
                ),
                migrations.CreateModel(
                    name='CheckIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('participant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checkins', to='participants.participant', verbose_name='participant')),
                        ('card', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='checkins', to='participants.healthinsurancecard', verbose_name='card')),
                        ('facility', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='checkins', to='participants.medicalfacility', verbose_name='facility')),
                        ('staff', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='recorded_checkins', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                        ('method', models.CharField(choices=[('qr', 'Signed QR code'), ('national_id', 'Personal ID number')], max_length=16, verbose_name='method')),
                        ('token_id', models.CharField(blank=True, editable=False, max_length=200, null=True, verbose_name='token id (jti)')),
                        ('checked_in_at', models.DateTimeField(db_index=True, verbose_name='checked in at')),
                        ('flagged_at', models.DateTimeField(blank=True, null=True, verbose_name='reported as not me at')),
                        ('flag_note', models.CharField(blank=True, max_length=500, verbose_name="the person's note")),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed at')),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reviewed_checkins', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
                    ],
                    options={
                        'verbose_name': 'check-in',
                        'verbose_name_plural': 'check-ins',
                        'db_table': 'participants_checkin',
                        'ordering': ['-checked_in_at', '-id'],
                        'indexes': [models.Index(fields=['participant', '-checked_in_at'], name='checkin_participant_time'), models.Index(condition=models.Q(('flagged_at__isnull', False)), fields=['flagged_at'], name='checkin_flagged')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('token_id__isnull', False)), fields=('token_id',), name='checkin_token_used_once', violation_error_message='This check-in code has already been used.'), models.CheckConstraint(condition=models.Q(models.Q(('method', 'qr'), ('token_id__isnull', False)), models.Q(('method', 'national_id'), ('token_id__isnull', True)), _connector='OR'), name='checkin_token_iff_qr'), models.CheckConstraint(condition=models.Q(('method__in', ['qr', 'national_id'])), name='checkin_method_valid')],
                    },
                ),
            ],
        ),
    ]
