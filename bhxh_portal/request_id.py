"""A request id on every log line of a request, and of the Celery tasks that request queues.

The id comes from the reverse proxy's `X-Request-ID` when it is a plain token (deploy/nginx.conf sets it),
else a new one; the response carries it back, so a citizen's "error reference" or an operator's curl can be
found in the logs. Tasks receive it in a message header (`before_task_publish`) and log under it
(`task_prerun`); the daily sweep and other beat tasks log under their own task id.
"""

import contextvars
import logging
import re
import uuid

from celery import signals
from django.core.signals import request_finished

HEADER = "X-Request-ID"
_TASK_HEADER = "bhxh_request_id"
_VALID = re.compile(r"[A-Za-z0-9._-]{8,64}")

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def request_id_middleware(get_response):
    def middleware(request):
        offered = request.headers.get(HEADER, "")
        value = offered if _VALID.fullmatch(offered) else uuid.uuid4().hex
        request_id.set(value)
        response = get_response(request)
        response[HEADER] = value
        return response

    return middleware


def _request_done(**kwargs) -> None:
    # Not reset in the middleware: Django logs a 4xx/5xx response ("django.request") after the middleware
    # returns, and that line needs the id too. The response is closed last, then the id goes.
    request_id.set("-")


request_finished.connect(_request_done, dispatch_uid="bhxh_portal.request_id.request_done")


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id` for the formatters ("-" outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


@signals.before_task_publish.connect(dispatch_uid="bhxh_portal.request_id.publish")
def _add_header(headers=None, **kwargs) -> None:
    current = request_id.get()
    if headers is not None and current != "-":
        headers.setdefault(_TASK_HEADER, current)


@signals.task_prerun.connect(dispatch_uid="bhxh_portal.request_id.prerun")
def _enter_task(task_id=None, task=None, **kwargs) -> None:
    inherited = getattr(task.request, _TASK_HEADER, None) if task is not None else None
    request_id.set(inherited if isinstance(inherited, str) and _VALID.fullmatch(inherited) else str(task_id))


@signals.task_postrun.connect(dispatch_uid="bhxh_portal.request_id.postrun")
def _leave_task(**kwargs) -> None:
    request_id.set("-")
