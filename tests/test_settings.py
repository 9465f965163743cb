"""The settings module in its real environments, each in a fresh process."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env_overrides, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DJANGO_DEBUG",
            "SECRET_KEY",
            "DJANGO_ENV",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "CELERY_BROKER_URL",
            "REDIS_URL",
        }
    }
    env["BHXH_VAR_DIR"] = str(tmp_path)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_check_deploy_passes_clean(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DJANGO_ENV": "production",
            "SECRET_KEY": "x" * 30 + "production-test-secret-key-abcdefghijklmnop",
            "ALLOWED_HOSTS": "portal.example.vn",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = run_manage("check", env_overrides={"DJANGO_ENV": "production"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_unknown_environment_is_refused(tmp_path):
    result = run_manage("check", env_overrides={"DJANGO_ENV": "staging"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DJANGO_ENV" in result.stderr


def settings_as_seen(tmp_path, **env):
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], 'db': str(s.DATABASES['default']['NAME']),"
        "'broker': s.CELERY_BROKER_URL, 'secure_cookie': getattr(s, 'SESSION_COOKIE_SECURE', False),"
        "'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0), 'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE, 'use_tz': s.USE_TZ,"
        "'middleware': s.MIDDLEWARE, 'redirect_exempt': getattr(s, 'SECURE_REDIRECT_EXEMPT', []),"
        "'log_format': s.LOGGING['handlers']['console']['formatter'], 'fallbacks': s.SECRET_KEY_FALLBACKS}))"
    )
    result = run_manage("shell", "--no-imports", "-c", code, env_overrides=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_development_defaults_are_embedded_and_not_debug(tmp_path):
    seen = settings_as_seen(tmp_path)
    assert seen["debug"] is False
    assert seen["engine"] == "django.db.backends.sqlite3"
    assert seen["db"] == str(tmp_path / "db.sqlite3")
    assert seen["broker"] == "filesystem://"
    assert (seen["lang"], seen["tz"], seen["use_tz"]) == ("vi", "Asia/Ho_Chi_Minh", True)
    assert (tmp_path / "secret_key").exists()


def test_database_and_broker_urls_switch_without_code_change(tmp_path):
    seen = settings_as_seen(
        tmp_path,
        DATABASE_URL="postgres://portal:pw@db.internal:5432/bhxh",
        CELERY_BROKER_URL="redis://cache.internal:6379/0",
    )
    assert seen["engine"] == "django.db.backends.postgresql"
    assert seen["db"] == "bhxh"
    assert seen["broker"] == "redis://cache.internal:6379/0"


def test_production_turns_on_transport_security(tmp_path):
    seen = settings_as_seen(tmp_path, DJANGO_ENV="production", SECRET_KEY="k" * 60, ALLOWED_HOSTS="x.vn")
    assert seen["secure_cookie"] is True
    assert seen["hsts"] >= 31536000
    assert seen["debug"] is False


def test_production_compresses_html_logs_json_and_lets_probes_through_on_http(tmp_path):
    seen = settings_as_seen(
        tmp_path, DJANGO_ENV="production", SECRET_KEY="k" * 60, ALLOWED_HOSTS="x.vn", SECRET_KEY_FALLBACKS="old1,old2"
    )
    middleware = seen["middleware"]
    assert "django.middleware.gzip.GZipMiddleware" in middleware
    # Compression after WhiteNoise (which serves its own pre-compressed files) and before everything else.
    assert middleware.index("django.middleware.gzip.GZipMiddleware") == (
        middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
    )
    assert seen["log_format"] == "json"
    assert seen["fallbacks"] == ["old1", "old2"]
    exempt = [re.compile(pattern) for pattern in seen["redirect_exempt"]]
    for probe in ("healthz", "readyz", "metrics"):
        assert any(p.match(probe) for p in exempt), probe
    assert not any(p.match("accounts/login/") for p in exempt)
    development = settings_as_seen(tmp_path)
    assert "django.middleware.gzip.GZipMiddleware" not in development["middleware"]
    assert development["log_format"] == "plain"


@pytest.mark.django_db
def test_pages_carry_csp_without_inline_scripts(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    body = response.content.decode()
    assert "<script>" not in body and "style=" not in body


@pytest.mark.django_db
def test_default_language_is_vietnamese_and_english_is_remembered(client):
    assert '<html lang="vi">' in client.get("/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/").content.decode()


@pytest.mark.postgres
def test_suite_runs_on_postgresql_when_configured(require_postgres):
    with require_postgres.cursor() as cursor:
        cursor.execute("select version()")
        assert "PostgreSQL" in cursor.fetchone()[0]


@pytest.mark.django_db
def test_pages_are_vietnamese_even_for_an_english_browser(client):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in body


@pytest.mark.django_db
def test_api_follows_accept_language(client):
    response = client.post("/api/v1/auth/token/", {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["username"] == ["This field is required."]
    response = client.post("/api/v1/auth/token/", {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.json()["username"] != ["This field is required."]
