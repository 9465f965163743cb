"""Clinic reception at a phone-sized screen: check a pasted code, confirm, and see a replay refused;
then the patient sees the visit in their inbox and can say it was not them."""

import datetime

import pytest
from django.utils import timezone

from checkin.models import CheckIn
from checkin.services import checkin_token_issue
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PHONE, assert_fits_phone_width, sign_in, watched_context
from tests.factories import CardFactory, ClinicStaffFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _key_under_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def test_reception_checks_confirms_and_refuses_the_replay_then_the_patient_is_told(page, browser, live_server):
    today = timezone.localdate()
    patient = ParticipantFactory(full_name="Ngô Thị Bích", user=UserFactory(username="c-bich"))
    card = CardFactory(
        participant=patient,
        valid_from=today - datetime.timedelta(days=100),
        valid_to=today + datetime.timedelta(days=200),
        benefit_level=4,
    )
    desk = ClinicStaffFactory(facility=card.facility, user=UserFactory(username="le-tan-1", role="clinic"))
    token, _expires = checkin_token_issue(participant=patient)

    sign_in(page, "le-tan-1")
    page.get_by_role("link", name="Quầy tiếp đón").first.click()
    page.get_by_label("Mã QR khám chữa bệnh (quét hoặc dán vào)").fill(token)
    page.get_by_role("button", name="Kiểm tra mã").click()
    result = page.locator("#desk-result")
    result.get_by_role("heading", name="Thẻ hợp lệ").wait_for()
    text = result.inner_text()
    assert "Ngô Thị Bích" in text and "Mức 4: 80%" in text and "Cơ sở này" in text
    assert CheckIn.objects.count() == 0  # checking is not recording
    assert_fits_phone_width(page)
    assert_accessible(page)

    result.get_by_role("button", name="Xác nhận lượt khám").click()
    result.get_by_role("heading", name="Đã ghi nhận lượt khám").wait_for()
    checkin = CheckIn.objects.get()
    assert (checkin.participant_id, checkin.facility_id, checkin.staff_id) == (
        patient.pk,
        desk.facility_id,
        desk.user_id,
    )

    # The same code again (a screenshot shown twice): refused, with the reason, nothing recorded.
    page.get_by_label("Mã QR khám chữa bệnh (quét hoặc dán vào)").fill(token)
    page.get_by_role("button", name="Kiểm tra mã").click()
    result.get_by_role("heading", name="Không chấp nhận").wait_for()
    assert "đã được dùng để ghi nhận lượt khám" in result.inner_text()
    assert CheckIn.objects.count() == 1
    assert_accessible(page)

    # The patient, on their own phone: a new notice in the header, the visit in the inbox, "this wasn't me".
    phone = watched_context(browser, viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    sign_in(page, patient.national_id)
    page.locator(".inbox-count").wait_for()
    assert page.locator(".inbox-count").inner_text() == "1 mới"
    page.get_by_role("link", name="Thông báo").first.click()
    assert card.facility.name in page.locator("main").inner_text()
    page.get_by_role("link", name="Xem các lượt khám của bạn").click()
    page.get_by_text("Không phải tôi").click()
    page.get_by_label("Điều chúng tôi nên biết (không bắt buộc)").fill("Hôm đó tôi ở Đà Nẵng")
    page.get_by_role("button", name="Báo lượt khám này").click()
    page.get_by_text("Đã báo không phải bạn").wait_for()
    checkin.refresh_from_db()
    assert checkin.flagged_at is not None and checkin.flag_note == "Hôm đó tôi ở Đà Nẵng"
    assert_fits_phone_width(page)
    assert_accessible(page)
    phone.close()


def test_reception_id_number_path_without_javascript(browser, live_server):
    context = watched_context(browser, viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.base_url = live_server.url
    today = timezone.localdate()
    card = CardFactory(valid_from=today - datetime.timedelta(days=400), valid_to=today - datetime.timedelta(days=1))
    ClinicStaffFactory(user=UserFactory(username="le-tan-2", role="clinic"))
    sign_in(page, "le-tan-2")
    page.goto(page.base_url + "/clinic/")
    page.get_by_label("Hoặc số định danh cá nhân 12 số của người bệnh (CCCD gắn chip)").fill(
        card.participant.national_id
    )
    response_status = []
    page.on("response", lambda r: response_status.append(r.status) if r.url.endswith("/clinic/verify/") else None)
    page.get_by_role("button", name="Tra cứu").click()
    page.get_by_role("heading", name="Không chấp nhận").wait_for()
    assert "Thẻ BHYT đã hết hạn" in page.locator("main").inner_text()
    assert "Cơ sở khác" in page.locator("main").inner_text()
    assert response_status == [400]
    context.close()
