"""Issue 13, item 6, as the person sees it on a 320 px phone: report a visit ("this wasn't me"), read that it is
under review, and read what the review found, in Vietnamese and in English."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from checkin import misuse
from checkin.models import CheckIn, MisuseCase
from checkin.services import checkin_flag
from tests.browser.axe import assert_accessible
from tests.browser.conftest import assert_fits_phone_width, sign_in
from tests.factories import CardFactory, FacilityFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORDS = {
    "vi": {
        "not_me": "Không phải tôi",
        "report": "Báo lượt khám này",
        "review": "Đang xem xét.",
        "done": "Đã xem xét xong.",
        "referred": "chuyển phản ánh của bạn cho thanh tra",
    },
    "en": {
        "not_me": "This wasn't me",
        "report": "Report this check-in",
        "review": "Under review.",
        "done": "Review finished.",
        "referred": "passed your report to the inspectors",
    },
}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_person_reports_a_visit_and_reads_the_review(narrow, live_server, language):
    person = ParticipantFactory(full_name="Đặng Thị Thu", user=UserFactory(username=f"thu-{language}"))
    card = CardFactory(participant=person, valid_to=timezone.localdate() + datetime.timedelta(days=200))
    clinic = FacilityFactory(name="Phòng khám Đa khoa Hòa Bình")
    at = timezone.now() - datetime.timedelta(days=2)
    earlier, later = (
        CheckIn.objects.create(
            participant=person,
            card=card,
            facility=clinic,
            method="national_id",
            checked_in_at=at + datetime.timedelta(hours=h),
        )
        for h in (0, 1)
    )
    checkin_flag(participant=person, checkin_id=earlier.public_id, note="")
    officer = UserFactory(username=f"thanh-tra-{language}", role="admin", is_staff=True, is_superuser=True)
    misuse.misuse_case_resolve(case=MisuseCase.objects.get(checkin=earlier), by=officer, outcome="referred")

    sign_in(narrow, person.national_id)
    narrow.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    narrow.goto(live_server.url + "/visits/")
    words = WORDS[language]
    main = narrow.locator("main")
    assert words["done"] in main.inner_text() and words["referred"] in main.inner_text()
    assert words["review"] not in main.inner_text()

    narrow.get_by_text(words["not_me"]).click()
    narrow.get_by_role("button", name=words["report"]).click()
    narrow.wait_for_url(live_server.url + "/visits/")
    assert words["review"] in main.inner_text()
    case = MisuseCase.objects.get(checkin=later)
    assert case.status == "open" and case.kind == "reported"
    assert_fits_phone_width(narrow)
    assert_accessible(narrow)
