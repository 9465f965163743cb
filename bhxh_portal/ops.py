"""What operators and their tools ask of a running process: is it alive, is it ready, what is it doing.

- `GET /healthz`: the process answers (no dependency is touched).
- `GET /readyz`: the database, the cache and the broker answer and every migration is applied; 503 with the
  failing parts otherwise. A load balancer takes a process out of rotation while it says 503.
- `GET /metrics`: Prometheus text format, for a bearer token (`METRICS_TOKEN`) or a client on the internal
  networks (`METRICS_ALLOWED_NETWORKS`); anyone else gets a 404, as if there were nothing there.

docs/operations.md lists the metrics and what to do when a part is down.
"""

import hmac
import ipaddress
import logging
import os
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import REGISTRY, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

logger = logging.getLogger(__name__)

# Once a process has seen every migration applied it stops asking: migrations are applied before a
# release starts, never rolled back under a running process.
_migrations_applied = False


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def _check_database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_migrations() -> None:
    global _migrations_applied
    if _migrations_applied:
        return
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise RuntimeError(f"{len(pending)} migrations not applied")
    _migrations_applied = True


def _check_cache() -> None:
    key = f"readyz:{os.getpid()}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")


def _check_broker() -> None:
    from bhxh_portal.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
        connection.ensure_connection(max_retries=1, timeout=settings.READYZ_TIMEOUT_SECONDS)


def _check_replica() -> None:
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT 1")


CHECKS = {
    "database": _check_database,
    "migrations": _check_migrations,
    "cache": _check_cache,
    "broker": _check_broker,
}
if "replica" in settings.DATABASES:
    # The pages read the people's records from it (bhxh_portal/replica.py): without it they fail.
    CHECKS["replica"] = _check_replica


@never_cache
def readyz(request):
    """Each part is "ok" or "unavailable"; the reason goes to the log, not to the (public) response."""
    parts, ready = {}, True
    for name, check in CHECKS.items():
        if name == "migrations" and parts.get("database") != "ok":
            parts[name] = "unknown"
            continue
        try:
            check()
        except Exception as exc:  # each part reports its own failure; none may hide the others
            logger.warning("readyz: %s is unavailable: %s", name, exc.__class__.__name__)
            parts[name] = "unavailable"
            ready = False
        else:
            parts[name] = "ok"
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": parts}, status=200 if ready else 503)


class QueueLengthCollector:
    """Messages waiting in the Celery queues the project uses, read from the broker at scrape time."""

    def collect(self):
        from bhxh_portal.celery import app

        family = GaugeMetricFamily("bhxh_queue_messages", "Messages waiting in a Celery queue", labels=["queue"])
        queues = {app.conf.task_default_queue, settings.REMINDER_DELIVERY_QUEUE, settings.REMINDER_SWEEP_QUEUE}
        try:
            with app.connection_for_read(settings.CELERY_BROKER_URL) as connection:
                connection.ensure_connection(max_retries=1, timeout=settings.READYZ_TIMEOUT_SECONDS)
                channel = connection.default_channel
                for queue in sorted(q for q in queues if q):
                    try:
                        declared = channel.queue_declare(queue=queue, passive=True)
                    except Exception:  # a queue nobody declared yet holds nothing
                        # RabbitMQ closes the channel on a passive declare of an unknown queue: take a new one.
                        channel = connection.channel()
                        family.add_metric([queue], 0)
                        continue
                    family.add_metric([queue], declared.message_count)
        except Exception as exc:
            logger.warning("metrics: the broker did not answer: %s", exc.__class__.__name__)
            return
        yield family


def _client_allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    # REMOTE_ADDR, not a forwarded header: behind the proxy every request comes from the proxy's address, so
    # the proxy must not forward /metrics (deploy/nginx.conf answers it with 404).
    return any(address in ipaddress.ip_network(net) for net in settings.METRICS_ALLOWED_NETWORKS)


@never_cache
def metrics(request):
    if not _client_allowed(request):
        raise Http404
    started = time.perf_counter()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    body = generate_latest(registry)
    queue_registry = CollectorRegistry()
    queue_registry.register(QueueLengthCollector())
    body += generate_latest(queue_registry)
    logger.debug("metrics rendered in %.1f ms", (time.perf_counter() - started) * 1000)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
