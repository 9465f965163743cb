"""A citizen told of a check-in: the unread count in the header, the inbox, and the preferences page."""

import datetime

import pytest
from django.utils import timezone

from reminders.enums import KindChoice
from reminders.models import NotificationPreference
from reminders.services import reminder_record
from tests.browser.axe import assert_accessible
from tests.browser.conftest import assert_fits_phone_width, sign_in
from tests.factories import FacilityFactory, ParticipantFactory, UserFactory
from tests.reminders.test_delivery import forget_celery_result_backend

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_real_messages(settings):
    # The check-in notice also queues an e-mail; no worker runs here, and nothing may reach a shared broker.
    queue = "test-browser-inbox-unconsumed"
    settings.REMINDER_DELIVERY_QUEUE = queue
    yield
    if settings.CELERY_BROKER_URL.startswith("redis://"):
        import redis

        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(queue)
    forget_celery_result_backend()


def test_checkin_notice_in_inbox_then_preferences(page, settings):
    participant = ParticipantFactory(full_name="Lý Thị Thu", user=UserFactory(username="c-thu"))
    facility = FacilityFactory(name="Trạm Y tế phường Bến Nghé")
    checked_in_at = timezone.now() - datetime.timedelta(minutes=5)
    reminder_record(
        participant=participant,
        kind=KindChoice.CHECKIN_RECORDED,
        subject="checkin:browser",
        due_on=timezone.localdate(checked_in_at),
        context={
            "facility_name": facility.name,
            "facility_code": facility.code,
            "checked_in_at": checked_in_at.isoformat(),
        },
    )

    sign_in(page, participant.national_id)
    count = page.locator(".inbox-link .inbox-count")
    count.wait_for()  # fetched by htmx after the page loads
    assert count.inner_text() == "1 mới"
    assert_accessible(page)

    page.locator(".inbox-link").click()
    page.wait_for_url(page.base_url + "/inbox/")
    main = page.locator("main").inner_text()
    assert "Ghi nhận lượt khám tại cơ sở khám chữa bệnh" in main
    assert "Trạm Y tế phường Bến Nghé" in main
    assert_fits_phone_width(page)
    assert_accessible(page)

    page.locator("main a[href='/inbox/preferences/']").click()
    page.wait_for_url(page.base_url + "/inbox/preferences/")
    assert page.locator("#id_email_enabled").is_checked()
    assert not page.locator("#id_sms_enabled").is_checked()
    assert_fits_phone_width(page)
    assert_accessible(page)

    # Equal times are refused: the page says so, next to the field and at the top, and saves nothing.
    page.locator("#id_quiet_start").fill("22:00")
    page.locator("#id_quiet_end").fill("22:00")
    page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    assert page.locator(".field-error").count() == 1
    assert not NotificationPreference.objects.filter(participant=participant).exists()
    assert_accessible(page)

    page.locator("#id_sms_enabled").check()
    page.locator("#id_quiet_start").fill("22:00")
    page.locator("#id_quiet_end").fill("06:30")
    page.locator("main form button[type=submit]").click()
    page.locator(".messages").wait_for()
    preference = NotificationPreference.objects.get(participant=participant)
    assert (preference.email_enabled, preference.sms_enabled, preference.quiet_start, preference.quiet_end) == (
        True,
        True,
        datetime.time(22, 0),
        datetime.time(6, 30),
    )
    assert page.locator("#id_sms_enabled").is_checked()
    assert_accessible(page)
