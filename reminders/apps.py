from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_beat_schedules(sender, using="default", **kwargs) -> None:
    """After `migrate`: put the reminders' beat entries (reminders/schedules.py) into django-celery-beat."""
    from django.db import connections

    from reminders.schedules import schedules_sync

    # A partial migrate (`migrate reminders 0001`, a fresh database before django_celery_beat's tables) has no
    # table to write to yet; the next full migrate syncs.
    if "django_celery_beat_periodictask" not in connections[using].introspection.table_names():
        return
    schedules_sync(using=using)


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders and notifications")

    def ready(self) -> None:
        from checkin.signals import checkin_recorded
        from reminders.services import checkin_notice_record

        post_migrate.connect(_sync_beat_schedules, sender=self, dispatch_uid="reminders.sync_beat_schedules")
        # A lower app tells this one what happened through its signals (docs/architecture.md, "Signals upward").
        checkin_recorded.connect(checkin_notice_record, dispatch_uid="reminders.checkin_notice_record")
