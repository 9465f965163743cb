"""The family journey on a 320 px phone: link a child, an officer confirms, the parent sees the card and the QR,
the child's access log shows the parent; a stranger's ID number links nothing and the answer is the same."""

import datetime

import pytest
from django.utils import timezone

from participants import services
from participants.models import FamilyLink
from tests.browser.axe import assert_accessible
from tests.browser.conftest import assert_fits_phone_width, sign_in, watched_context
from tests.factories import CardFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _ask(page, national_id: str, birth: str) -> str:
    page.goto(page.base_url + "/family/")
    page.locator("#id_national_id").fill(national_id)
    page.locator("#id_birth_date").fill(birth)
    page.get_by_role("button", name="Gửi đề nghị liên kết").click()
    page.wait_for_url(page.base_url + "/family/")
    return page.locator("main").inner_text()


def test_parent_links_a_child_sees_card_and_qr_and_the_child_sees_the_parent_in_the_log(browser, live_server):
    parent = ParticipantFactory(full_name="Trần Thị Mai", user=UserFactory(username="parent-mai"))
    child = ParticipantFactory(
        full_name="Trần Minh An", birth_date=datetime.date(2018, 6, 1), user=UserFactory(username="child-an")
    )
    CardFactory(participant=child, object_group="TE", valid_to=timezone.localdate() + datetime.timedelta(days=300))
    context = watched_context(browser, viewport={"width": 320, "height": 740}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    try:
        sign_in(page, parent.national_id)
        stranger = _ask(page, "001218999999", "2018-06-01")
        assert FamilyLink.objects.count() == 0
        answer = _ask(page, child.national_id, "2018-06-01")
        assert answer == stranger  # the same words whether or not the number exists
        assert "Trần Minh An" not in answer
        assert_accessible(page)
        assert_fits_phone_width(page)

        officer = UserFactory(username="officer", is_staff=True)
        services.family_link_decide(link=FamilyLink.objects.get(), officer=officer, confirm=True)

        page.goto(live_server.url + "/family/")
        page.get_by_role("link", name="Thẻ BHYT").first.click()
        main = page.locator("main").inner_text()
        assert "Trần Minh An" in main and child.social_insurance_number in main
        assert_accessible(page)
        page.get_by_role("link", name="Mã QR khám chữa bệnh").first.click()
        page.locator("img.qr").wait_for()
        assert_accessible(page)
        assert_fits_phone_width(page)

        page.get_by_role("button", name="Đăng xuất").click()
        sign_in(page, child.national_id)
        page.goto(live_server.url + "/profile/access-log/")
        log = page.locator("main").inner_text()
        assert log.count("Cha hoặc mẹ đã mở thẻ BHYT hoặc mã QR khám chữa bệnh của bạn") == 2
        assert "Cha hoặc mẹ của bạn: Trần Thị Mai" in log
        assert_accessible(page)
    finally:
        reports = context.overflows
        context.close()
    assert reports == [], reports


@pytest.mark.parametrize("language", ["vi", "en"])
def test_household_page_at_320_px(browser, live_server, language):
    from django.conf import settings

    from participants.models import Household, HouseholdMember

    me = ParticipantFactory(full_name="Võ Thị Hạnh", user=UserFactory(username="hanh"))
    others = [ParticipantFactory(full_name=f"Lê Văn Tâm {n}") for n in range(4)]
    home = Household.objects.create()
    for position, person in enumerate([me, *others], start=1):
        HouseholdMember.objects.create(household=home, participant=person, position=position)
        CardFactory(participant=person, object_group="GD", valid_to=timezone.localdate() + datetime.timedelta(days=40))
    context = watched_context(browser, viewport={"width": 320, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.base_url = live_server.url
    try:
        sign_in(page, me.national_id)  # the sign-in form is read in Vietnamese; the language is switched after
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
        page.goto(live_server.url + "/family/household/")
        main = page.locator("main").inner_text()
        assert ("45.540\u00a0₫" if language == "vi" else "45,540\u00a0VND") in main
        assert_accessible(page)
        assert_fits_phone_width(page)
    finally:
        reports = context.overflows
        context.close()
    assert reports == [], reports
