"""The Celery application. Configuration comes from Django settings (CELERY_* names)."""

import os

from celery import Celery

from bhxh_portal import request_id  # noqa: F401 - connects the signals that carry the request id into tasks

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bhxh_portal.settings")

app = Celery("bhxh_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="bhxh_portal.ping")
def ping() -> str:
    """Liveness probe for operators: `celery -A bhxh_portal call bhxh_portal.ping`."""
    return "pong"
