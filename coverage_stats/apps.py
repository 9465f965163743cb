from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_beat_schedules(sender, using="default", **kwargs) -> None:
    """After `migrate`: put the nightly snapshot's beat entry (coverage_stats/schedules.py) into django-celery-beat."""
    from django.db import connections

    from coverage_stats.schedules import schedules_sync

    if "django_celery_beat_periodictask" not in connections[using].introspection.table_names():
        return  # a partial migrate before django_celery_beat's tables; the next full migrate syncs
    schedules_sync(using=using)


class CoverageConfig(AppConfig):
    name = "coverage_stats"
    verbose_name = _("Coverage statistics")

    def ready(self) -> None:
        post_migrate.connect(_sync_beat_schedules, sender=self, dispatch_uid="coverage_stats.sync_beat_schedules")
