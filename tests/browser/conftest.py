"""Real headless Chromium (Debian's package) driven by Playwright, at a phone-sized viewport."""

import os
import shutil

import pytest

from tests.conftest import load_reference_data, missing_service

PHONE = {"width": 360, "height": 740}
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        missing_service("Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def axe_available():
    from tests.browser.axe import AXE

    if not AXE.exists():
        missing_service("axe-core is not installed (make test runs npm install)")


@pytest.fixture(scope="session")
def browser(chromium_path, axe_available):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while the tests still use
    # the synchronous ORM, so Django's async-safety guard is relaxed while the browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    load_reference_data()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()


def assert_fits_phone_width(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page scrolls horizontally by {overflow}px at 360px"


FACTORY_PASSWORD = "mật-khẩu-thử-2026"


def sign_in(page, identifier: str, password: str = FACTORY_PASSWORD) -> None:
    """Sign in through the real form (Vietnamese labels) and wait for the home page."""
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("Số định danh cá nhân hoặc tên đăng nhập").fill(identifier)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(page.base_url + "/")
