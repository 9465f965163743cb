"""Staff-list exports (CSV with BOM, XLSX): content, filters, isolation between employers, 2FA, the
access log and memory, on the real PostgreSQL database."""

import csv
import datetime
import io
import tracemalloc
import uuid
from types import SimpleNamespace

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from employers import exports
from employers.models import EmployerMembership
from participants.enums import ContractKind, ContributionStatus, EmployerRole, Role, Scheme, Sex
from participants.models import ContributionRecord, Employment, HealthInsuranceCard, Participant, PersonalDataAccess
from tests.factories import (
    CardFactory,
    ContributionFactory,
    EmployerFactory,
    EmploymentFactory,
    FacilityFactory,
    ParticipantFactory,
    UserFactory,
    province,
)

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.django_db, pytest.mark.urls(__name__)]

# Until the lead includes the module in the site's URLs, the tests mount it themselves.
urlpatterns = [path("", include("employers.exports")), path("", include("bhxh_portal.urls"))]

TODAY = timezone.localdate()


def first_of_month(day: datetime.date, back: int = 0) -> datetime.date:
    index = day.year * 12 + day.month - 1 - back
    return datetime.date(index // 12, index % 12 + 1, 1)


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def vi(message: str) -> str:
    """The text as the (default Vietnamese) export writes it, whether or not its translation is compiled yet."""
    with translation.override("vi"):
        return gettext(message)


def headers(language: str = "vi") -> list[str]:
    with translation.override(language):
        return exports._headers()


# --- Fixtures --------------------------------------------------------------------------------------


def verified(client, user):
    """Sign `user` in on `client` as if they had passed the TOTP step (django-otp's session key)."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def employer(require_postgres):
    return EmployerFactory(unit_code="0101234567DNA03", name="Công ty TNHH Hoa Sen")


@pytest.fixture
def other_employer():
    return EmployerFactory(name="Công ty Cổ phần Biển Xanh")


@pytest.fixture
def hr(employer):
    user = UserFactory(username="hr.lan", role=Role.EMPLOYER)
    EmployerMembership.objects.create(user=user, employer=employer, role=EmployerRole.HR_VIEWER)
    return user


@pytest.fixture
def hr_client(client, hr):
    return verified(client, hr)


def contribution(person, employer, month, status=ContributionStatus.PAID):
    return ContributionFactory(
        participant=person,
        employer=employer,
        month=month,
        status=status,
        paid_on=month + datetime.timedelta(days=40) if status == ContributionStatus.PAID else None,
    )


@pytest.fixture
def staff(employer, other_employer):
    """Three people employed now, one who left a month ago, and one of another employer."""
    m1, m2, m3 = (first_of_month(TODAY, k) for k in (1, 2, 3))
    hanh = ParticipantFactory(full_name="Nguyễn Thị Hạnh", sex=Sex.FEMALE, social_insurance_number="0100000011")
    EmploymentFactory(participant=hanh, employer=employer, start_date=datetime.date(2020, 3, 2), job_title="Kế toán")
    CardFactory(
        participant=hanh, valid_from=TODAY - datetime.timedelta(days=100), valid_to=TODAY + datetime.timedelta(days=200)
    )
    contribution(hanh, employer, m2)
    contribution(hanh, employer, m1)

    binh = ParticipantFactory(full_name="Trần Văn Bình", social_insurance_number="0100000012")
    EmploymentFactory(participant=binh, employer=employer, start_date=datetime.date(2023, 7, 1), job_title="Thủ kho")
    CardFactory(
        participant=binh, valid_from=TODAY - datetime.timedelta(days=300), valid_to=TODAY + datetime.timedelta(days=10)
    )
    contribution(binh, employer, m3)
    contribution(binh, employer, m2, ContributionStatus.UNPAID)
    contribution(binh, employer, m1, ContributionStatus.UNPAID)

    dung = ParticipantFactory(full_name="Lê Văn Dũng", social_insurance_number="0100000013")
    EmploymentFactory(participant=dung, employer=employer, start_date=TODAY, job_title="Lái xe")

    # Left a month ago; since then a new card and contributions with another employer (not ours to see).
    mai = ParticipantFactory(full_name="Phạm Thị Mai", sex=Sex.FEMALE, social_insurance_number="0100000014")
    left_on = TODAY - datetime.timedelta(days=30)
    EmploymentFactory(
        participant=mai,
        employer=employer,
        start_date=datetime.date(2021, 1, 4),
        end_date=left_on,
        job_title="Nhân viên bán hàng",
    )
    EmploymentFactory(participant=mai, employer=other_employer, start_date=left_on + datetime.timedelta(days=1))
    CardFactory(participant=mai, valid_from=left_on, valid_to=TODAY + datetime.timedelta(days=300))
    contribution(mai, employer, m3)
    contribution(mai, other_employer, m1)

    nam = ParticipantFactory(full_name="Hoàng Văn Nam", social_insurance_number="0100000015")
    EmploymentFactory(participant=nam, employer=other_employer, start_date=datetime.date(2019, 5, 1))
    CardFactory(participant=nam)
    return {"hanh": hanh, "binh": binh, "dung": dung, "mai": mai, "nam": nam, "left_on": left_on}


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def csv_url(employer, query: str = "") -> str:
    return f"/employer/{employer.public_id}/export.csv{query}"


def xlsx_url(employer, query: str = "") -> str:
    return f"/employer/{employer.public_id}/export.xlsx{query}"


def expected_current(staff) -> list[list[str]]:
    m1, m3 = first_of_month(TODAY, 1), first_of_month(TODAY, 3)
    return [
        ["Lê Văn Dũng", "0100000013", "Lái xe", dmy(TODAY), "", vi("No card"), "", "", "0"],
        [
            "Nguyễn Thị Hạnh",
            "0100000011",
            "Kế toán",
            "02/03/2020",
            "",
            vi("Valid"),
            dmy(TODAY + datetime.timedelta(days=200)),
            m1.strftime("%m/%Y"),
            "0",
        ],
        [
            "Trần Văn Bình",
            "0100000012",
            "Thủ kho",
            "01/07/2023",
            "",
            vi("Expiring soon"),
            dmy(TODAY + datetime.timedelta(days=10)),
            m3.strftime("%m/%Y"),
            "2",
        ],
    ]


# --- CSV ------------------------------------------------------------------------------------------


def test_csv_export_is_utf8_with_bom_and_lists_current_staff_exactly(hr_client, employer, staff):
    response = hr_client.get(csv_url(employer))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="nhan-su-0101234567DNA03-{TODAY:%Y%m%d}.csv"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    rows = rows_of(response)
    assert rows[0] == headers("vi")
    assert rows[0][:2] == ["Họ và tên", "Mã số BHXH"]
    assert rows[1:] == expected_current(staff)


def test_csv_export_headers_follow_the_active_language(hr_client, employer, staff):
    hr_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = rows_of(hr_client.get(csv_url(employer)))
    assert rows[0] == [
        "Full name",
        "Social insurance number",
        "Job title",
        "Start date",
        "End date",
        "Card status",
        "Card valid to",
        "Last paid month",
        "Months unpaid",
    ]
    assert [row[5] for row in rows[1:]] == ["No card", "Valid", "Expiring soon"]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("?expiring=on", ["Trần Văn Bình"]),
        ("?arrears=on", ["Trần Văn Bình"]),
        ("?uncovered=on", ["Lê Văn Dũng"]),
        ("?q=H%E1%BA%A1nh", ["Nguyễn Thị Hạnh"]),  # "Hạnh"
        ("?q=0100000012", ["Trần Văn Bình"]),
        ("?q=Ho%C3%A0ng", []),  # another employer's person is not found
        ("?sort=-unpaid", ["Trần Văn Bình", "Lê Văn Dũng", "Nguyễn Thị Hạnh"]),  # ties: newest row first
        ("?sort=-start", ["Lê Văn Dũng", "Trần Văn Bình", "Nguyễn Thị Hạnh"]),
        ("?tab=left", ["Phạm Thị Mai"]),
    ],
)
def test_csv_export_applies_the_staff_list_filters(hr_client, employer, staff, query, names):
    rows = rows_of(hr_client.get(csv_url(employer, query)))
    assert rows[0] == headers("vi")
    assert [row[0] for row in rows[1:]] == names


def test_left_tab_shows_only_the_employment_period_not_later_history(hr_client, employer, staff):
    rows = rows_of(hr_client.get(csv_url(employer, "?tab=left")))
    # Mai has a current card and a later month paid by her new employer: neither appears.
    assert rows[1:] == [
        [
            "Phạm Thị Mai",
            "0100000014",
            "Nhân viên bán hàng",
            "04/01/2021",
            dmy(staff["left_on"]),
            "",
            "",
            first_of_month(TODAY, 3).strftime("%m/%Y"),
            "0",
        ]
    ]


def test_another_employers_staff_never_appear(hr_client, employer, other_employer, staff):
    for query in ("", "?tab=left", "?q=0100000015", "?uncovered=on"):
        body = b"".join(hr_client.get(csv_url(employer, query)).streaming_content).decode()
        assert "Hoàng Văn Nam" not in body and "0100000015" not in body
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(hr_client.get(xlsx_url(employer)).streaming_content)))
    values = {cell for row in workbook.active.iter_rows(values_only=True) for cell in row}
    assert "Hoàng Văn Nam" not in values and "0100000015" not in values


@pytest.mark.parametrize("url", [csv_url, xlsx_url])
def test_export_with_another_employers_id_is_404_and_logs_nothing(hr_client, other_employer, staff, url):
    assert hr_client.get(url(other_employer)).status_code == 404
    missing = SimpleNamespace(public_id=uuid.uuid4())
    assert hr_client.get(url(missing)).status_code == 404
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("url", [csv_url, xlsx_url])
def test_export_needs_the_second_sign_in_step(client, hr, employer, staff, url):
    anonymous = client.get(url(employer))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    client.force_login(hr)  # password only: no device verified in this session
    response = client.get(url(employer))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/otp/")
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("url", [csv_url, xlsx_url])
def test_invalid_filters_are_a_400_with_the_errors_as_text(hr_client, employer, staff, url):
    response = hr_client.get(url(employer, "?sort=salary&tab=all"))
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "sort" in text and "tab" in text
    assert not PersonalDataAccess.objects.exists()


def test_export_is_get_only(hr_client, employer, staff):
    assert hr_client.post(csv_url(employer)).status_code == 405


def test_csv_cells_that_look_like_formulas_are_kept_as_text(hr_client, employer, staff):
    Employment.objects.filter(participant=staff["hanh"]).update(job_title='=HYPERLINK("http://x.example","Bấm")')
    rows = rows_of(hr_client.get(csv_url(employer, "?q=0100000011")))
    assert rows[1][2] == '\'=HYPERLINK("http://x.example","Bấm")'
    xlsx = openpyxl.load_workbook(io.BytesIO(b"".join(hr_client.get(xlsx_url(employer)).streaming_content)))
    cell = next(row for row in xlsx.active.iter_rows() if row[0].value == "Nguyễn Thị Hạnh")[2]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x.example","Bấm")'


# --- XLSX -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?tab=left", "?arrears=on&sort=-unpaid"])
def test_xlsx_export_has_the_same_rows_as_csv_with_real_dates(hr_client, employer, staff, query):
    response = hr_client.get(xlsx_url(employer, query))
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="nhan-su-0101234567DNA03-{TODAY:%Y%m%d}.xlsx"'
    assert "no-store" in response["Cache-Control"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == headers("vi")
    assert sheet.freeze_panes == "A2"

    def as_text(cell) -> str:
        if isinstance(cell.value, datetime.datetime):
            assert cell.number_format in ("dd/mm/yyyy", "mm/yyyy")
            return cell.value.strftime("%d/%m/%Y" if cell.number_format == "dd/mm/yyyy" else "%m/%Y")
        return "" if cell.value is None else str(cell.value)

    csv_rows = rows_of(hr_client.get(csv_url(employer, query)))
    assert [[as_text(cell) for cell in row] for row in rows[1:]] == csv_rows[1:]
    assert len(rows) > 1
    first = rows[1]
    assert isinstance(first[3].value, datetime.datetime) and first[3].number_format == "dd/mm/yyyy"
    assert first[1].data_type == "s"  # SI number as text: the leading zero stays
    assert isinstance(first[8].value, int)


# --- Access log and cost ---------------------------------------------------------------------------


def test_export_logs_one_access_per_exported_person(hr_client, hr, employer, staff):
    rows_of(hr_client.get(csv_url(employer)))
    logged = PersonalDataAccess.objects.filter(purpose=PersonalDataAccess.Purpose.EMPLOYER_EXPORT)
    assert sorted(logged.values_list("participant_id", flat=True)) == sorted(
        p.pk for p in (staff["hanh"], staff["binh"], staff["dung"])
    )
    assert set(logged.values_list("user_id", "employer_id")) == {(hr.pk, employer.pk)}

    # A filtered export logs only who was in it; the XLSX logs the same way.
    PersonalDataAccess.objects.all().delete()
    b"".join(hr_client.get(xlsx_url(employer, "?tab=left")).streaming_content)
    assert list(PersonalDataAccess.objects.values_list("participant_id", "purpose")) == [
        (staff["mai"].pk, PersonalDataAccess.Purpose.EMPLOYER_EXPORT)
    ]
    # The person reads it from their own log (the employer, and who).
    access = staff["mai"].data_accesses.get()
    assert access.employer == employer and access.user == hr


@pytest.mark.parametrize("url", [csv_url, xlsx_url])
def test_export_query_count_does_not_grow_with_staff(hr_client, employer, staff, url):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            b"".join(hr_client.get(url(employer)).streaming_content)
        return len(captured)

    with_three = queries()
    for k in range(20):
        EmploymentFactory(employer=employer, participant=ParticipantFactory(social_insurance_number=f"02{k:08d}"))
    assert queries() == with_three


def _bulk_staff(employer, count: int) -> None:
    """`count` current staff with a card and one unpaid month each, inserted in bulk (fast)."""
    home, facility = province(), FacilityFactory()
    people = Participant.objects.bulk_create(
        [
            Participant(
                social_insurance_number=f"79{i:08d}",
                national_id=f"0790{90 + i % 10:02d}{i:06d}",
                full_name=f"Nguyễn Văn Thử {i:05d}",
                birth_date=datetime.date(1990, 1, 1),
                sex=Sex.MALE,
                province=home,
            )
            for i in range(count)
        ],
        batch_size=5000,
    )
    Employment.objects.bulk_create(
        [
            Employment(
                participant=p,
                employer=employer,
                start_date=datetime.date(2022, 1, 1),
                job_title="Công nhân may",
                contract_kind=ContractKind.INDEFINITE,
            )
            for p in people
        ],
        batch_size=5000,
    )
    HealthInsuranceCard.objects.bulk_create(
        [
            HealthInsuranceCard(
                participant=p,
                card_number=f"DN4{p.social_insurance_number}",
                object_group="DN",
                benefit_level=4,
                valid_from=TODAY - datetime.timedelta(days=100),
                valid_to=TODAY + datetime.timedelta(days=i % 400),
                facility=facility,
                issued_on=TODAY - datetime.timedelta(days=110),
            )
            for i, p in enumerate(people)
        ],
        batch_size=5000,
    )
    ContributionRecord.objects.bulk_create(
        [
            ContributionRecord(
                participant=p,
                employer=employer,
                month=first_of_month(TODAY, 1),
                scheme=Scheme.COMPULSORY,
                salary_basis=8_000_000,
                status=ContributionStatus.UNPAID,
            )
            for p in people
        ],
        batch_size=5000,
    )
    # As autovacuum would after a load this size: without statistics the planner guesses one row per
    # table and walks the employer's whole month index for every person.
    with connection.cursor() as cursor:
        for model in (Participant, Employment, HealthInsuranceCard, ContributionRecord):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@pytest.mark.parametrize("url", [csv_url, xlsx_url])
def test_export_of_20000_staff_streams_in_bounded_memory(hr_client, employer, url):
    count = 20_000
    _bulk_staff(employer, count)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        response = hr_client.get(url(employer, "?sort=valid_to"))
        size, lines = 0, 0
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\n")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    if url is csv_url:
        assert lines == count + 1
        # A whole CSV of 20,000 rows is ~2 MB of text; the view holds a few chunks at a time.
        assert size > 1_000_000
    assert peak < 30 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB"
    assert PersonalDataAccess.objects.filter(employer=employer).count() == count
