"""Shared fixtures. Under CI (CI=true) a missing PostgreSQL, Redis or browser fails the test
instead of skipping it, so a green CI run proves the real services were exercised."""

import contextlib
import os
import socket

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def free_port() -> int:
    """A TCP port nobody listens on right now, on loopback, for a server a test starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing_service(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (required under CI)")
    pytest.skip(reason)


@pytest.fixture
def require_postgres(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        missing_service("PostgreSQL is not the test database; set DATABASE_URL")
    return connection


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, having passed the second sign-in step the admin asks of staff."""
    from tests.twofactor_support import sign_in_verified

    sign_in_verified(client, admin_user)
    return client


@pytest.fixture
def redis_url():
    import redis

    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        missing_service("CELERY_BROKER_URL does not point at Redis")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        missing_service(f"Redis is not reachable: {exc}")
    return url


@pytest.fixture(autouse=True)
def _page_cache_as_in_production(settings):
    """Every test runs with the page cache on, as production does with Redis (bhxh_portal/page_cache.py), also on
    a machine without Redis (the in-process cache then holds it), so that the suite behaves the same in both."""
    settings.PAGE_CACHE_SECONDS = 300


def publishing(callbacks) -> list:
    """The on-commit callbacks that publish tasks: those of the page cache (its versions) left out."""
    return [c for c in callbacks if c.__module__ != "bhxh_portal.page_cache"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttle counters and kept pages live in the caches; each test starts with none (the in-process
    `fragments` cache included: it keeps the signed-out pages)."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=False):
        cache.clear()
    yield
    for cache in caches.all(initialized_only=False):
        cache.clear()


def forget_celery_result_backend() -> None:
    """Publishing a task makes Celery cache its (disabled) result backend; tests that configure one later
    (tests/test_celery.py) must not find the stale one."""
    from bhxh_portal.celery import app

    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture(autouse=True)
def _reminder_messages_go_nowhere(settings):
    """Check-ins and reminders publish delivery tasks when their transaction commits. Outside the tests
    that start a worker on a queue of their own, those messages go to a queue no worker reads, emptied
    after the test: a developer's `make run` worker never sends a test's e-mail or SMS."""
    queue = f"tests-unread-{os.getpid()}"
    settings.REMINDER_DELIVERY_QUEUE = queue
    yield
    forget_celery_result_backend()
    if settings.REMINDER_DELIVERY_QUEUE != queue:
        return  # the test used a queue of its own and cleans it up
    from kombu.exceptions import OperationalError

    from bhxh_portal.celery import app

    try:
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(queue)
    except (OSError, OperationalError):
        pass  # no broker reachable: nothing was published there either


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_reference_data() -> None:
    """Provinces and policy parameters come from data migrations; a transactional test flushes
    every table when it ends, so the next one loads them again (idempotent upserts)."""
    import importlib

    from django.apps import apps

    for module in (
        "participants.migrations.0002_provinces",
        "benefits.migrations.0002_load_policy_parameters",
        "coverage_stats.migrations.0002_load_figures",
        "coverage_stats.migrations.0003_gso_2024_population",
    ):
        importlib.import_module(module).load(apps, None)


@contextlib.contextmanager
def real_celery_worker(broker_url: str):
    """A real Celery worker thread consuming from `broker_url` (results kept there too) for the block."""
    from celery.contrib.testing.worker import start_worker

    from bhxh_portal.celery import app

    previous = (app.conf.broker_url, app.conf.result_backend)
    app.conf.broker_url = broker_url
    app.conf.result_backend = broker_url
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            yield app
    finally:
        app.conf.broker_url, app.conf.result_backend = previous
