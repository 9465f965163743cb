import datetime

import pytest

from tests.benefits.test_pages import career
from tests.browser.axe import assert_accessible
from tests.browser.conftest import assert_fits_phone_width
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
