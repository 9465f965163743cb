"""Issue 13, items 4 and 5 in the browser: the administrator signs in to the admin with the password and the
code of the authenticator app and lands on the agency's Vietnamese admin (1280 px, axe); a receptionist signs
in to the clinic desk with the code on the narrowest phone (320 px)."""

import re

import pytest

from tests.browser.axe import assert_accessible
from tests.browser.conftest import FACTORY_PASSWORD, assert_fits_phone_width, watched_context
from tests.factories import ClinicStaffFactory, UserFactory
from tests.twofactor_support import next_code, totp_device

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def password_then_code(page, username: str, device) -> None:
    page.get_by_label("Số định danh cá nhân hoặc tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/accounts/otp/")
    assert_accessible(page)
    page.locator("#id_code").fill(next_code(device))
    page.locator("main form.form button[type=submit]").click()


def test_admin_signs_in_with_password_and_code_and_reads_the_vietnamese_admin(browser, live_server):
    officer = UserFactory(username="quan-tri.lan", role="admin", is_staff=True, is_superuser=True)
    device = totp_device(officer)
    context = watched_context(browser, viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(live_server.url + "/admin/participants/participant/")
    page.wait_for_url(
        re.compile(r"/accounts/login/\?next=/admin/participants/participant/$")
    )  # the site's own sign-in, not Django's admin form
    password_then_code(page, "quan-tri.lan", device)
    page.wait_for_url(live_server.url + "/admin/participants/participant/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("#site-name").inner_text() == "Bảo hiểm xã hội Việt Nam — Quản trị"
    assert page.title().endswith("Bảo hiểm xã hội Việt Nam")
    assert page.locator("#content h1").inner_text() == "Chọn người tham gia để thay đổi"
    assert_accessible(page)

    page.goto(live_server.url + "/admin/")
    assert page.locator("#content h1").inner_text() == "Quản trị hệ thống"
    assert page.get_by_role("link", name="Người tham gia", exact=True).first.is_visible()
    assert "Django" not in page.locator("#header").inner_text()
    assert_accessible(page)
    context.close()


def test_receptionist_signs_in_to_the_desk_with_the_code_on_a_320px_phone(narrow):
    desk = ClinicStaffFactory(user=UserFactory(username="le-tan.hoa", role="clinic"))
    device = totp_device(desk.user)

    narrow.goto(narrow.base_url + "/clinic/")
    narrow.wait_for_url("**/accounts/login/?next=/clinic/")
    password_then_code(narrow, "le-tan.hoa", device)
    narrow.wait_for_url(narrow.base_url + "/clinic/")
    assert narrow.locator("input[name=national_id]").is_visible()
    assert_fits_phone_width(narrow)
    assert_accessible(narrow)
