"""Read-heavy pages from a streaming replica (docs/scaling.md, "Read-heavy pages from a replica").

Off unless ``DATABASE_REPLICA_URL`` is set; then ``DATABASES["replica"]`` exists and:

* **What reads the replica**: only the web requests that read (GET, HEAD), only the records of the portal's
  pages (the apps in ``REPLICA_APPS``: people, cards, contributions, benefits, reminders, employers, coverage
  statistics), and only until the request writes. Everything else reads the primary: sign-in, sessions,
  second factor and lock-out counters (a lagging replica would sign people out or let a locked-out address
  try again), the check-in codes (a code used at a clinic a moment ago must not be shown again as unused),
  every unsafe request, every Celery task and management command (this module's switch is set by the
  middleware only).
* **Reading one's own writes**: a request that writes (any unsafe method, or a GET that writes to the
  portal's records) reads the primary from then on, and its response sets a cookie that keeps that browser on the primary for
  ``REPLICA_PIN_SECONDS`` (10 s, well above the lag of a healthy streaming replica). So a person who changed
  their contact details, reported a check-in or uploaded staff changes sees the change on the next page.
* **Writes** always go to the primary; the replica alias is never migrated.

The switch is a context variable, so it follows the request and nothing else; a streamed response (the CSV
exports) is read after the middleware returned, from the primary.
"""

from __future__ import annotations

import contextvars
import time

from django.conf import settings

__all__ = ["PIN_COOKIE", "REPLICA", "REPLICA_APPS", "ReplicaRouter", "read_primary", "replica_reads"]

REPLICA = "replica"
PRIMARY = "default"
PIN_COOKIE = "bhxh_primary_until"
REPLICA_APPS = frozenset({"participants", "benefits", "reminders", "employers", "coverage_stats"})
_SAFE_METHODS = frozenset({"GET", "HEAD"})

# "replica" while the current request may read the replica; None otherwise (the primary).
_reads_from: contextvars.ContextVar[str | None] = contextvars.ContextVar("bhxh_reads_from", default=None)
# Set when the current request wrote: the response pins the browser to the primary.
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("bhxh_wrote", default=False)


class ReplicaRouter:
    """Reads of the portal's records to the replica while the middleware allows it; everything else, and every
    write, to the primary."""

    def db_for_read(self, model, **hints):
        if _reads_from.get() == REPLICA and model._meta.app_label in REPLICA_APPS:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        # From its first write to the portal's records on, a request reads what it wrote: the primary. (Writes
        # to other records, the session's idle-timeout save above all, change nothing the replica serves.)
        if _reads_from.get() is not None and model._meta.app_label in REPLICA_APPS:
            _reads_from.set(None)
            _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: a person read from one may be linked to a row saved in the other.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


def read_primary() -> None:
    """The rest of the current request reads the primary (without pinning the browser): a page about to be kept
    in the page cache (bhxh_portal.page_cache) must not be drawn from a lagging replica."""
    _reads_from.set(None)


def _pinned(request) -> bool:
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


def replica_reads(get_response):
    """Let a reading request read the portal's records from the replica, unless its browser wrote a moment ago;
    pin the browser to the primary after a request that wrote. A no-op without a replica."""

    if REPLICA not in settings.DATABASES:
        return get_response

    def middleware(request):
        reads = REPLICA if request.method in _SAFE_METHODS and not _pinned(request) else None
        reads_token, wrote_token = _reads_from.set(reads), _wrote.set(False)
        try:
            response = get_response(request)
            wrote = _wrote.get() or request.method not in _SAFE_METHODS
        finally:
            _reads_from.reset(reads_token)
            _wrote.reset(wrote_token)
        if wrote:
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.0f}",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    return middleware
