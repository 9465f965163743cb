"""Real headless Chromium (Debian's package) driven by Playwright, at a phone-sized viewport."""

import contextlib
import os
import shutil

import pytest

from tests.conftest import load_reference_data, missing_service

PHONE = {"width": 360, "height": 740}
NARROW = {"width": 320, "height": 640}
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


# Every document a test's browser opens reports, after it loads and after every htmx swap, whether anything
# sticks out past the viewport (the page would scroll sideways on a phone). `watched_context` collects the
# reports; `assert_fits_phone_width` and the end of each test fail on any.
OVERFLOW_WATCH = """
(() => {
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const report = (when) => {
    // Not innerWidth: a phone browser widens its layout viewport to fit content that sticks out.
    const width = document.documentElement.clientWidth;
    const over = document.documentElement.scrollWidth - width;
    if (over <= 0) return;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .slice(-3).map(describe);
    console.error(`layout-overflow: ${location.pathname}${location.search} (${when}) is ${over}px wider than ` +
      `the ${width}px viewport: ${wide.join(', ')}`);
  };
  const later = (when) => () => requestAnimationFrame(() => requestAnimationFrame(() => report(when)));
  window.addEventListener('load', later('load'));
  document.addEventListener('htmx:afterSettle', later('htmx swap'));
})();
"""
OVERFLOW_PREFIX = "layout-overflow: "


def watched_context(browser, **options):
    """A browser context whose pages report horizontal overflow (see OVERFLOW_WATCH) into `context.overflows`."""
    context = browser.new_context(**options)
    context.overflows = []
    context.add_init_script(OVERFLOW_WATCH)

    def collect(message):
        if message.text.startswith(OVERFLOW_PREFIX):
            context.overflows.append(message.text.removeprefix(OVERFLOW_PREFIX))

    context.on("console", collect)
    return context


def overflow_reports(page) -> list[str]:
    """What the page reported so far, plus a measurement taken now (after htmx settles)."""
    reports = list(getattr(page.context, "overflows", []))
    width = page.viewport_size["width"]
    overflow = page.evaluate("document.documentElement.scrollWidth") - width
    if overflow > 0:
        reports.append(f"{page.url} is {overflow}px wider than the {width}px viewport now")
    return reports


@contextlib.contextmanager
def phone_page(browser, live_server, viewport):
    """A page in Vietnamese on a phone of this size; fails on horizontal overflow when it closes."""
    context = watched_context(browser, viewport=viewport, locale="vi-VN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    reports = context.overflows
    context.close()
    assert reports == [], reports


@pytest.fixture
def page(browser, live_server):
    with phone_page(browser, live_server, PHONE) as page:
        yield page


@pytest.fixture
def narrow(browser, live_server):
    """The narrowest phone the pages must fit: 320 px."""
    with phone_page(browser, live_server, NARROW) as page:
        yield page


def assert_fits_phone_width(page):
    reports = overflow_reports(page)
    assert reports == [], reports


FACTORY_PASSWORD = "mật-khẩu-thử-2026"


def sign_in(page, identifier: str, password: str = FACTORY_PASSWORD, *, landing: str = "/") -> None:
    """Sign in through the real form (Vietnamese labels) and wait for the landing page. Employer, clinic and
    staff accounts then type the code of their authenticator app (enrolled for them if they have none)."""
    from accounts.auth import user_for_identifier
    from accounts.twofactor.services import user_requires_second_factor
    from tests.twofactor_support import next_code, totp_device

    user = user_for_identifier(identifier)
    device = totp_device(user) if user is not None and user_requires_second_factor(user) else None
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("Số định danh cá nhân hoặc tên đăng nhập").fill(identifier)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    if device is not None:
        page.wait_for_url(page.base_url + "/accounts/otp/")
        page.locator("#id_code").fill(next_code(device))
        page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(page.base_url + landing)
    settle(page)


def settle(page) -> None:
    """Wait for the page's own htmx requests (the unread badge loads with every page) to finish.

    Each response sets the session cookie again (SESSION_SAVE_EVERY_REQUEST): one still on its way when a test
    clears the cookies to sign in as someone else would bring the first person's session back."""
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def fill_calculator(page):
    """The worked case of a man near retirement, laid off, typed into /calculator/ and answered."""
    page.locator("input[name=sex][value=male]").check()
    page.locator("#id_birth_date").fill("1966-05-15")
    page.locator("#id_periods-0-start").fill("2008-11")
    page.locator("#id_periods-0-end").fill("2026-10")
    page.locator("#id_periods-0-monthly_salary").fill("10000000")
    page.locator("#id_termination_date").fill("2026-10-31")
    page.locator("button[name=calculate]").click()
    page.locator("#calculator-result > h2").wait_for()
