"""The public planners on a 320 px phone, in Vietnamese and English, with large text on and off, axe clean;
each answers in place with htmx and also without JavaScript."""

import pytest
from django.conf import settings

from bhxh_portal.context_processors import TEXT_SIZE_COOKIE
from tests.browser.axe import assert_accessible
from tests.browser.conftest import assert_fits_phone_width, watched_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 740}


def _phone(browser, base: str, language: str, size: str, javascript: bool = True):
    context = watched_context(browser, viewport=NARROW, is_mobile=True, java_script_enabled=javascript)
    context.add_cookies(
        [
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base},
            {"name": TEXT_SIZE_COOKIE, "value": size, "url": base},
        ]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _check(browser, live_server, path, fill, expected, *, javascript=True):
    """Open ``path`` in each language and text size, fill it, and find ``expected[language]`` in the answer."""
    for language in ("vi", "en"):
        for size in ("normal", "large"):
            context, page = _phone(browser, live_server.url, language, size, javascript)
            try:
                page.goto(live_server.url + path)
                if size == "normal":
                    assert_accessible(page)
                fill(page)
                page.locator("#planner-result h2").first.wait_for()
                result = page.locator("#planner-result").inner_text()
                for text in expected[language]:
                    assert text in result, (language, size, text)
                if javascript:
                    assert page.url.endswith(path)
                assert_fits_phone_width(page)
                if size == "normal":
                    page.locator("#planner-result details summary").first.click()
                    assert_accessible(page)
            finally:
                reports = context.overflows
                context.close()
            assert reports == [], reports


def _fill(values: dict):
    """A function that types ``values`` (selector: text, or a callable for the odd control) and submits."""

    def fill(page):
        for selector, value in values.items():
            if callable(value):
                value(page.locator(selector))
            else:
                page.locator(selector).fill(value)
        page.locator("#planner form button[name=calculate]").click()

    return fill


_household = _fill({"#id_members": "5", "#id_student": "1", "#id_on": "2026-07-01"})


def test_household_premium(browser, live_server):
    expected = {
        "vi": ["113.850\u00a0₫", "45.540\u00a0₫", "1.366.200\u00a0₫", "Nhà nước hỗ trợ 56.925\u00a0₫", "Tổng cả hộ"],
        "en": [
            "113,850\u00a0VND",
            "45,540\u00a0VND",
            "1,366,200\u00a0VND",
            "the State pays 56,925\u00a0VND",
            "Household total",
        ],
    }
    _check(browser, live_server, "/calculator/household/", _household, expected)


def test_household_premium_without_javascript(browser, live_server):
    context, page = _phone(browser, live_server.url, "vi", "normal", javascript=False)
    try:
        page.goto(live_server.url + "/calculator/household/")
        page.locator("#id_members").fill("0")
        page.locator("#planner form button[name=calculate]").click()
        page.get_by_role("alert").wait_for()
        assert "Nhập ít nhất một người." in page.locator("main").inner_text()
        _household(page)
        page.locator("#planner-result h2").wait_for()
        assert "364.320\u00a0₫" not in page.locator("#planner-result").inner_text()  # 5 members and a student
        assert "421.245\u00a0₫" in page.locator("#planner-result").inner_text()
    finally:
        context.close()


_voluntary = _fill(
    {
        "#id_monthly_income": "3000000",
        "#id_cycle_months": lambda box: box.select_option("12"),
        "#id_support_group": lambda box: box.select_option("near_poor"),
        "input[name=sex][value=female]": lambda box: box.check(),
        "#id_birth_date": "1980-03-10",
        "#id_periods-0-start": "2010-01",
        "#id_periods-0-end": "2016-12",
        "#id_periods-0-monthly_salary": "6000000",
    }
)


def test_voluntary_planner(browser, live_server):
    expected = {
        "vi": ["7.920.000\u00a0₫", "1.584.000\u00a0₫", "6.336.000\u00a0₫", "01/04/2040", "56%"],
        "en": ["7,920,000\u00a0VND", "1,584,000\u00a0VND", "6,336,000\u00a0VND", "1 Apr 2040", "56%"],
    }
    _check(browser, live_server, "/calculator/voluntary/", _voluntary, expected)


_withdrawal = _fill(
    {
        "input[name=sex][value=male]": lambda box: box.check(),
        "#id_birth_date": "1985-05-05",
        "#id_periods-0-start": "2010-01",
        "#id_periods-0-end": "2025-12",
        "#id_periods-0-monthly_salary": "8000000",
    }
)


def test_withdrawal_shows_both_sides_with_the_same_weight(browser, live_server):
    expected = {
        "vi": ["Nhận BHXH một lần", "Bảo lưu thời gian đóng", "01/06/2047", "500.000\u00a0₫", "từ 75 tuổi"],
        "en": ["Take a one-time payment", "Keep your record", "1 Jun 2047", "500,000\u00a0VND", "from age 75"],
    }
    _check(browser, live_server, "/calculator/withdrawal/", _withdrawal, expected)
    context, page = _phone(browser, live_server.url, "en", "normal")
    try:
        page.goto(live_server.url + "/calculator/withdrawal/")
        _withdrawal(page)
        sides = page.locator("#planner-result section.benefit")
        sides.first.wait_for()
        assert sides.count() == 2
        # The same heading level, the same four questions, in both.
        for side in (sides.nth(0), sides.nth(1)):
            assert side.locator("h3").count() == 1
            assert side.locator("dt").all_inner_texts() == [
                "You would get",
                "When",
                "How it is worked out",
                "You would give up",
            ]
    finally:
        context.close()
