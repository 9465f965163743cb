import pytest

from tests.browser.axe import assert_accessible
from tests.browser.conftest import assert_fits_phone_width
from tests.factories import CardFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_in_vietnamese_then_english_at_phone_width(page):
    page.goto(page.base_url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == "Tự tra cứu bảo hiểm xã hội"
    assert_fits_phone_width(page)
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Social insurance self-service"
    # The choice is remembered on the next visit.
    page.goto(page.base_url + "/")
    assert page.locator("h1").inner_text() == "Social insurance self-service"


def test_citizen_signs_in_with_id_number_and_sees_card(page):
    participant = ParticipantFactory(full_name="Lê Thị Hồng Nhung", user=UserFactory(username="citizen-nhung"))
    card = CardFactory(participant=participant)
    page.goto(page.base_url + "/accounts/login/")
    assert_fits_phone_width(page)
    assert_accessible(page)
    page.get_by_label("Số định danh cá nhân hoặc tên đăng nhập").fill(participant.national_id)
    page.get_by_label("Mật khẩu").fill("mật-khẩu-thử-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(page.base_url + "/")
    assert "Lê Thị Hồng Nhung" in page.locator("h1").inner_text()
    assert card.card_number in page.locator("main").inner_text()
    assert "31/12/2026" in page.locator("main").inner_text()
    assert_fits_phone_width(page)
    assert_accessible(page)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Đăng nhập").first.is_visible()


def test_wrong_password_is_explained(page):
    ParticipantFactory(user=UserFactory(username="citizen-x"))
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("Số định danh cá nhân hoặc tên đăng nhập").fill("001090999999")
    page.get_by_label("Mật khẩu").fill("sai")
    page.get_by_role("button", name="Đăng nhập").click()
    assert "Thông tin đăng nhập không đúng" in page.get_by_role("alert").inner_text()
    assert_accessible(page)


def test_axe_check_really_finds_problems(page):
    """The accessibility check can fail: a page with an unlabelled image and input is reported."""
    from tests.browser.axe import axe_violations

    page.set_content('<html lang="vi"><body><main><h1>x</h1><img src="a.png"><input></main></body></html>')
    ids = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "label"} <= ids
