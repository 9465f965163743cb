"""Issue 13, item 2 in the browser: the administrator signs in with the password and the code, reads the
dashboard in Vietnamese at 1280 px, opens a province furthest behind (its filtered snapshot list) and downloads
a table as CSV; axe finds nothing on either page."""

import datetime

import pytest
from django.contrib.auth.models import Permission

from participants.models import OfficerProvince
from tests.bhxh_portal.test_dashboard import ROWS, owing_employer, snapshot
from tests.browser.axe import assert_accessible
from tests.browser.conftest import watched_context
from tests.browser.test_admin import password_then_code
from tests.factories import ParticipantFactory, UserFactory, province
from tests.twofactor_support import totp_device

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in_on_the_dashboard(browser, live_server, user):
    """A 1280 px Vietnamese browser that signed in as `user` with the password and the code, on /admin/."""
    device = totp_device(user)
    context = watched_context(browser, viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/admin/")
    password_then_code(page, user.username, device)
    page.wait_for_url(live_server.url + "/admin/")
    return context, page


def test_admin_reads_the_dashboard_opens_the_province_furthest_behind_and_exports_csv(browser, live_server):
    for row in ROWS:
        snapshot(*row)
    owing_employer("Công ty TNHH Nợ Đọng", "79", [datetime.date(2026, 7, 1), datetime.date(2026, 8, 1)])
    officer = UserFactory(username="quan-tri.mai", role="admin", is_staff=True, is_superuser=True)
    context, page = signed_in_on_the_dashboard(browser, live_server, officer)
    assert page.locator("#content h1").inner_text() == "Quản trị hệ thống"
    assert page.get_by_label("Tháng", exact=True).input_value() == "2026-09"  # the latest complete month
    coverage = page.get_by_role("region", name="Độ bao phủ so với mục tiêu, tháng 09/2026")
    assert "62,3\u00a0%" in coverage.get_by_role("row", name="Bảo hiểm y tế").inner_text()
    arrears = page.get_by_role("region", name="Doanh nghiệp nợ đóng")
    assert "Công ty TNHH Nợ Đọng" in arrears.inner_text() and "6.400.000\u00a0₫" in arrears.inner_text()
    chart = page.get_by_role("img", name="Tỷ lệ bao phủ toàn quốc theo tháng")
    assert chart.locator("text", has_text="Bảo hiểm xã hội").count() == 1  # labelled in place, not by colour
    assert page.get_by_role("link", name="Người tham gia", exact=True).first.is_visible()  # the models, below
    assert_accessible(page)

    behind = page.get_by_role("region", name="Các tỉnh tụt hậu nhất")
    first = behind.get_by_role("link").first
    assert first.inner_text() == "Thành phố Hồ Chí Minh"
    first.click()
    page.wait_for_url("**/admin/coverage_stats/coveragesnapshot/?province__code__exact=79&month=2026-09-01")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1 and "Thành phố Hồ Chí Minh" in rows.first.inner_text()
    assert_accessible(page)

    page.go_back()
    with page.expect_download() as download:
        behind.get_by_role("link", name="Tải CSV: mọi tỉnh chưa đạt mục tiêu").click()
    assert download.value.suggested_filename == "provinces-behind-2026-09.csv"
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert text.splitlines()[0] == "Loại hình,Mã tỉnh,Tỉnh,Tỷ lệ (%),Mục tiêu (%),Còn thiếu (người)"
    assert "Bảo hiểm y tế,79,Thành phố Hồ Chí Minh,30.0," in text

    # The employer in arrears opens its own unpaid months (by its id): two, each naming it.
    arrears.get_by_role("link", name="Công ty TNHH Nợ Đọng").click()
    page.wait_for_url("**/admin/participants/contributionrecord/?*employer__id__exact=*")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2 and all("Công ty TNHH Nợ Đọng" in rows.nth(i).inner_text() for i in range(2))
    assert_accessible(page)
    assert context.overflows == []
    context.close()


def test_an_officer_of_one_province_sees_only_that_province(browser, live_server):
    """Issue 13 item 3 in the browser: an officer of Hà Nội reads the dashboard, the provinces behind, the
    employers in arrears, the people and the CSV, and meets only Hà Nội; axe finds nothing."""
    for row in ROWS:
        snapshot(*row)
    owing_employer("Công ty TNHH Nợ Hà Nội", "01", [datetime.date(2026, 8, 1)])
    owing_employer("Công ty TNHH Nợ Phương Nam", "79", [datetime.date(2026, 7, 1), datetime.date(2026, 8, 1)])
    ParticipantFactory(full_name="Người Hà Nội Trong Danh Sách", province=province("01"))
    ParticipantFactory(full_name="Người Sài Gòn Ngoài Danh Sách", province=province("79"))
    officer = UserFactory(username="can-bo.ha-noi", role="admin", is_staff=True)
    officer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    OfficerProvince.objects.create(user=officer, province=province("01"))
    context, page = signed_in_on_the_dashboard(browser, live_server, officer)
    assert "tài khoản của bạn phụ trách: Thành phố Hà Nội" in page.locator(".dashboard-scope").inner_text()
    coverage = page.get_by_role("region", name="Độ bao phủ so với mục tiêu, tháng 09/2026")
    assert "90,0\u00a0%" in coverage.get_by_role("row", name="Bảo hiểm y tế").inner_text()  # Hà Nội's 900 of 1,000
    behind = page.get_by_role("region", name="Các tỉnh tụt hậu nhất").inner_text()
    assert "Thành phố Hồ Chí Minh" not in behind
    arrears = page.get_by_role("region", name="Doanh nghiệp nợ đóng").inner_text()
    assert "Công ty TNHH Nợ Hà Nội" in arrears and "Phương Nam" not in arrears
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải CSV: mọi doanh nghiệp nợ đóng").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert "Công ty TNHH Nợ Hà Nội" in text and "Phương Nam" not in text

    page.get_by_role("link", name="Người tham gia", exact=True).first.click()
    page.wait_for_url("**/admin/participants/participant/")
    people = page.locator("#result_list").inner_text()
    assert "Người Hà Nội Trong Danh Sách" in people and "Người Sài Gòn Ngoài Danh Sách" not in people
    assert "Thành phố Hồ Chí Minh" not in page.locator("#changelist-filter").inner_text()
    assert_accessible(page)
    assert context.overflows == []
    context.close()
