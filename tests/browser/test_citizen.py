import datetime

import pytest

from tests.benefits.test_pages import career
from tests.browser.axe import assert_accessible
from tests.browser.conftest import FACTORY_PASSWORD, assert_fits_phone_width
from tests.browser.conftest import sign_in as shared_sign_in
from tests.factories import CardFactory, EmploymentFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, participant):
    shared_sign_in(page, participant.national_id)


def test_card_history_and_year_expansion(page):
    participant = ParticipantFactory(full_name="Trịnh Văn Long", user=UserFactory(username="c-long"))
    today = datetime.date.today()
    CardFactory(
        participant=participant,
        valid_from=today - datetime.timedelta(days=200),
        valid_to=today + datetime.timedelta(days=12),
    )
    employer = career(participant, 60)
    EmploymentFactory(participant=participant, employer=employer, start_date=datetime.date(2015, 1, 1))
    sign_in(page, participant)
    main = page.locator("main").inner_text()
    assert "Sắp hết hạn" in main
    assert "gia hạn trước ngày này" in main
    assert_fits_phone_width(page)
    # The card's values get the width of the screen, not a sliver beside their labels.
    narrowest = page.evaluate("Math.min(...[...document.querySelectorAll('.facts dd')].map(e => e.clientWidth))")
    assert narrowest > 250
    assert_accessible(page)

    page.get_by_role("link", name="Quá trình đóng bảo hiểm").click()
    page.wait_for_load_state()
    assert "60 tháng đóng BHXH được tính để hưởng lương hưu." in page.locator("main").inner_text()
    assert page.locator("table.months").count() == 0
    year = page.locator(".year__title").first.inner_text()
    page.get_by_role("link", name=f"Xem các tháng năm {year}").click()
    page.locator(f"#months-{year} table.months").wait_for()
    assert page.url.endswith("/contributions/")  # opened in place by htmx
    assert page.locator(f"#months-{year} tbody tr").count() >= 1
    assert_fits_phone_width(page)
    assert_accessible(page)

    page.goto(page.base_url + "/checkin/")
    assert page.locator("#checkin-qr img.qr").is_visible()
    assert page.locator("#checkin-qr img.qr").bounding_box()["width"] > 250  # large enough to scan
    assert_fits_phone_width(page)
    assert_accessible(page)


def test_guessing_the_password_on_the_contact_form_ends_in_the_lock_out_page(narrow, settings):
    """Issue 18 leftover: a session left open could guess the password on the contact-change form uncounted."""
    page = narrow
    participant = ParticipantFactory(email="cu@example.vn", user=UserFactory(username="c-khoa"))
    sign_in(page, participant)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        page.goto(page.base_url + "/profile/")
        page.locator("input[name=email-destination]").fill("ke-gian@example.vn")
        page.locator("input[name=email-password]").fill(f"doan-sai-{attempt}")
        page.get_by_role("button", name="Gửi mã đến email này").click()
    assert page.locator("h1").inner_text() == "Tạm dừng các thay đổi"  # signed in: the changes are paused
    assert page.get_by_role("link", name="Quay lại hồ sơ của bạn").is_visible()
    assert_accessible(page)
    assert_fits_phone_width(page)
    # The right password is refused too until the cool-off, and the address stays as it was.
    page.goto(page.base_url + "/profile/")
    page.locator("input[name=email-destination]").fill("ke-gian@example.vn")
    page.locator("input[name=email-password]").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Gửi mã đến email này").click()
    assert page.locator("h1").inner_text() == "Tạm dừng các thay đổi"
    participant.refresh_from_db()
    assert participant.email == "cu@example.vn" and not participant.one_time_codes.exists()


def test_after_a_password_change_the_security_page_lists_this_browser_alone(narrow, browser, live_server):
    """Issue 18 leftover: the change re-keyed the session and the security page no longer listed it."""
    page = narrow
    participant = ParticipantFactory(user=UserFactory(username="c-doi-mk"))
    other = browser.new_context(viewport={"width": 320, "height": 640}, locale="vi-VN")
    other_page = other.new_page()
    other_page.base_url = live_server.url
    sign_in(other_page, participant)
    sign_in(page, participant)
    page.goto(page.base_url + "/accounts/password/change/")
    page.locator("input[name=old_password]").fill(FACTORY_PASSWORD)
    page.locator("input[name=new_password1]").fill("một-mật-khẩu-mới-2026")
    page.locator("input[name=new_password2]").fill("một-mật-khẩu-mới-2026")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    page.goto(page.base_url + "/accounts/security/")
    listed = page.locator("main strong").all_inner_texts()
    assert listed.count("Trình duyệt này") == 1 and "Trình duyệt khác" not in listed
    assert_accessible(page)
    assert_fits_phone_width(page)
    other_page.goto(other_page.base_url + "/accounts/security/")
    assert "/accounts/login/" in other_page.url
    other.close()
