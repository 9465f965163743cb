"""The card page opens offline (from the service worker's copy), says when it was last updated,
and the copy is gone after signing out."""

import time

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.axe import assert_accessible
from tests.browser.conftest import assert_fits_phone_width
from tests.browser.test_citizen import sign_in
from tests.factories import CardFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CARD_NUMBER = "HC4797912345678"


def saved_card_count(page) -> int:
    return page.evaluate(
        "async () => (await caches.has('bhxh-card')) ? (await (await caches.open('bhxh-card')).keys()).length : 0"
    )


def wait_for_saved_cards(page, expected: int) -> None:
    """The worker writes and deletes its copy in the background, after the page has loaded."""
    deadline = time.monotonic() + 5
    while saved_card_count(page) != expected:
        assert time.monotonic() < deadline, f"expected {expected} saved card page(s), found {saved_card_count(page)}"
        page.wait_for_timeout(100)


def controlled_card_page(page):
    participant = ParticipantFactory(full_name="Phan Thị Lan", user=UserFactory(username="citizen-lan"))
    CardFactory(participant=participant, card_number=CARD_NUMBER)
    sign_in(page, participant)
    assert page.evaluate("window.isSecureContext"), page.base_url  # service workers need one
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # The first load happened before the worker existed; this one goes through it and is kept.
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    wait_for_saved_cards(page, 1)
    return participant


def kept_urls(page) -> list[str]:
    return page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
            }
            return urls;
        }"""
    )


def test_card_opens_offline_with_when_it_was_updated(page):
    controlled_card_page(page)
    # Other personal pages are never kept.
    page.goto(page.base_url + "/contributions/")
    page.goto(page.base_url + "/")
    assert not [url for url in kept_urls(page) if url not in ("/", "/checkin/") and not url.startswith("/static/")]
    updated = page.locator("[data-card-updated-at]")
    online_line = updated.inner_text()
    offline_message = updated.get_attribute("data-offline-message")
    assert page.locator(".offline-banner").count() == 0  # online and fresh: no banner

    page.context.set_offline(True)
    page.reload()
    main = page.locator("main")
    assert CARD_NUMBER in main.inner_text()
    # The page is the worker's saved copy, and says so with the time it was fetched.
    assert page.locator('[data-card-source="cache"]').count() == 1
    assert page.locator("[data-card-updated-at]").inner_text() == online_line
    banner = page.locator(".offline-banner")
    banner.wait_for()
    page.wait_for_function("document.querySelector('.offline-banner').textContent.length > 0")
    assert banner.inner_text() == offline_message
    assert banner.get_attribute("role") == "status"
    # The stylesheet came from the cache too.
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") == (
        "rgb(11, 79, 138)"
    )
    assert_fits_phone_width(page)
    assert_accessible(page)

    # Back online, the page is fetched again and the banner goes.
    page.context.set_offline(False)
    page.reload()
    assert page.locator('[data-card-source="network"]').count() == 1
    assert page.locator(".offline-banner").count() == 0


def test_signing_out_forgets_the_saved_card(page):
    controlled_card_page(page)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Đăng nhập").first.is_visible()
    wait_for_saved_cards(page, 0)

    page.context.set_offline(True)
    with pytest.raises(PlaywrightError, match="ERR_"):
        page.goto(page.base_url + "/")


def test_the_last_check_in_code_opens_offline_and_says_until_when(page):
    controlled_card_page(page)
    page.goto(page.base_url + "/checkin/")
    wait_for_saved_cards(page, 2)
    online_code = page.locator("img.qr").get_attribute("src")
    offline_message = page.locator("[data-card-source]").get_attribute("data-offline-message")
    assert "Bạn đang ngoại tuyến" in offline_message

    page.context.set_offline(True)
    page.reload()
    # The same code as last seen online, with the time it stops being valid.
    assert page.locator("img.qr").get_attribute("src") == online_code
    assert page.locator('[data-card-source="cache"]').count() == 1
    page.wait_for_function("document.querySelector('.offline-banner')?.textContent.length > 0")
    assert page.locator(".offline-banner").inner_text() == offline_message
    assert_fits_phone_width(page)
    assert_accessible(page)

    page.context.set_offline(False)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()
    wait_for_saved_cards(page, 0)
