import django.contrib.auth.models
import django.contrib.auth.validators
import django.utils.timezone
import importlib
import uuid
from django.db import migrations, models

# The provinces migration this one stands in for (see below); its functions are reused as they are.
provinces = importlib.import_module("participants.migrations.0002_provinces")


class Migration(migrations.Migration):
    """The user model moves here from participants; its table (participants_user) stays where it is.

    Django's own apps (admin, auth tokens, django-otp) depend on the *first* migration of the user model's app.
    In a database migrated before the move those migrations are applied, so that first migration must count as
    applied there too, or `migrate` refuses the history as inconsistent. It does, because it *replaces*
    participants.0002_provinces (a data-only migration, applied in every such database) and runs the same
    province loading on a fresh database. Nothing else of that history changes: in the same place of the graph
    it loads the provinces and adds accounts.User to the state, over the existing table. participants.0011 then
    hands the remaining references over and moves the content types (docs/architecture.md, "Moving models").
    """

    replaces = [('participants', '0002_provinces')]

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('participants', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='User',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('password', models.CharField(max_length=128, verbose_name='password')),
                        ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                        ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                        ('username', models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, unique=True, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                        ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                        ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                        ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                        ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                        ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('role', models.CharField(choices=[('citizen', 'Citizen'), ('employer', 'Employer'), ('clinic', 'Clinic staff'), ('admin', 'Administrator')], default='citizen', max_length=16, verbose_name='role')),
                        ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                        ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
                    ],
                    options={
                        'verbose_name': 'user',
                        'verbose_name_plural': 'users',
                        'db_table': 'participants_user',
                    },
                    managers=[
                        ('objects', django.contrib.auth.models.UserManager()),
                    ],
                ),
            ],
        ),
        migrations.RunPython(provinces.load, provinces.unload),
    ]
