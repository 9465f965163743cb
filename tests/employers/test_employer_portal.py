"""The employer portal: staff list (filters, keyset pages, fixed queries), person record limited to the
employment, arrears with interest, team, API; employer A never sees employer B's people."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import auth_token_create
from employers.models import EmployerMembership
from participants.enums import ContributionStatus, EmployerRole
from participants.models import PersonalDataAccess
from tests.employers.employer_support import hr_member, sign_in_verified
from tests.factories import (
    CardFactory,
    ContributionFactory,
    EmployerFactory,
    EmploymentFactory,
    ParticipantFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def company():
    return EmployerFactory(name="Công ty TNHH Dệt may Sông Hồng")


@pytest.fixture
def hr(client, company):
    user = hr_member(company, username="hr-song-hong")
    sign_in_verified(client, user)
    return user


def hire(employer, name, *, start=datetime.date(2020, 1, 1), end=None, card_to=None, unpaid=0, paid=0, today=None):
    person = ParticipantFactory(full_name=name)
    employment = EmploymentFactory(
        participant=person, employer=employer, start_date=start, end_date=end, job_title="Thợ may"
    )
    if card_to is not None:
        CardFactory(participant=person, valid_from=card_to - datetime.timedelta(days=365), valid_to=card_to)
    month = datetime.date(2026, 1, 1)
    for i in range(paid + unpaid):
        ContributionFactory(
            participant=person,
            employer=employer,
            month=month.replace(month=i + 1),
            status=ContributionStatus.PAID if i < paid else ContributionStatus.UNPAID,
            paid_on=datetime.date(2026, 9, 30) if i < paid else None,
        )
    return employment


def url(company, name="employer-staff", **kwargs):
    return reverse(name, kwargs={"employer_id": company.public_id, **kwargs})


def test_staff_list_shows_card_status_last_paid_and_unpaid(client, hr, company, today):
    hire(company, "An Thị Bình", card_to=today + datetime.timedelta(days=10), paid=3, unpaid=2)
    hire(company, "Cao Văn Dũng", card_to=today + datetime.timedelta(days=200), paid=5)
    body = client.get(url(company)).content.decode()
    assert "An Thị Bình" in body and "Cao Văn Dũng" in body
    assert "Sắp hết hạn" in body and "03/2026" in body and "05/2026" in body
    assert "Đơn vị đang nợ tiền đóng của 2 tháng" in body  # the arrears banner


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"expiring": "on"}, {"Sắp Hết"}),
        ({"uncovered": "on"}, {"Không Thẻ", "Đã Hết"}),
        ({"arrears": "on"}, {"Nợ Tiền"}),
        ({"q": "nợ"}, {"Nợ Tiền"}),
        ({"tab": "left"}, {"Đã Nghỉ"}),
    ],
)
def test_staff_filters(client, hr, company, today, params, expected):
    hire(company, "Sắp Hết", card_to=today + datetime.timedelta(days=5))
    hire(company, "Không Thẻ")
    hire(company, "Đã Hết", card_to=today - datetime.timedelta(days=1))
    hire(company, "Nợ Tiền", card_to=today + datetime.timedelta(days=300), unpaid=1)
    hire(company, "Đã Nghỉ", end=today - datetime.timedelta(days=30), card_to=today + datetime.timedelta(days=300))
    hire(company, "Nghỉ Lâu", end=today - datetime.timedelta(days=400))
    everyone = {"Sắp Hết", "Không Thẻ", "Đã Hết", "Nợ Tiền", "Đã Nghỉ", "Nghỉ Lâu"}
    body = client.get(url(company), params).content.decode()
    assert {name for name in everyone if name in body} == expected


def test_search_by_id_number_is_exact(client, hr, company):
    employment = hire(company, "Đinh Thị Hạnh")
    hire(company, "Đinh Thị Hoa")
    body = client.get(url(company), {"q": employment.participant.national_id}).content.decode()
    assert "Đinh Thị Hạnh" in body and "Đinh Thị Hoa" not in body


def test_keyset_pages_walk_every_row_once_in_order(company, today):
    from employers.selectors import StaffFilters, staff_page_get

    for i in range(7):
        hire(company, f"Người {i:02d}", start=datetime.date(2020, 1, 1 + i % 3))
    for sort in ("name", "-name", "start", "-start", "valid_to", "-unpaid"):
        seen, cursor = [], None
        while True:
            page = staff_page_get(
                employer=company, filters=StaffFilters(sort=sort), today=today, cursor=cursor, page_size=3
            )
            seen += [row.name for row in page.rows]
            cursor = page.next_cursor
            if not cursor:
                break
        assert sorted(seen) == [f"Người {i:02d}" for i in range(7)], sort
        assert len(seen) == 7 and page.total == 7


def test_bad_filters_and_a_forged_cursor_are_400(client, hr, company):
    assert client.get(url(company), {"sort": "password"}).status_code == 400
    response = client.get(url(company), {"cursor": "forged"})
    assert response.status_code == 400
    assert "Liên kết trang này không còn dùng được" in response.content.decode()


@pytest.mark.parametrize("staff_count", [1, 60])
def test_staff_list_takes_a_fixed_number_of_queries(client, hr, company, today, staff_count, django_assert_num_queries):
    for i in range(staff_count):
        hire(company, f"Nhân viên {i}", card_to=today + datetime.timedelta(days=100), paid=1, unpaid=1)
    # session, user, otp device, membership, count, page, status counts, arrears banner, session save (3)
    with django_assert_num_queries(11):
        response = client.get(url(company))
    assert response.status_code == 200


def test_employer_a_never_sees_employer_b(client, hr, company):
    other = EmployerFactory(name="Công ty B")
    theirs = hire(other, "Người Của B")
    hire(company, "Người Của A")
    for path in (url(other), url(other, "employer-contributions"), url(other, "employer-team")):
        assert client.get(path).status_code == 404
    record = url(company, "employer-staff-record", employment_id=theirs.public_id)
    assert client.get(record).status_code == 404
    assert "Người Của B" not in client.get(url(company)).content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_record_view_is_logged_and_limited_to_the_employment(client, hr, company, today):
    employment = hire(company, "Lý Thị Mai", start=datetime.date(2026, 3, 1), end=datetime.date(2026, 4, 30))
    person = employment.participant
    CardFactory(
        participant=person,
        card_number="HC4797999999999",
        valid_from=today,
        valid_to=today + datetime.timedelta(days=300),
    )
    for month in (2, 3, 4, 5):  # February is before, May after the employment
        ContributionFactory(participant=person, employer=company, month=datetime.date(2026, month, 1))
    later = EmployerFactory(name="Chủ mới")
    ContributionFactory(participant=person, employer=later, month=datetime.date(2026, 6, 1))
    body = client.get(url(company, "employer-staff-record", employment_id=employment.public_id)).content.decode()
    assert "03/2026" in body and "04/2026" in body
    assert "02/2026" not in body and "05/2026" not in body and "06/2026" not in body
    # First the summary by period (issue 17, item 5): one line for the two months at the same salary.
    assert "03/2026 – 04/2026" in body
    assert body.index("03/2026 – 04/2026") < body.index('<table class="months">')
    assert "HC4797999999999" not in body  # a leaver's current card is later history
    access = PersonalDataAccess.objects.get()
    assert (access.participant, access.user, access.employer, access.purpose) == (
        person,
        hr,
        company,
        "employer_record_view",
    )


def test_contributions_page_shows_due_paid_and_interest(client, hr, company, today):
    hire(company, "Tạ Văn Sơn", paid=1, unpaid=1)  # January paid, February unpaid
    body = client.get(url(company, "employer-contributions"), {"month": "2026-02"}).content.decode()
    assert "02/2026" in body and "31/03/2026" in body  # the deadline of February
    assert "0,03%" in body or "0.03%" in body
    assert client.get(url(company, "employer-contributions"), {"month": "2026-13"}).status_code == 400


def test_pages_need_the_second_step(client, company):
    user = hr_member(company, username="hr-no-otp")
    client.force_login(user)
    response = client.get(url(company))
    assert response.status_code == 302 and "/accounts/otp/" in response["Location"]


def test_owner_invites_and_removes_an_hr_viewer(client, hr, company, mailoutbox):
    response = client.post(url(company, "employer-team"), {"email": "ke.toan@songhong.vn"})
    assert response.status_code == 302
    membership = EmployerMembership.objects.get(employer=company, role=EmployerRole.HR_VIEWER)
    assert membership.user.email == "ke.toan@songhong.vn" and not membership.user.has_usable_password()
    assert len(mailoutbox) == 1 and "/accounts/reset/" in mailoutbox[0].body
    assert client.post(url(company, "employer-team"), {"email": "not-an-email"}).status_code == 400
    remove = reverse(
        "employer-team-remove", kwargs={"employer_id": company.public_id, "user_id": membership.user.public_id}
    )
    assert client.post(remove).status_code == 302
    assert not EmployerMembership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize(("role", "is_staff"), [("clinic", False), ("admin", True), ("employer", True)])
def test_invite_does_not_turn_a_clinic_or_admin_account_into_an_hr_viewer(
    client, hr, company, mailoutbox, role, is_staff
):
    """Issue 18: the invite gave the clinic or admin account an employer membership and mailed it a reset link."""
    UserFactory(username=f"existing-{role}", email="le.tan@benhvien.vn", role=role, is_staff=is_staff)
    response = client.post(url(company, "employer-team"), {"email": "le.tan@benhvien.vn"})
    assert response.status_code == 400 and 'class="field-error"' in response.content.decode()
    assert not EmployerMembership.objects.filter(user__username=f"existing-{role}").exists()
    assert mailoutbox == []


def test_hr_viewer_cannot_invite(client, company):
    viewer = hr_member(company, role=EmployerRole.HR_VIEWER, username="viewer")
    sign_in_verified(client, viewer)
    assert client.post(url(company, "employer-team"), {"email": "x@y.vn"}).status_code == 403
    assert EmployerMembership.objects.count() == 1


def test_api_staff_and_contributions(company, today):
    user = hr_member(company, username="hr-api")
    hire(company, "Hà Thị Yến", card_to=today + datetime.timedelta(days=3), unpaid=1)
    other = EmployerFactory()
    hire(other, "Người Ngoài")
    api = APIClient()
    # A session that skipped the code is refused; a bearer token (issued only with a valid code) is not.
    api.force_login(user)
    assert api.get("/api/v1/employer/staff/").status_code == 403
    api.logout()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {auth_token_create(user=user)[1]}")
    body = api.get("/api/v1/employer/staff/", {"expiring": "1"}).json()
    assert body["count"] == 1 and body["results"][0]["name"] == "Hà Thị Yến"
    assert body["results"][0]["card_status"] == "expiring" and body["results"][0]["months_unpaid"] == 1
    assert api.get("/api/v1/employer/staff/", {"employer": str(other.public_id)}).status_code == 404
    assert api.get("/api/v1/employer/staff/", {"cursor": "x"}).status_code == 404  # as DRF's cursor pages
    money = api.get("/api/v1/employer/contributions/", {"month": "2026-01"}).json()
    assert money["owed_months"][0]["month"] == "2026-01" and money["total_owed"] > 0
    assert api.get("/api/v1/employer/contributions/", {"month": "January"}).status_code == 400
    outsider = UserFactory()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {auth_token_create(user=outsider)[1]}")
    assert api.get("/api/v1/employer/staff/").status_code == 404


def test_the_person_reads_who_looked_at_their_data(client, company, today):
    from checkin.services import checkin_lookup
    from tests.factories import ClinicStaffFactory

    employment = hire(company, "Kiều Thị Nga")
    person = employment.participant
    person.user = UserFactory(username="c-nga")
    person.save()
    hr_user = hr_member(company, username="hr-nga")
    sign_in_verified(client, hr_user)
    client.get(url(company, "employer-staff-record", employment_id=employment.public_id))
    desk = ClinicStaffFactory()
    checkin_lookup(staff=desk.user, facility=desk.facility, national_id=person.national_id)
    client.force_login(person.user)
    body = client.get(reverse("profile-access-log")).content.decode()
    assert company.name in body and "Đơn vị mở hồ sơ người lao động" in body
    assert desk.facility.name in body and "Cơ sở y tế tra cứu số định danh" in body
    other = hire(EmployerFactory(), "Người Khác")
    other.participant.user = UserFactory(username="c-khac")
    other.participant.save()
    client.force_login(other.participant.user)
    assert company.name not in client.get(reverse("profile-access-log")).content.decode()


def test_first_page_summarises_staff_by_status(client, hr, company, today):
    from employers.selectors import staff_counts_get

    hire(company, "Một", card_to=today + datetime.timedelta(days=5))
    hire(company, "Hai", card_to=today - datetime.timedelta(days=5), unpaid=2)
    hire(company, "Ba")
    hire(company, "Bốn", card_to=today + datetime.timedelta(days=200), unpaid=1)
    hire(company, "Đã nghỉ", end=today - datetime.timedelta(days=3), unpaid=1)
    counts = staff_counts_get(employer=company, today=today)
    assert (counts.employed, counts.expiring, counts.uncovered, counts.arrears) == (4, 1, 2, 2)
    body = client.get(url(company)).content.decode()
    assert "staff-counts" in body and "?uncovered=on" in body
    assert "staff-counts" not in client.get(url(company), HTTP_HX_REQUEST="true").content.decode()
