"""An HR officer's month, in a real browser at phone and desktop width: sign in with an authenticator
code, filter the staff list, export it, upload a staff-changes file with a mistake, fix it, upload again."""

import csv
import datetime
import io
import time

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.twofactor.services import totp_secret_base32
from accounts.twofactor.totp import totp_code
from employers.models import EmployerMembership, StaffChangeUpload
from participants.enums import ContributionStatus, EmployerRole, Role
from participants.models import Employment
from tests.browser.axe import assert_accessible
from tests.browser.conftest import FACTORY_PASSWORD, assert_fits_phone_width, watched_context
from tests.factories import (
    CardFactory,
    ContributionFactory,
    EmployerFactory,
    EmploymentFactory,
    ParticipantFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


def fits(page):
    assert_fits_phone_width(page)


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_hr_officer_filters_exports_and_uploads_staff_changes(browser, live_server, width, tmp_path):
    today = timezone.localdate()
    company = EmployerFactory(name="Công ty TNHH Dệt may Sông Hồng")
    owner = UserFactory(username="hr.song-hong", role=Role.EMPLOYER)
    EmployerMembership.objects.create(user=owner, employer=company, role=EmployerRole.OWNER)
    device = TOTPDevice.objects.create(user=owner, name="app", confirmed=True)
    secret = totp_secret_base32(device)

    def hire(name, days_left, unpaid=0):
        person = ParticipantFactory(full_name=name)
        EmploymentFactory(participant=person, employer=company, start_date=datetime.date(2022, 3, 1))
        CardFactory(
            participant=person,
            valid_from=today - datetime.timedelta(days=300),
            valid_to=today + datetime.timedelta(days=days_left),
        )
        for month in range(1, unpaid + 1):
            ContributionFactory(
                participant=person,
                employer=company,
                month=datetime.date(2026, month, 1),
                status=ContributionStatus.UNPAID,
                paid_on=None,
            )
        return person

    hire("Lê Thị Sắp Hết", 12)
    hire("Phạm Văn Đủ", 250, unpaid=2)
    newcomer = ParticipantFactory(full_name="Võ Thị Mới")

    context = watched_context(browser, viewport=VIEWPORTS[width], locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url

    # Password, then the authenticator code.
    page.goto(base + "/accounts/login/")
    page.get_by_label("Số định danh cá nhân hoặc tên đăng nhập").fill("hr.song-hong")
    page.get_by_label("Mật khẩu").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/accounts/otp/")
    page.locator("#id_code").fill(totp_code(secret, at=time.time()))
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url(base + "/")
    page.get_by_role("link", name="Cổng đơn vị").first.click()
    page.get_by_role("heading", name="Nhân sự").wait_for()
    assert "Đơn vị đang nợ tiền đóng của 2 tháng" in page.locator("main").inner_text()
    fits(page)
    assert_accessible(page)

    # Filter: cards expiring within 30 days (htmx swaps the results in place).
    page.get_by_label("Thẻ BHYT hết hạn trong 30 ngày").check()
    page.get_by_role("button", name="Xem", exact=True).click()
    page.locator("#staff-results").get_by_text("Phạm Văn Đủ").wait_for(state="detached")
    results = page.locator("#staff-results").inner_text()
    assert "Lê Thị Sắp Hết" in results and "Sắp hết hạn" in results
    assert "expiring=on" in page.url  # the filter is in the address: reload and share keep it

    # Export the filtered list as CSV: Excel-friendly UTF-8 with BOM, only the filtered person.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Xuất CSV").click()
    data = download_info.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Lê Thị Sắp Hết"]

    # One person's record (written to their access log), and what the company owes.
    page.locator("#staff-results").get_by_role("link", name="Lê Thị Sắp Hết").click()
    page.get_by_role("heading", name="Lê Thị Sắp Hết").wait_for()
    fits(page)
    assert_accessible(page)
    page.get_by_role("link", name="Tiền đóng và nợ").click()
    page.get_by_role("heading", name="Các tháng còn nợ").wait_for()
    fits(page)
    assert_accessible(page)

    # Upload a staff-changes file with a mistake: nothing is applied, the row says why.
    page.get_by_role("link", name="Tải lên biến động lao động").click()
    bad = tmp_path / "bien-dong-thang-11.csv"
    good = tmp_path / "bien-dong-thang-11-sua.csv"
    header = "change,national_id,full_name,date,salary,job_title,contract_kind\n"
    start = today.replace(day=1).strftime("%d/%m/%Y")
    bad.write_text(header + f"join,12345,{newcomer.full_name},{start},9000000,Thợ may,indefinite\n", encoding="utf-8")
    page.get_by_label("Tệp thay đổi nhân sự (.csv hoặc .xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Kiểm tra và áp dụng").click()
    page.locator("#changes-result").wait_for()
    assert "chưa có gì được áp dụng" in page.locator("#changes-result").inner_text()
    assert not Employment.objects.filter(participant=newcomer).exists()
    fits(page)
    assert_accessible(page)

    # Fixed: the whole file is applied in one go.
    good.write_text(
        header + f"join,{newcomer.national_id},{newcomer.full_name},{start},9000000,Thợ may,indefinite\n",
        encoding="utf-8",
    )
    page.get_by_label("Tệp thay đổi nhân sự (.csv hoặc .xlsx)").set_input_files(str(good))
    page.get_by_role("button", name="Kiểm tra và áp dụng").click()
    page.locator("#changes-result").wait_for()
    employment = Employment.objects.get(participant=newcomer, employer=company)
    assert employment.salary == 9_000_000 and employment.end_date is None
    assert StaffChangeUpload.objects.filter(employer=company).count() == 1
    fits(page)
    assert_accessible(page)
    context.close()
