"""An HR officer signs in with password and authenticator code on a phone, the code computed from the
key shown on the set-up page, with axe on every page of the second step."""

import re
import time

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.twofactor.totp import totp_code
from employers.models import EmployerMembership
from participants.enums import EmployerRole, Role
from tests.browser.axe import assert_accessible
from tests.browser.conftest import FACTORY_PASSWORD, assert_fits_phone_width
from tests.factories import EmployerFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def check(page):
    assert_fits_phone_width(page)
    assert_accessible(page)


def password_step(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("Số định danh cá nhân hoặc tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(page.base_url + "/accounts/otp/")


def next_code(secret: str) -> str:
    """The app's code for the next unused time step (the server refuses a step it has already accepted)."""
    device = TOTPDevice.objects.get(confirmed=True)
    step = max(device.last_t + 1, int(time.time()) // 30 + device.drift)
    return totp_code(secret, at=step * 30)


def submit_code(page, code):
    page.locator("#id_code").fill(code)
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_load_state()


def test_hr_officer_sets_up_the_app_and_signs_in_with_a_code(page):
    user = UserFactory(username="hr.tran", role=Role.EMPLOYER)
    EmployerMembership.objects.create(user=user, employer=EmployerFactory(), role=EmployerRole.OWNER)

    password_step(page, "hr.tran")
    assert page.locator("main .qr svg").is_visible()
    assert page.locator("main .qr svg").bounding_box()["width"] > 200  # large enough to scan
    check(page)
    secret = "".join(page.locator(".secret-key code").all_inner_texts())
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)

    submit_code(page, "000000" if totp_code(secret) != "000000" else "111111")
    assert page.locator(".error-summary").is_visible()
    assert page.url == page.base_url + "/accounts/otp/"
    check(page)

    time.sleep(1.1)  # django-otp's back-off after one wrong code
    submit_code(page, totp_code(secret))
    codes = page.locator("ol.recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    check(page)
    page.locator("main a.button").click()
    page.wait_for_url(page.base_url + "/")

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()
    password_step(page, "hr.tran")
    assert page.locator("main .qr").count() == 0
    check(page)
    page.locator("main a[href^='/accounts/otp/recovery/']").click()
    page.wait_for_load_state()
    check(page)
    page.go_back()
    page.wait_for_load_state()
    submit_code(page, next_code(secret))
    page.wait_for_url(page.base_url + "/")
    assert page.get_by_role("button", name="Đăng xuất").is_visible()
