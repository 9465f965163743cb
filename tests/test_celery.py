"""A real Celery worker consuming from real Redis (not eager mode, not a mock)."""

import pytest
from celery.contrib.testing.worker import start_worker

from bhxh_portal.celery import app, ping

pytestmark = [pytest.mark.integration, pytest.mark.redis]


def test_worker_runs_a_task_through_redis(redis_url):
    previous = (app.conf.broker_url, app.conf.result_backend)
    app.conf.broker_url = redis_url
    app.conf.result_backend = redis_url
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            result = ping.delay()
            assert result.get(timeout=20) == "pong"
            assert result.successful()
    finally:
        app.conf.broker_url, app.conf.result_backend = previous
