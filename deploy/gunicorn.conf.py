"""gunicorn settings of the web process (`make prod`, deploy/systemd/bhxh-web.service). Environment:
GUNICORN_BIND (127.0.0.1:8000), WEB_CONCURRENCY (workers; 2 x cores + 1), GUNICORN_TIMEOUT (30 s),
FORWARDED_ALLOW_IPS (the proxy's address, whose X-Forwarded-Proto gunicorn trusts; 127.0.0.1),
GUNICORN_CERTFILE and GUNICORN_KEYFILE (TLS without a proxy; unset behind nginx)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"  # every request is short; slow clients are the reverse proxy's to buffer
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# TLS in gunicorn itself, only where no proxy terminates it (bench/load.py on one machine).
certfile = os.environ.get("GUNICORN_CERTFILE") or None
keyfile = os.environ.get("GUNICORN_KEYFILE") or None
# No access log: Django logs every 4xx/5xx with its request id, /metrics counts the rest, and a URL may
# carry something personal that the redactor in LOGGING would not see here.
accesslog = None
errorlog = "-"
# Workers are not recycled (no max_requests): each worker process leaves its counters in
# PROMETHEUS_MULTIPROC_DIR, and a recycled worker would leave one more file per restart.


def child_exit(server, worker):
    """A worker that exits stops counting in the live gauges of prometheus_client's multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
