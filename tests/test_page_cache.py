"""The page cache (bhxh_portal/page_cache.py): a kept page is served without the view's queries, with a fresh
security token, to its owner only, and never after a change to the records it shows, whichever way the change
was written (a saved row, a deleted one, shared reference data, the bulk writes: the sweep's raw inserts, a
staff upload, marking notices read, a new QR code, a desk's check-in, a delivery's status)."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bhxh_portal import page_cache
from checkin.services import checkin_record
from checkin.views import KEEP_QR_PAGE_SECONDS
from participants.models import ContributionRecord
from reminders.enums import Channel, DeliveryStatus
from reminders.models import Delivery, Reminder
from reminders.services import reminder_record
from reminders.sweep import sweep_chunk_process
from tests.benefits.test_pages import career
from tests.conftest import load_reference_data, missing_service
from tests.employers.test_staff_changes import (  # noqa: F401 - world: a fixture
    GOOD_ROWS,
    TODAY,
    csv_bytes,
    member,
    verified_client,
    world,
)
from tests.factories import (
    CardFactory,
    ClinicStaffFactory,
    ContributionFactory,
    EmployerFactory,
    EmploymentFactory,
    ParticipantFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parent.parent
KEPT = ["home", "contributions", "eligibility", "checkin", "inbox", "help", "calculator"]


@pytest.fixture(autouse=True)
def page_cache_on(settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 300
    settings.VAR_DIR = tmp_path  # the check-in signing key


@pytest.fixture
def citizen(client):
    participant = ParticipantFactory(full_name="Đinh Thị Lan", user=UserFactory(username="citizen-lan"))
    CardFactory(participant=participant, valid_to=timezone.localdate() + datetime.timedelta(days=200))
    career(participant, 24)
    client.force_login(participant.user)
    return participant


def hit(response) -> bool:
    return getattr(response, "page_cache_hit", False)


def text(response) -> str:
    return response.content.decode()


def queries(client, url) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured.captured_queries]


# --- Serving ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", KEPT)
def test_a_second_visit_is_served_from_the_cache_with_only_the_sign_in_queries(client, citizen, name):
    first = client.get(reverse(name))
    assert first.status_code == 200 and not hit(first)
    second, sql = queries(client, reverse(name))
    assert second.status_code == 200 and hit(second)
    # The session and the account, and the session's idle-timeout save: nothing of the page's own.
    tables = {table for q in sql for table in re.findall(r'(?:FROM|UPDATE|INTO) "(\w+)"', q)}
    assert tables == {"django_session", "participants_user"}, sql
    assert len(sql) == 5, sql  # SELECT session, SELECT user, and the session's save: SAVEPOINT, UPDATE, RELEASE
    assert re.sub(r'value="\w{64}"', "", text(second)) == re.sub(r'value="\w{64}"', "", text(first))


def test_the_number_of_queries_of_a_kept_page_does_not_grow_with_the_history(client, citizen):
    other = ParticipantFactory(user=UserFactory(username="citizen-long"))
    career(other, 480)
    long_client = Client()
    long_client.force_login(other.user)
    counts = []
    for c in (client, long_client):
        c.get(reverse("contributions"))
        response, sql = queries(c, reverse("contributions"))
        assert hit(response)
        counts.append(len(sql))
    assert counts[0] == counts[1]


def test_a_kept_page_carries_a_fresh_security_token_that_works(citizen):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(citizen.user)
    browser.get("/")
    kept = browser.get("/")
    assert hit(kept)
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="(\w+)"', text(kept)))
    assert len(tokens) == 1 and page_cache.CSRF_HOLE not in text(kept)
    again = browser.get("/")
    assert set(re.findall(r'name="csrfmiddlewaretoken" value="(\w+)"', text(again))) != tokens  # masked anew
    response = browser.post(reverse("text-size"), {"size": "large", "next": "/", "csrfmiddlewaretoken": tokens.pop()})
    assert response.status_code == 302
    large = browser.get("/")
    assert not hit(large) and 'class="large-text"' in text(large)  # another text size, another page


def test_each_person_gets_only_their_own_page(client, citizen):
    client.get("/")
    other = ParticipantFactory(full_name="Tạ Văn Minh", user=UserFactory(username="citizen-minh"))
    other_client = Client()
    other_client.force_login(other.user)
    page = other_client.get("/")
    assert not hit(page) and "Tạ Văn Minh" in text(page) and "Đinh Thị Lan" not in text(page)
    assert "Đinh Thị Lan" in text(client.get("/"))


def test_languages_are_kept_apart(client, citizen):
    client.get(reverse("contributions"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("contributions"))
    assert not hit(english) and 'lang="en"' in text(english)
    assert hit(client.get(reverse("contributions")))


def test_a_new_day_draws_the_page_again(client, citizen, monkeypatch):
    client.get("/")
    assert hit(client.get("/"))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda: tomorrow)
    assert not hit(client.get("/"))


def test_what_is_never_kept(client, citizen):
    # A query string, an htmx request, an error page.
    assert not hit(client.get(reverse("contributions") + "?year=2025"))
    assert not hit(client.get(reverse("contributions") + "?year=2025"))
    assert not hit(client.get(reverse("checkin"), HTTP_HX_REQUEST="true"))
    assert not hit(client.get(reverse("checkin"), HTTP_HX_REQUEST="true"))
    client.get("/no-such-page/")
    assert not hit(client.get("/no-such-page/"))


def test_a_message_is_shown_once_and_not_kept(client, citizen):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    client.get("/")
    assert hit(client.get("/"))
    # A message waiting to be shown (as a view's redirect leaves it): the page shows it, so it is drawn anew...
    client.cookies["messages"] = CookieStorage(HttpRequest())._encode([Message(constants.SUCCESS, "Đã lưu.")])
    shown = client.get("/")
    assert not hit(shown) and "Đã lưu." in text(shown)
    # ...and not kept: the next visit neither shows it again nor is the page with it served.
    after = client.get("/")
    assert "Đã lưu." not in text(after)


def test_the_checkin_page_is_kept_at_most_a_minute_and_refreshes_earlier_by_as_much(client, citizen):
    response = client.get(reverse("checkin"))
    code = response.context["code"]
    remaining = (code.expires_at - timezone.now()).total_seconds()
    assert response.page_cache_seconds == KEEP_QR_PAGE_SECONDS
    refresh = int(re.search(r'hx-trigger="every (\d+)s"', text(response)).group(1))
    # A copy served a minute late still asks for a new code a minute before this one expires.
    assert refresh + KEEP_QR_PAGE_SECONDS <= remaining - 60


# --- Signed-out pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(page_cache.PUBLIC_PAGES))
def test_signed_out_pages_read_no_rows_and_are_kept_in_the_process(client, name):
    first, sql = queries(client, reverse(name))
    assert first.status_code == 200 and not hit(first)
    assert sql == []  # kept without a version: they must not show records
    second = client.get(reverse(name))
    assert hit(second)
    assert 'name="csrfmiddlewaretoken"' in text(second) and page_cache.CSRF_HOLE not in text(second)


def test_the_signed_out_home_is_never_shown_to_a_signed_in_person(client, citizen):
    anonymous = Client()
    anonymous.get("/")
    assert hit(anonymous.get("/"))
    page = client.get("/")
    assert not hit(page) and "Đinh Thị Lan" in text(page)


# --- Invalidation -------------------------------------------------------------------------------------------


def kept_then(client, url, change):
    """Keep the page, make the change, and return the page drawn after it."""
    client.get(url)
    assert hit(client.get(url))
    change()
    after = client.get(url)
    assert not hit(after), "a change to the records must not be hidden by a kept page"
    return text(after)


def test_a_saved_row_redraws_its_owners_page(client, citizen):
    def rename():
        citizen.full_name = "Đinh Thị Hoa"
        citizen.save()

    assert "Đinh Thị Hoa" in kept_then(client, "/", rename)


def test_a_new_contribution_month_redraws_the_history(client, citizen):
    before = text(client.get(reverse("contributions")))
    assert "24 tháng" in before
    page = kept_then(
        client,
        reverse("contributions"),
        lambda: ContributionFactory(
            participant=citizen,
            employer=ContributionRecord.objects.filter(participant=citizen).first().employer,
            month=datetime.date(2020, 1, 1),
        ),
    )
    assert "25 tháng" in page


def test_a_deleted_row_redraws_its_owners_page(client, citizen):
    card = citizen.cards.get()
    page = kept_then(client, "/", card.delete)
    assert card.card_number not in page


def test_shared_reference_data_redraws_everyones_pages(client, citizen):
    employer = ContributionRecord.objects.filter(participant=citizen).first().employer

    def rename():
        employer.name = "Công ty Cổ phần Đổi Tên"
        employer.save()

    assert "Công ty Cổ phần Đổi Tên" in kept_then(client, reverse("contributions"), rename)


def test_another_persons_change_keeps_this_page(client, citizen):
    client.get("/")
    other = ParticipantFactory(user=UserFactory(username="citizen-other"))
    other.full_name = "Someone Else"
    other.save()
    assert hit(client.get("/"))


def test_a_reminder_and_marking_it_read_redraw_the_inbox(client, citizen):
    def remind():
        reminder_record(
            participant=citizen,
            kind="card_expiring",
            subject="card:test",
            due_on=timezone.localdate(),
            context={"valid_to": "2027-06-01", "days_left": 30},
        )

    assert "inbox-item--unread" not in text(client.get(reverse("inbox")))
    page = kept_then(client, reverse("inbox"), remind)
    assert page.count("inbox-item--unread") == 1
    client.get(reverse("inbox"))
    assert hit(client.get(reverse("inbox")))
    client.post(reverse("inbox-mark-read"))  # QuerySet.update: records_changed
    after = client.get(reverse("inbox"))
    assert not hit(after) and "inbox-item--unread" not in text(after)


def test_a_delivery_sent_later_redraws_the_inbox(client, citizen):
    citizen.email = "lan@example.vn"
    citizen.save()
    reminder, _ = reminder_record(
        participant=citizen, kind="card_expiring", subject="card:x", due_on=timezone.localdate(), context={}
    )
    email = Delivery.objects.get(reminder=reminder, channel=Channel.EMAIL, status=DeliveryStatus.QUEUED)
    assert "Đã gửi cả qua thư điện tử" not in text(client.get(reverse("inbox")))

    def sent():  # as the delivery worker records it: a save of the one row
        email.status = DeliveryStatus.SENT
        email.sent_at = timezone.now()
        email.save(update_fields=["status", "sent_at"])

    assert "Đã gửi cả qua thư điện tử" in kept_then(client, reverse("inbox"), sent)


def test_the_sweeps_raw_inserts_redraw_the_inbox(client, citizen):
    card = citizen.cards.get()
    on = card.valid_to - datetime.timedelta(days=30)
    citizen.employments.all().delete()

    def sweep():
        outcome = sweep_chunk_process(lo=citizen.pk, hi=citizen.pk + 1, on=on)
        assert outcome.reminders == 1

    kept_then(client, reverse("inbox"), sweep)
    assert Reminder.objects.filter(participant=citizen).count() == 1


def test_a_staff_upload_redraws_the_newcomers_home(client, world):  # noqa: F811 - the fixture imported above
    from employers import uploads

    newcomer = world["newcomer"]
    newcomer.user = UserFactory(username="citizen-newcomer")
    newcomer.save()
    client.force_login(newcomer.user)

    def upload():
        result = uploads.staff_changes_apply(
            membership=world["owner"], data=csv_bytes([GOOD_ROWS[0]]), file_name="a.csv", today=TODAY
        )
        assert result.applied is not None

    assert world["employer"].name in kept_then(client, "/", upload)


def test_a_new_code_and_a_desks_checkin_redraw_the_qr_page(client, citizen):
    def code_on_page():
        return re.search(r'src="(data:image/png;base64,[^"]+)"', text(client.get(reverse("checkin")))).group(1)

    first = code_on_page()
    assert code_on_page() == first
    client.post(reverse("checkin"))  # "Get a new code": only the cache changed
    second = code_on_page()
    assert second != first and code_on_page() == second

    token = cache_token_for(client)
    desk = ClinicStaffFactory(facility=citizen.cards.get().facility)
    checkin_record(staff=desk.user, facility=desk.facility, token=token)
    assert code_on_page() != second


def cache_token_for(client) -> str:
    # The page kept does not carry the token in clear; the view's code does (an htmx request is never kept).
    return client.get(reverse("checkin"), HTTP_HX_REQUEST="true").context["code"].token


# --- An employer's staff list: kept per account, redrawn when a row of any of its staff changes ------------------


@pytest.fixture
def hr(client, world):  # noqa: F811 - the fixture imported above
    verified_client(client, world["owner"].user)
    return client


def staff_url(world) -> str:  # noqa: F811
    return reverse("employer-staff", kwargs={"employer_id": world["employer"].public_id})


def test_the_staff_list_is_kept_and_served_without_its_queries(hr, world):  # noqa: F811
    first = hr.get(staff_url(world))
    assert first.status_code == 200 and not hit(first) and "Lê Văn Cường" in text(first)
    second, sql = queries(hr, staff_url(world))
    assert hit(second)
    tables = {table for q in sql for table in re.findall(r'(?:FROM|UPDATE|INTO) "(\w+)"', q)}
    assert tables == {"django_session", "participants_user", "otp_totp_totpdevice"}, sql


@pytest.mark.parametrize("change", ["rename", "card", "contribution", "leaves", "upload"])
def test_a_change_to_any_of_the_staff_redraws_the_staff_list(hr, world, change):  # noqa: F811
    staff = world["staff"]
    person = staff.participant

    def rename():
        person.full_name = "Lê Văn Cương Mới"
        person.save()

    def card():
        CardFactory(participant=person, card_number="DN4010123456789")

    def contribution():
        ContributionFactory(participant=person, employer=world["employer"], month=datetime.date(2026, 10, 1))

    def leaves():
        staff.end_date = datetime.date(2026, 11, 30)
        staff.save()

    def upload():
        from employers import uploads

        result = uploads.staff_changes_apply(
            membership=world["owner"], data=csv_bytes([GOOD_ROWS[0]]), file_name="a.csv", today=TODAY
        )
        assert result.applied is not None

    before = text(hr.get(staff_url(world)))
    after = kept_then(hr, staff_url(world), locals()[change])
    assert after != before


def test_a_change_to_another_employers_staff_keeps_the_list(hr, world):  # noqa: F811
    elsewhere = EmploymentFactory(employer=EmployerFactory()).participant
    hr.get(staff_url(world))
    elsewhere.full_name = "Người Khác"
    elsewhere.save()
    assert hit(hr.get(staff_url(world)))


def test_a_removed_member_gets_no_kept_staff_list(hr, world):  # noqa: F811
    hr.get(staff_url(world))
    assert hit(hr.get(staff_url(world)))
    world["owner"].delete()
    assert hr.get(staff_url(world)).status_code == 404


def test_another_employers_user_never_gets_the_kept_list(hr, world, client):  # noqa: F811
    hr.get(staff_url(world))
    outsider = member(EmployerFactory())
    other = Client()
    verified_client(other, outsider.user)
    assert other.get(staff_url(world)).status_code == 404


# --- The clinic desk's empty form: kept per receptionist, gone with their place at the desk ----------------------


def test_the_desk_is_kept_and_a_receptionist_removed_from_it_gets_403(client):
    staff = ClinicStaffFactory()
    verified_client(client, staff.user)
    first = client.get(reverse("checkin-desk"))
    assert first.status_code == 200 and not hit(first) and staff.facility.name in text(first)
    assert hit(client.get(reverse("checkin-desk")))
    staff.delete()
    assert client.get(reverse("checkin-desk")).status_code == 403


# --- Every model is accounted for, and the versions cross processes ------------------------------------------


def test_migrate_and_another_release_retire_every_kept_page(client, citizen, monkeypatch):
    from django.core.management import call_command

    client.get("/")
    assert hit(client.get("/"))
    call_command("migrate", verbosity=0)  # every deploy runs it (docs/operations.md)
    assert not hit(client.get("/"))
    assert hit(client.get("/"))
    monkeypatch.setattr(page_cache, "RELEASE", "another-commit")
    assert not hit(client.get("/"))


def test_with_the_cache_down_pages_are_drawn_and_writes_go_on(client, citizen, caplog):
    from django.test import override_settings

    from tests.conftest import free_port

    dead = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        },
        "fragments": django_settings.CACHES["fragments"],
    }
    with override_settings(CACHES=dead):
        for _ in range(2):
            page = client.get("/")
            assert page.status_code == 200 and not hit(page) and "Đinh Thị Lan" in text(page)
        citizen.full_name = "Đinh Thị Hạnh"
        citizen.save()  # the version cannot be changed: the write still succeeds
        assert "Đinh Thị Hạnh" in text(client.get("/"))
    assert "page cache unavailable: ConnectionError" in caplog.text
    assert "Đinh" not in caplog.text  # no personal data in the log


def test_every_model_of_the_portals_apps_is_accounted_for():
    labels = {m._meta.label for app in page_cache.APPS for m in apps.get_app_config(app).get_models()}
    owners, shared, other = set(page_cache.OWNERS), set(page_cache.SHARED), set(page_cache.NOT_ON_KEPT_PAGES)
    assert not (owners & shared or owners & other or shared & other)
    assert labels == owners | shared | other


@pytest.mark.django_db(transaction=True)
def test_a_change_made_by_another_process_redraws_the_page(settings):
    """The versions live in Redis: a write in another process (the Celery worker's, say) reaches this one."""
    if "redis" not in django_settings.CACHES["default"]["BACKEND"].lower():
        missing_service("the default cache is not Redis; set REDIS_URL")
    load_reference_data()  # an earlier transactional test may have flushed the provinces
    participant = ParticipantFactory(full_name="Lý Thị Mai", user=UserFactory(username="citizen-mai"))
    browser = Client()
    browser.force_login(participant.user)
    browser.get("/")
    assert hit(browser.get("/"))
    script = (
        "import django; django.setup(); from participants.models import Participant;"
        f"p = Participant.objects.get(pk={participant.pk}); p.full_name = 'Lý Thị Hồng'; p.save()"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bhxh_portal.settings",
        "DATABASE_URL": _database_url(),
        "PAGE_CACHE_SECONDS": "300",
    }
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=120)
    page = browser.get("/")
    assert not hit(page) and "Lý Thị Hồng" in text(page)
    cache.clear()


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
