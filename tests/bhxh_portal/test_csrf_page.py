"""A form sent without a valid CSRF token gets the project's own page, translated, with status 403, and nothing is
written (issue 15: Django's English technical page was shown before)."""

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import AccountSession

pytestmark = pytest.mark.django_db


def _post_sign_in(client):
    return client.post("/accounts/login/", {"username": "001190000001", "password": "x"})


def test_stale_token_gets_our_page_in_vietnamese():
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")  # sets the CSRF cookie
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32  # a cookie that no longer matches the form
    response = client.post(
        "/accounts/login/", {"username": "001190000001", "password": "x", "csrfmiddlewaretoken": "b" * 32}
    )
    assert response.status_code == 403
    body = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in body
    assert "tải lại trang" in body
    assert "CSRF" not in body and "Forbidden" not in body
    assert '<html lang="vi"' in body
    assert AccountSession.objects.count() == 0


def test_missing_cookie_says_to_allow_cookies_in_english():
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _post_sign_in(client)
    assert response.status_code == 403
    body = response.content.decode()
    assert "The form has expired" in body
    assert "Allow cookies for this site" in body
    assert "CSRF" not in body
