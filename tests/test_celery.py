"""A real Celery worker consuming from real Redis (not eager mode, not a mock)."""

import pytest

from bhxh_portal.celery import ping
from tests.conftest import real_celery_worker

pytestmark = [pytest.mark.integration, pytest.mark.redis]


def test_worker_runs_a_task_through_redis(redis_url):
    with real_celery_worker(redis_url):
        result = ping.delay()
        assert result.get(timeout=20) == "pong"
        assert result.successful()
