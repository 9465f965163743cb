import datetime

import pytest

from tests.benefits.test_pages import career
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PHONE, assert_fits_phone_width, fill_calculator, sign_in, watched_context
from tests.factories import EmploymentFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_calculator_in_vietnamese_with_htmx(page):
    page.goto(page.base_url + "/calculator/")
    assert page.locator("h1").inner_text() == "Tính thử quyền lợi"
    assert_accessible(page)
    fill_calculator(page)
    result = page.locator("#calculator-result").inner_text()
    assert "Kết quả của bạn" in result
    assert "Khoảng 6.000.000\u00a0₫ mỗi tháng trong 12 tháng." in result
    assert "01/06/2028" in result
    assert page.url.endswith("/calculator/")  # answered in place, no navigation
    assert_fits_phone_width(page)
    page.locator("#calculator-result details summary").first.click()
    assert_accessible(page)


def test_calculator_in_english(page):
    page.goto(page.base_url + "/calculator/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Benefit calculator"
    fill_calculator(page)
    result = page.locator("#calculator-result").inner_text()
    assert "About 6,000,000\u00a0VND a month for 12 months." in result
    assert "1 Jun 2028" in result
    page.locator("#calculator-result details summary").first.click()
    assert "Law 41/2024/QH15" in page.locator("#calculator-result details").first.inner_text()


def test_calculator_add_period_and_errors_without_javascript(browser, live_server):
    context = watched_context(browser, viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/calculator/")
        page.locator("input[name=sex][value=female]").check()
        page.locator("#id_birth_date").fill("1990-01-01")
        page.locator("#id_periods-0-start").fill("2020-01")
        page.locator("button[name=add_period]").click()
        page.locator("#id_periods-1-start").wait_for()
        assert page.locator("#id_periods-0-start").input_value() == "01/2020"  # as people write it
        page.locator("#id_periods-0-end").fill("2019-01")
        page.locator("#id_periods-0-monthly_salary").fill("8000000")
        page.locator("button[name=calculate]").click()
        page.get_by_role("alert").wait_for()
        assert "Tháng kết thúc không được trước tháng bắt đầu." in page.locator("main").inner_text()
    finally:
        context.close()


def test_citizen_reads_eligibility_in_both_languages(page):
    participant = ParticipantFactory(
        full_name="Vũ Thị Lan", sex="female", birth_date=datetime.date(1992, 3, 8), user=UserFactory(username="c-lan")
    )
    participant.national_id = f"001192{participant.national_id[-6:]}"
    participant.save()
    employer = career(participant, 171)
    EmploymentFactory(participant=participant, employer=employer, start_date=datetime.date(2010, 1, 1))
    sign_in(page, participant.national_id)
    page.goto(page.base_url + "/eligibility/")
    main = page.locator("main").inner_text()
    assert "Quyền lợi của bạn" in main
    assert "171 trên 180 tháng để hưởng lương hưu" in main
    assert "Cần thêm 9 tháng." in main
    assert_fits_phone_width(page)
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "What you are entitled to" in main
    assert "171 of 180 months toward a pension" in main
    assert "Sickness" in main and "Eligible" in main


def test_eligibility_expected_birth_form(page):
    participant = ParticipantFactory(
        full_name="Đỗ Thị Hoa", sex="female", birth_date=datetime.date(1995, 6, 20), user=UserFactory(username="c-hoa")
    )
    participant.national_id = f"001195{participant.national_id[-6:]}"
    participant.save()
    career(participant, 24)
    sign_in(page, participant.national_id)
    page.goto(page.base_url + "/eligibility/")
    birth = datetime.date.today() + datetime.timedelta(days=30)
    page.locator("#id_expected_birth").fill(birth.isoformat())
    page.get_by_role("button", name="Xem chế độ thai sản").click()
    page.wait_for_load_state()
    section = page.locator("#maternity").inner_text()
    assert "Đủ điều kiện" in section
    assert "Trợ cấp một lần khi sinh con: 5.060.000\u00a0₫." in section
