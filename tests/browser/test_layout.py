"""Every page every persona reaches fits a phone: 320 and 360 px wide, Vietnamese and English, large text
off and on, signed out and signed in as each demo citizen, the employer's HR officer and the receptionist.

The pages are found the way a person finds them: by following the links of the pages they open (and the
results of the forms they send), starting from where they land after signing in."""

import re
import urllib.parse

import pytest
from django.conf import settings

from accounts.twofactor.totp import totp_code
from bhxh_portal import demo
from bhxh_portal.context_processors import TEXT_SIZE_COOKIE
from tests.browser.conftest import OVERFLOW_PREFIX, fill_calculator, overflow_reports, watched_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 360)
LANGUAGES = ("vi", "en")
TEXT_SIZES = ("normal", "large")
MAX_PAGES = 30  # per persona; pages of one shape (a year, a staff record) count once
SKIP_PATHS = re.compile(r"^/(admin|api|static|i18n|accounts/logout)/|\.(csv|xlsx|json|js)$|/export|/template")
SHAPE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+")


def shape(path: str) -> str:
    """Pages that differ only by an id or a year look alike; one of them stands for all."""
    return SHAPE.sub("#", path)


def visit(page, url: str, *, signed_in: bool) -> None:
    """Open a page as a person sees it: loaded, the header's unread count in place, laid out."""
    if signed_in:
        with page.expect_response(lambda response: "/inbox/unread/" in response.url):
            page.goto(url)
    else:
        page.goto(url)
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map((el) => el.href)")
    found = []
    for href in hrefs:
        url = urllib.parse.urlsplit(href)
        if f"{url.scheme}://{url.netloc}" != base or SKIP_PATHS.search(url.path):
            continue
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def crawl(page, base: str, start: list[str], broken: list[str]) -> list[str]:
    """The HTML pages reachable by links from `start`, one per shape, breadth first. A link to a page that
    does not answer 200 goes into `broken`."""
    seen_shapes: set[str] = set()
    pages: list[str] = []
    queue = list(start)
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        if shape(path) in seen_shapes:
            continue
        seen_shapes.add(shape(path))
        response = page.goto(base + path)
        if response is None or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        if response.status != 200:
            broken.append(f"{path} answers {response.status}")
            continue
        if urllib.parse.urlsplit(page.url).path != urllib.parse.urlsplit(base + path).path:
            continue  # redirected (e.g. to sign in): that page is visited on its own
        pages.append(path)
        queue.extend(links(page, base))
    return pages


def sign_in(page, base: str, login: dict) -> None:
    page.goto(base + "/accounts/login/")
    page.locator("#id_username").fill(login["username"])
    page.locator("#id_password").fill(login["password"])
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    if "totp_secret" in login:
        page.locator("#id_code").fill(totp_code(login["totp_secret"]))
        page.locator("main form.form button[type=submit]").click()
        page.wait_for_load_state()
    assert "/accounts/" not in page.url, f"{login['persona']} did not get past sign-in: {page.url}"


# Pages that only a form leads to, by role: the calculator's answer and the desk's answer for an ID number.
FORM_RESULTS = {"anonymous": ["calculator"], "citizen": ["calculator"], "clinic": ["desk"], "employer": []}


def open_form_result(page, base: str, which: str, citizen_id: str) -> None:
    if which == "calculator":
        page.goto(base + "/calculator/")
        fill_calculator(page)
    elif which == "desk":
        page.goto(base + "/clinic/")
        page.locator("input[name=national_id]").fill(citizen_id)
        page.locator("form:has(input[name=national_id]) button[type=submit]").click()
        page.locator("#desk-result h2").wait_for()


def personas() -> list[dict]:
    logins = [{"role": "anonymous", "persona": "signed out"}]
    logins += [login for login in demo.demo_login_list() if login["role"] in ("citizen", "employer", "clinic")]
    return logins


def test_every_page_of_every_persona_fits_320_and_360_in_both_languages_and_text_sizes(browser, live_server):
    demo.demo_seed(participants=0)
    base = live_server.url
    logins = personas()
    assert {login["role"] for login in logins} == {"anonymous", "citizen", "employer", "clinic"}
    citizen_id = next(login["username"] for login in logins if login["role"] == "citizen")
    problems: list[str] = []
    visited = 0
    for login in logins:
        # Sign in once; every width, language and text size reuses the session (as a person's phone would).
        first = watched_context(browser, viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True)
        page = first.new_page()
        if login["role"] == "anonymous":
            start = ["/", "/accounts/login/", "/calculator/"]
        else:
            sign_in(page, base, login)
            start = [urllib.parse.urlsplit(page.url).path]
        broken: list[str] = []
        pages = crawl(page, base, start, broken)
        assert broken == [], (login["persona"], broken)
        assert len(pages) >= 3, (login["persona"], pages)
        session = first.storage_state()
        first.close()

        for width in WIDTHS:
            context = watched_context(
                browser, viewport={"width": width, "height": 740}, is_mobile=True, storage_state=session
            )
            page = context.new_page()
            for language in LANGUAGES:
                for size in TEXT_SIZES:
                    context.add_cookies(
                        [
                            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base},
                            {"name": TEXT_SIZE_COOKIE, "value": size, "url": base},
                        ]
                    )
                    where = f"{login['persona']} · {width}px · {language} · {size} text"
                    for path in pages:
                        visit(page, base + path, signed_in=login["role"] != "anonymous")
                        problems += [f"{where}: {report}" for report in overflow_reports(page)[:1]]
                        context.overflows.clear()
                        visited += 1
                    for which in FORM_RESULTS[login["role"]]:
                        open_form_result(page, base, which, citizen_id)
                        page.evaluate("() => new Promise((done) => requestAnimationFrame(done))")
                        problems += [f"{where}: {report}" for report in overflow_reports(page)[:1]]
                        context.overflows.clear()
                        visited += 1
            context.close()
    assert visited >= 200
    assert problems == [], "\n".join(problems)


def test_the_check_catches_an_element_pushed_past_the_viewport(browser, live_server):
    context = watched_context(browser, viewport={"width": 320, "height": 740})
    page = context.new_page()
    visit(page, live_server.url + "/", signed_in=False)
    assert overflow_reports(page) == []

    page.evaluate(
        "() => { const wide = document.createElement('div'); wide.className = 'too-wide';"
        " wide.style.width = '400px'; wide.style.height = '10px'; document.querySelector('main').append(wide);"
        " document.dispatchEvent(new Event('htmx:afterSettle')); }"
    )
    page.wait_for_timeout(200)  # the watcher measures two animation frames after the swap
    reports = overflow_reports(page)
    assert any("div.too-wide" in report and "320px viewport" in report for report in reports), reports
    assert any("htmx swap" in report for report in context.overflows), context.overflows
    assert OVERFLOW_PREFIX not in " ".join(reports)
    context.close()
