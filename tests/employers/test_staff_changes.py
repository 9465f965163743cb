"""Monthly staff-changes uploads: every rule, all-or-nothing, idempotent, file refusals, roles, on the real database."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import include, path
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from benefits.models import PolicyParameter
from benefits.rules.ceiling import social_insurance_ceiling
from benefits.rules.facts import Scheme
from benefits.selectors import parameter_set_get
from employers import uploads
from employers.models import EmployerMembership, StaffChangeUpload
from participants.enums import ContractKind, EmployerRole, Region, Role
from participants.models import Employment
from tests.concurrency import run_at_once
from tests.conftest import load_reference_data
from tests.factories import EmployerFactory, EmploymentFactory, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.urls(__name__)]

# The pages are included by the employer portal's urls; listing them first here keeps these tests independent of it.
urlpatterns = [path("", include(uploads.urlpatterns)), path("", include("bhxh_portal.urls"))]

TODAY = datetime.date(2026, 11, 29)
HEADER = list(uploads.COLUMNS)


# --- Helpers ------------------------------------------------------------------------------------------------


def csv_bytes(rows, header=HEADER, bom=False, delimiter=",") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(str(c) for c in row) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def vi(message: str) -> str:
    """The message as the Vietnamese page shows it, whether or not its translation is compiled yet."""
    with translation.override("vi"):
        return gettext(message)


def verified_client(client, user):
    """A session that passed both sign-in steps (what the OTP page leaves behind)."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def member(employer, role=EmployerRole.OWNER, **kwargs):
    user = UserFactory(role=Role.EMPLOYER, **kwargs)
    return EmployerMembership.objects.create(user=user, employer=employer, role=role)


def check(employer, data, name="changes.csv", today=TODAY):
    return uploads.staff_changes_check(employer=employer, data=data, file_name=name, today=today)


def codes(result):
    return {row.number: [(p.code, p.column) for p in row.errors] for row in result.rows if row.errors}


def employment_state(employer):
    return sorted(
        Employment.objects.filter(employer=employer).values_list(
            "participant_id", "start_date", "end_date", "salary", "job_title", "contract_kind"
        )
    )


@pytest.fixture
def world():
    """An employer in region I with a newcomer, a current employee, a former one, and an owner."""
    employer = EmployerFactory(region=Region.I)
    newcomer = ParticipantFactory(full_name="Trần Thị Bình", national_id="001190000001")
    staff = EmploymentFactory(
        employer=employer,
        participant=ParticipantFactory(full_name="Lê Văn Cường", national_id="001190000002"),
        start_date=datetime.date(2024, 3, 1),
        salary=8_000_000,
    )
    former = EmploymentFactory(
        employer=employer,
        participant=ParticipantFactory(full_name="Phạm Thị Dung", national_id="001190000003"),
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2025, 6, 30),
    )
    EmploymentFactory(
        employer=employer,
        participant=ParticipantFactory(full_name="Hoàng Văn Em", national_id="001190000004"),
        start_date=datetime.date(2022, 5, 1),
    )
    owner = member(employer, EmployerRole.OWNER)
    return {"employer": employer, "newcomer": newcomer, "staff": staff, "former": former, "owner": owner}


GOOD_ROWS = [
    ["join", "001190000001", "Trần Thị Bình", "01/11/2026", "9000000", "Kế toán", "indefinite"],
    ["salary", "001190000002", "Lê Văn Cường", "2026-11-01", "9.500.000", "", ""],
    ["join", "001190000003", "Phạm Thị Dung", "01/07/2025", "7000000", "", "Hợp đồng xác định thời hạn"],
]

# A valid row about someone else, so that each rule's row is not the only one.
BYSTANDER = ["salary", "001190000004", "Hoàng Văn Em", "01/11/2026", "7000000", "", ""]


# --- Reading: CSV with and without BOM, Vietnamese headers, XLSX -----------------------------------------------


@pytest.mark.parametrize("bom", [False, True])
def test_csv_with_or_without_bom_reads_every_row(world, bom):
    result = check(world["employer"], csv_bytes(GOOD_ROWS, bom=bom))
    assert result.valid, codes(result)
    assert [r.change for r in result.rows] == ["join", "salary", "join"]
    assert [r.number for r in result.rows] == [2, 3, 4]
    assert result.rows[1].salary == 9_500_000 and result.rows[1].date == datetime.date(2026, 11, 1)
    assert result.rows[2].contract_kind == ContractKind.FIXED_TERM


def test_vietnamese_headers_and_words_and_semicolons_are_read(world):
    header = ["Thay đổi", "Số định danh cá nhân", "Họ và tên", "Ngày", "Mức lương", "Chức danh", "Loại hợp đồng"]
    rows = [
        ["vào làm", "001190000001", "Trần Thị Bình", "01/11/2026", "9.000.000", "Kế toán", "không xác định thời hạn"],
        ["nghỉ việc", "001190000002", "Lê Văn Cường", "30/11/2026", "", "", ""],
    ]
    result = check(world["employer"], csv_bytes(rows, header=header, delimiter=";", bom=True))
    assert result.valid, codes(result)
    assert [(r.change, r.contract_kind) for r in result.rows] == [("join", "indefinite"), ("leave", None)]


def test_xlsx_with_number_and_date_cells_is_read_and_leading_zeros_restored(world):
    rows = [
        ["join", 1190000001, "Trần Thị Bình", datetime.datetime(2026, 11, 1), 9_000_000, "Kế toán", "indefinite"],
        ["salary", "001190000002", "Lê Văn Cường", "01/11/2026", 9_500_000.0, None, None],
    ]
    result = check(world["employer"], xlsx_bytes(rows), name="thang-11.xlsx")
    assert result.valid, codes(result)
    assert result.rows[0].national_id == "001190000001"
    assert result.rows[0].date == datetime.date(2026, 11, 1)
    assert result.rows[0].cells["date"] == "01/11/2026"
    assert result.rows[1].salary == 9_500_000


def test_blank_rows_and_extra_columns_are_ignored(world):
    header = [*HEADER, "ghi chú"]
    data = csv_bytes([GOOD_ROWS[0] + ["mới"], [""] * 8, GOOD_ROWS[1] + [""]], header=header)
    result = check(world["employer"], data)
    assert result.valid and [r.number for r in result.rows] == [2, 4]


# --- Every row rule (one case each) ------------------------------------------------------------------------

FAR = (TODAY + datetime.timedelta(days=40)).strftime("%d/%m/%Y")
ROW_CASES = {
    "unknown change": (["hire", "001190000001", "Trần Thị Bình", "01/11/2026", "9000000", "", "indefinite"], "change_unknown", "change"),
    "missing change": (["", "001190000001", "Trần Thị Bình", "01/11/2026", "9000000", "", "indefinite"], "change_missing", "change"),
    "ID of 11 digits": (["join", "01190000001", "Trần Thị Bình", "01/11/2026", "9000000", "", "indefinite"], "id_format", "national_id"),
    "ID with letters": (["join", "00119000000A", "Trần Thị Bình", "01/11/2026", "9000000", "", "indefinite"], "id_format", "national_id"),
    "person not found": (["join", "001190009999", "Trần Thị Bình", "01/11/2026", "9000000", "", "indefinite"], "person_not_found", "national_id"),
    "name mismatch": (["join", "001190000001", "Trần Thị Bính", "01/11/2026", "9000000", "", "indefinite"], "name_mismatch", "full_name"),
    "name missing": (["join", "001190000001", "", "01/11/2026", "9000000", "", "indefinite"], "name_missing", "full_name"),
    "date missing": (["join", "001190000001", "Trần Thị Bình", "", "9000000", "", "indefinite"], "date_missing", "date"),
    "date impossible": (["join", "001190000001", "Trần Thị Bình", "31/02/2026", "9000000", "", "indefinite"], "date_invalid", "date"),
    "date not a date": (["join", "001190000001", "Trần Thị Bình", "tháng 11", "9000000", "", "indefinite"], "date_invalid", "date"),
    "date far ahead": (["join", "001190000001", "Trần Thị Bình", FAR, "9000000", "", "indefinite"], "date_far_future", "date"),
    "date before 1995": (["join", "001190000001", "Trần Thị Bình", "01/01/1990", "9000000", "", "indefinite"], "date_too_early", "date"),
    "join while employed": (["join", "001190000002", "Lê Văn Cường", "01/11/2026", "9000000", "", "indefinite"], "already_employed", "change"),
    "join overlapping a past job": (["join", "001190000003", "Phạm Thị Dung", "01/06/2025", "9000000", "", "indefinite"], "join_overlaps", "date"),
    "leave without a job": (["leave", "001190000001", "Trần Thị Bình", "01/11/2026", "", "", ""], "not_employed", "change"),
    "salary without a job": (["salary", "001190000003", "Phạm Thị Dung", "01/11/2026", "9000000", "", ""], "not_employed", "change"),
    "leave before the start": (["leave", "001190000002", "Lê Văn Cường", "28/02/2024", "", "", ""], "before_start", "date"),
    "salary before the start": (["salary", "001190000002", "Lê Văn Cường", "01/01/2024", "9000000", "", ""], "before_start", "date"),
    "salary below the floor": (["salary", "001190000002", "Lê Văn Cường", "01/11/2026", "5309999", "", ""], "salary_below_floor", "salary"),
    "salary above the ceiling": (["join", "001190000001", "Trần Thị Bình", "01/11/2026", "50600001", "", "indefinite"], "salary_above_ceiling", "salary"),
    "salary missing for a joiner": (["join", "001190000001", "Trần Thị Bình", "01/11/2026", "", "", "indefinite"], "salary_missing", "salary"),
    "salary not whole VND": (["salary", "001190000002", "Lê Văn Cường", "01/11/2026", "9tr", "", ""], "salary_invalid", "salary"),
    "salary with decimals": (["salary", "001190000002", "Lê Văn Cường", "01/11/2026", "9000000.50", "", ""], "salary_invalid", "salary"),
    "contract missing": (["join", "001190000001", "Trần Thị Bình", "01/11/2026", "9000000", "", ""], "contract_missing", "contract_kind"),
    "contract unknown": (["join", "001190000001", "Trần Thị Bình", "01/11/2026", "9000000", "", "thời vụ 3 ngày"], "contract_unknown", "contract_kind"),
    "job title too long": (["join", "001190000001", "Trần Thị Bình", "01/11/2026", "9000000", "x" * 121, "indefinite"], "job_title_too_long", "job_title"),
}  # fmt: skip


@pytest.mark.parametrize(("row", "code", "column"), ROW_CASES.values(), ids=ROW_CASES.keys())
def test_each_row_rule_is_reported_on_its_row_and_column(world, row, code, column):
    result = check(world["employer"], csv_bytes([BYSTANDER, row]))
    assert codes(result) == {3: [(code, column)]}
    assert not result.valid and not result.file_errors


def test_the_same_person_twice_is_refused_on_the_later_row(world):
    rows = [GOOD_ROWS[1], ["leave", "001190000002", "Lê Văn Cường", "30/11/2026", "", "", ""]]
    result = check(world["employer"], csv_bytes(rows))
    assert codes(result) == {3: [("duplicate_person", "national_id")]}
    assert result.rows[1].errors[0].params == {"row": 2}


def test_name_match_ignores_case_and_spaces_but_not_accents(world):
    ok = ["join", "001190000001", "  trần   THỊ bình ", "01/11/2026", "9000000", "", "indefinite"]
    assert check(world["employer"], csv_bytes([ok])).valid
    no_accents = ["join", "001190000001", "Tran Thi Binh", "01/11/2026", "9000000", "", "indefinite"]
    assert codes(check(world["employer"], csv_bytes([no_accents]))) == {2: [("name_mismatch", "full_name")]}


def test_salary_bounds_follow_the_region_and_the_date_from_policy_data(world):
    params = parameter_set_get()
    assert uploads.salary_bounds(params, region="I", on=datetime.date(2026, 11, 1)) == (5_310_000, 50_600_000)
    assert uploads.salary_bounds(params, region="IV", on=datetime.date(2026, 11, 1))[0] == 3_700_000
    # Before 01/07/2026 the reference level was 2,340,000: the ceiling was 46,800,000.
    assert uploads.salary_bounds(params, region="I", on=datetime.date(2026, 6, 30)) == (5_310_000, 46_800_000)
    # Exactly the floor and exactly the ceiling are accepted.
    rows = [
        ["salary", "001190000002", "Lê Văn Cường", "01/11/2026", "5310000", "", ""],
        ["join", "001190000001", "Trần Thị Bình", "30/06/2026", "46800000", "", "indefinite"],
    ]
    assert check(world["employer"], csv_bytes(rows)).valid


def test_salary_floor_is_read_from_the_policy_rows_not_a_constant(world):
    row = ["salary", "001190000002", "Lê Văn Cường", "01/11/2026", "5400000", "", ""]
    assert check(world["employer"], csv_bytes([row])).valid
    PolicyParameter.objects.filter(name="regional_minimum_wage", key="I", effective_from="2026-01-01").update(
        value_json="5500000"
    )
    result = check(world["employer"], csv_bytes([row]))
    assert codes(result) == {2: [("salary_below_floor", "salary")]}
    assert result.rows[0].errors[0].params == {"floor": 5_500_000, "region": "I"}


def test_a_region_iv_employer_may_pay_less_than_region_i(world):
    employer = EmployerFactory(region=Region.IV)
    EmploymentFactory(employer=employer, participant=world["newcomer"], start_date=datetime.date(2025, 1, 1))
    row = ["salary", "001190000001", "Trần Thị Bình", "01/11/2026", "3800000", "", ""]
    assert check(employer, csv_bytes([row])).valid
    below = ["salary", "001190000001", "Trần Thị Bình", "01/11/2026", "3699999", "", ""]
    assert codes(check(employer, csv_bytes([below]))) == {2: [("salary_below_floor", "salary")]}


# --- File-level refusals ------------------------------------------------------------------------------------


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


def _zip_with_parts_but_garbage() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<<< not xml")
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
FILE_CASES = {
    "empty": (b"", "changes.csv", "empty"),
    "blank lines only": (b"\r\n,,,\r\n", "changes.csv", "empty"),
    "header only": (csv_bytes([]), "changes.csv", "no_rows"),
    "missing columns": (csv_bytes([["join", "001190000001"]], header=["change", "national_id"]), "c.csv", "missing_columns"),
    "duplicate column": (csv_bytes([], header=[*HEADER, "Họ tên"]), "changes.csv", "duplicate_column"),
    "PNG renamed .csv": (PNG, "changes.csv", "not_csv"),
    "PNG renamed .xlsx": (PNG, "changes.xlsx", "not_xlsx"),
    "zip that is not a workbook": (_zip_without_workbook(), "changes.xlsx", "not_xlsx"),
    "zip with workbook names but garbage": (_zip_with_parts_but_garbage(), "changes.xlsx", "not_xlsx"),
    "old .xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "changes.xls", "bad_extension"),
    "old .xls renamed .xlsx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "changes.xlsx", "old_xls"),
    "workbook renamed .csv": (xlsx_bytes([]), "changes.csv", "not_csv"),
    "CSV in a legacy code page": ("change,national_id,full_name,date\r\njoin,001190000001,Lê Văn,01/11/2026".encode("cp1258"), "c.csv", "not_utf8"),
    "a text file": (b"hello", "changes.txt", "bad_extension"),
}  # fmt: skip


@pytest.mark.parametrize(("data", "name", "code"), FILE_CASES.values(), ids=FILE_CASES.keys())
def test_file_refusals(world, data, name, code):
    result = check(world["employer"], data, name=name)
    assert [p.code for p in result.file_errors] == [code]
    assert result.rows == [] and not result.valid


def test_file_over_the_size_limit_is_refused(world, settings):
    data = csv_bytes(GOOD_ROWS)
    settings.STAFF_CHANGES_MAX_BYTES = len(data) - 1
    result = check(world["employer"], data)
    assert [p.code for p in result.file_errors] == ["too_big"]
    settings.STAFF_CHANGES_MAX_BYTES = len(data)
    assert check(world["employer"], data).valid


def test_too_many_rows_is_refused(world, settings):
    settings.STAFF_CHANGES_MAX_ROWS = 2
    result = check(world["employer"], csv_bytes(GOOD_ROWS))
    assert [(p.code, p.params) for p in result.file_errors] == [("too_many_rows", {"limit": 2})]


def test_workbook_that_unpacks_too_big_is_refused(world, settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * (60 * 1024 * 1024))
    result = check(world["employer"], buffer.getvalue(), name="bomb.xlsx")
    assert [p.code for p in result.file_errors] == ["unpacked_too_big"]


def test_workbook_with_too_many_cells_or_too_slow_to_read_is_refused(world, settings):
    """Issue 18: a 125 KB workbook of wide rows cost 21 s of CPU; reading stops at a cell and a time cap."""
    wide = [[*row, *(["x"] * 30)] for row in GOOD_ROWS * 20]
    settings.STAFF_CHANGES_MAX_CELLS = 200
    result = check(world["employer"], xlsx_bytes(wide, header=[*HEADER, *(f"c{i}" for i in range(30))]), name="a.xlsx")
    assert [p.code for p in result.file_errors] == ["too_many_cells"]
    settings.STAFF_CHANGES_MAX_CELLS, settings.STAFF_CHANGES_MAX_SECONDS = 10_000, 0
    result = check(world["employer"], xlsx_bytes(GOOD_ROWS), name="a.xlsx")
    assert [p.code for p in result.file_errors] == ["too_slow"]


# --- Applying: all or nothing, rows written, idempotent -----------------------------------------------------

URL = "/employer/{}/changes/"


def post_file(client, employer, data, name="thang-11.csv", action="apply", **extra):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(URL.format(employer.public_id), {"file": upload, "action": action}, **extra)


def test_three_good_rows_and_one_bad_apply_nothing(client, world):
    employer = world["employer"]
    before = employment_state(employer)
    bad = ["leave", "001190009999", "Đỗ Văn Giang", "30/11/2026", "", "", ""]  # well formed, but nobody has this ID
    response = post_file(verified_client(client, world["owner"].user), employer, csv_bytes([*GOOD_ROWS, bad]))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="row-5"' in page and vi("Nobody with this ID number is registered. Check the number.") in page
    # Only the row with a problem is listed; the three good rows are not, and nothing was applied.
    assert page.count('<tr id="row-') == 1 and 'class="badge badge--ok"' not in page
    assert employment_state(employer) == before
    assert not StaffChangeUpload.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        ["leave", "001190000004", "Hoàng Văn Em", "01/01/2020", "", "", ""],  # found wrong only against the records
        ["leave", "001190000004", "Hoàng Văn Em", "31/31/2026", "", "", ""],  # a cell already wrong
    ],
    ids=["records", "cell"],
)
def test_apply_with_one_bad_row_writes_nothing(world, bad):
    before = employment_state(world["employer"])
    result = uploads.staff_changes_apply(
        membership=world["owner"], data=csv_bytes([*GOOD_ROWS, bad]), file_name="a.csv", today=TODAY
    )
    assert result.applied is None and not result.valid and list(codes(result)) == [5]
    assert employment_state(world["employer"]) == before
    assert not StaffChangeUpload.objects.exists()


def test_a_valid_file_is_applied_in_full(client, world):
    employer, staff = world["employer"], world["staff"]
    rows = [GOOD_ROWS[0], ["leave", "001190000002", "Lê Văn Cường", "30/11/2026", "", "", ""], GOOD_ROWS[2]]
    response = post_file(verified_client(client, world["owner"].user), employer, csv_bytes(rows))
    assert response.status_code == 200
    joined = Employment.objects.get(employer=employer, participant=world["newcomer"])
    assert (joined.start_date, joined.end_date, joined.salary, joined.job_title, joined.contract_kind) == (
        datetime.date(2026, 11, 1),
        None,
        9_000_000,
        "Kế toán",
        "indefinite",
    )
    staff.refresh_from_db()
    assert staff.end_date == datetime.date(2026, 11, 30)
    rehired = Employment.objects.get(employer=employer, participant=world["former"].participant, end_date=None)
    assert (rehired.start_date, rehired.salary, rehired.contract_kind) == (
        datetime.date(2025, 7, 1),
        7_000_000,
        "fixed_term",
    )
    upload = StaffChangeUpload.objects.get()
    assert (upload.employer, upload.uploaded_by, upload.file_name, upload.row_count) == (
        employer, world["owner"].user, "thang-11.csv", 3
    )  # fmt: skip
    page = response.content.decode()
    assert vi("Changes applied") in page and 'id="row-4"' in page


def test_a_salary_change_updates_the_current_salary_only(client, world):
    employer, staff = world["employer"], world["staff"]
    response = post_file(verified_client(client, world["owner"].user), employer, csv_bytes([GOOD_ROWS[1]]))
    assert response.status_code == 200
    staff.refresh_from_db()
    assert (staff.salary, staff.end_date, staff.start_date) == (9_500_000, None, datetime.date(2024, 3, 1))


def test_the_same_file_twice_changes_nothing_the_second_time(client, world):
    employer = world["employer"]
    client = verified_client(client, world["owner"].user)
    data = csv_bytes(GOOD_ROWS)
    assert post_file(client, employer, data).status_code == 200
    after_first = employment_state(employer)
    again = post_file(client, employer, data, name="renamed.csv")
    assert again.status_code == 200
    applied_on = timezone.localdate(StaffChangeUpload.objects.get().applied_at).strftime("%d/%m/%Y")
    expected = vi("This file was already applied on %(date)s; nothing changed.") % {"date": applied_on}
    assert expected in again.content.decode()
    assert employment_state(employer) == after_first
    assert StaffChangeUpload.objects.count() == 1
    # A check (dry run) of it says the same.
    assert check(employer, data).already_applied is not None


def test_the_same_file_for_another_employer_is_not_treated_as_applied(world):
    other = EmployerFactory()
    data = csv_bytes(GOOD_ROWS)
    uploads.staff_changes_apply(membership=world["owner"], data=data, file_name="a.csv", today=TODAY)
    result = check(other, data)
    assert result.already_applied is None and codes(result)  # these people do not work there


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_applies_of_the_same_file_apply_it_once(require_postgres):
    load_reference_data()
    employer = EmployerFactory(region=Region.I)
    ParticipantFactory(full_name="Trần Thị Bình", national_id="001190000001")
    owner = member(employer)
    data = csv_bytes([GOOD_ROWS[0]])
    apply = lambda: uploads.staff_changes_apply(membership=owner, data=data, file_name="a.csv", today=TODAY)  # noqa: E731
    outcomes = run_at_once([apply, apply])
    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert sorted((o.applied is not None, o.already_applied is not None) for o in outcomes) == [
        (False, True),
        (True, False),
    ]
    assert Employment.objects.filter(employer=employer).count() == 1
    assert StaffChangeUpload.objects.count() == 1


def test_when_the_early_look_misses_a_parallel_apply_the_unique_key_still_refuses_it(world, monkeypatch):
    """The race the concurrent test may or may not hit: the first look finds no upload (the other transaction
    had not committed yet), so the insert of the upload row is what refuses the second copy."""
    data = csv_bytes(GOOD_ROWS)
    first = uploads.staff_changes_apply(membership=world["owner"], data=data, file_name="a.csv", today=TODAY)
    state = employment_state(world["employer"])
    real = uploads._already_applied
    looks = []

    def late_look(employer, sha256):
        looks.append(sha256)
        return None if len(looks) == 1 else real(employer, sha256)

    monkeypatch.setattr(uploads, "_already_applied", late_look)
    second = uploads.staff_changes_apply(membership=world["owner"], data=data, file_name="a.csv", today=TODAY)
    assert second.already_applied == first.applied and second.applied is None and len(looks) == 2
    assert employment_state(world["employer"]) == state and StaffChangeUpload.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_different_files_joining_one_person_at_once_apply_one(require_postgres):
    load_reference_data()
    employer = EmployerFactory(region=Region.I)
    ParticipantFactory(full_name="Trần Thị Bình", national_id="001190000001")
    owner = member(employer)
    files = [csv_bytes([GOOD_ROWS[0]]), csv_bytes([[*GOOD_ROWS[0][:4], "9100000", *GOOD_ROWS[0][5:]]])]
    outcomes = run_at_once(
        [
            lambda data=data: uploads.staff_changes_apply(membership=owner, data=data, file_name="a.csv", today=TODAY)
            for data in files
        ]
    )
    assert not [o for o in outcomes if isinstance(o, Exception)]
    applied = [o for o in outcomes if o.applied]
    refused = [o for o in outcomes if not o.applied]
    assert len(applied) == 1 and len(refused) == 1
    # Refused either by the database (both checked before either wrote) or by the check (one came after).
    loser = refused[0]
    assert [p.code for p in loser.file_errors] == ["conflict"] or codes(loser) == {2: [("already_employed", "change")]}
    assert Employment.objects.filter(employer=employer).count() == 1
    assert StaffChangeUpload.objects.count() == 1


def test_apply_from_xlsx(client, world):
    rows = [["join", 1190000001, "Trần Thị Bình", datetime.datetime(2026, 11, 1), 9_000_000, "Kế toán", "indefinite"]]
    response = post_file(verified_client(client, world["owner"].user), world["employer"], xlsx_bytes(rows), "t.xlsx")
    assert response.status_code == 200
    assert Employment.objects.get(participant=world["newcomer"]).salary == 9_000_000


def test_a_refused_file_is_a_400_with_the_reason_and_nothing_written(client, world):
    response = post_file(verified_client(client, world["owner"].user), world["employer"], PNG, name="anh.csv")
    assert response.status_code == 400
    assert (
        vi("This file is not a CSV text file. Upload the .xlsx workbook, or save it from Excel as CSV UTF-8.")
        in response.content.decode()
    )
    assert not StaffChangeUpload.objects.exists()


# --- Languages ----------------------------------------------------------------------------------------------


def test_errors_are_shown_in_english_and_in_vietnamese(client, world):
    client = verified_client(client, world["owner"].user)
    data = csv_bytes([["hire", "0011", "Trần Thị Bình", "01/11/2026", "9000000", "", "indefinite"]])
    client.cookies["django_language"] = "en"
    english = post_file(client, world["employer"], data).content.decode()
    assert 'lang="en"' in english
    assert "“hire” is not a change this file takes: write join, leave or salary." in english
    # The column is named as the English template heads it (issue 17, item 8).
    assert "Row 2, national_id" in english and "An ID number has exactly 12 digits." in english
    client.cookies["django_language"] = "vi"
    vietnamese = post_file(client, world["employer"], data).content.decode()
    assert 'lang="vi"' in vietnamese
    assert vi("An ID number has exactly 12 digits.") in vietnamese
    assert "Dòng 2, Số định danh cá nhân" in vietnamese  # as the Vietnamese template heads the column
    with translation.override("vi"):
        assert uploads.Problem("id_format", "national_id").column_label == "Số định danh cá nhân"


def test_problem_messages_format_dates_and_money_in_the_active_language():
    problem = uploads.Problem("salary_below_floor", "salary", {"floor": 5_310_000, "region": "I"})
    with translation.override("en"):
        assert problem.message == "The salary is below the minimum wage of region I on that date (5,310,000\u00a0VND)."
    with translation.override("vi"):
        assert "5.310.000\u00a0₫" in problem.message
    far = uploads.Problem("date_far_future", "date", {"limit": datetime.date(2026, 12, 29)})
    with translation.override("vi"):
        assert "29/12/2026" in far.message


# --- Who may do what ----------------------------------------------------------------------------------------


def test_an_hr_viewer_may_check_but_not_apply(client, world):
    employer = world["employer"]
    viewer = member(employer, EmployerRole.HR_VIEWER)
    client = verified_client(client, viewer.user)
    before = employment_state(employer)
    page = client.get(URL.format(employer.public_id)).content.decode()
    assert 'value="apply"' not in page and 'value="check"' in page
    owner_only = vi(
        "Only the owner of the employer account can apply changes. Your file was checked; nothing was applied."
    )
    refused = post_file(client, employer, csv_bytes(GOOD_ROWS), action="apply")
    assert refused.status_code == 403 and owner_only in refused.content.decode()
    checked = post_file(client, employer, csv_bytes(GOOD_ROWS), action="check")
    assert checked.status_code == 200 and owner_only in checked.content.decode()
    assert employment_state(employer) == before and not StaffChangeUpload.objects.exists()
    with pytest.raises(PermissionDenied):
        uploads.staff_changes_apply(membership=viewer, data=csv_bytes(GOOD_ROWS), file_name="a.csv")


def test_an_hr_viewers_check_does_not_tell_which_id_numbers_exist(world):
    """Issue 18: a viewer's check said "nobody with this ID number" for some rows and nothing for others."""
    employer = world["employer"]
    outsider = ParticipantFactory(full_name="Người Ngoài", national_id="001190000009")
    other_outsider = ParticipantFactory(full_name="Người Khác", national_id="001190000008")
    rows = [
        ["join", outsider.national_id, "Tên Bất Kỳ", "01/11/2026", "9000000", "", "indefinite"],  # exists
        ["join", "001190000099", "Tên Bất Kỳ", "01/11/2026", "9000000", "", "indefinite"],  # nobody
        ["leave", other_outsider.national_id, "Tên Bất Kỳ", "01/11/2026", "", "", ""],  # exists
        ["leave", "001190000098", "Tên Bất Kỳ", "01/11/2026", "", "", ""],  # nobody
        BYSTANDER,
    ]
    result = uploads.staff_changes_check(
        employer=employer, data=csv_bytes(rows), file_name="a.csv", today=TODAY, staff_only=True
    )
    found = codes(result)
    assert found.get(2) == found.get(3) and found[4] == found[5] == [("not_employed", "change")]
    # The owner, who can apply, still hears that nobody has that number.
    assert ("person_not_found", "national_id") in codes(check(employer, csv_bytes(rows)))[3]


def test_an_owner_check_only_writes_nothing(client, world):
    employer = world["employer"]
    before = employment_state(employer)
    response = post_file(verified_client(client, world["owner"].user), employer, csv_bytes(GOOD_ROWS), action="check")
    assert response.status_code == 200
    assert (
        vi("Nothing has been applied yet. Choose the same file again and press “Check and apply”.")
        in response.content.decode()
    )
    assert employment_state(employer) == before and not StaffChangeUpload.objects.exists()


@pytest.mark.parametrize("suffix", ["", "template.csv", "template.xlsx"])
def test_another_employers_member_gets_404(client, world, suffix):
    outsider = member(EmployerFactory(), EmployerRole.OWNER)
    client = verified_client(client, outsider.user)
    url = URL.format(world["employer"].public_id) + suffix
    assert client.get(url).status_code == 404
    if not suffix:
        assert post_file(client, world["employer"], csv_bytes(GOOD_ROWS)).status_code == 404
        assert not StaffChangeUpload.objects.exists()


def test_without_the_second_step_the_page_redirects(client, world):
    url = URL.format(world["employer"].public_id)
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(world["owner"].user)  # password only: no second step
    response = post_file(client, world["employer"], csv_bytes(GOOD_ROWS))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/")
    assert client.get(url + "template.csv").status_code == 302
    assert not StaffChangeUpload.objects.exists()


def test_missing_file_is_a_form_error(client, world):
    client = verified_client(client, world["owner"].user)
    response = client.post(URL.format(world["employer"].public_id), {"action": "apply"})
    assert response.status_code == 400 and 'href="#id_file"' in response.content.decode()


# --- Templates ----------------------------------------------------------------------------------------------


def test_csv_template_has_bom_header_and_an_example_that_reads_back(client, world):
    client = verified_client(client, world["owner"].user)
    response = client.get(URL.format(world["employer"].public_id) + "template.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8-sig").splitlines()[0] == ",".join(uploads.VI_HEADERS[c] for c in uploads.COLUMNS)
    result = check(world["employer"], body, today=timezone.localdate())
    assert not result.file_errors and codes(result) == {2: [("person_not_found", "national_id")]}


def test_xlsx_template_opens_and_reads_back_in_english(client, world):
    client = verified_client(client, world["owner"].user)
    client.cookies["django_language"] = "en"
    response = client.get(URL.format(world["employer"].public_id) + "template.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    header, example = list(sheet.iter_rows(max_row=2, values_only=True))
    assert list(header) == HEADER and example[0] == "join" and example[1] == "001090012345"
    result = check(world["employer"], response.content, name="t.xlsx", today=timezone.localdate())
    assert not result.file_errors and codes(result) == {2: [("person_not_found", "national_id")]}


# --- Cost ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 60])
def test_checking_takes_a_fixed_number_of_queries(world, django_assert_num_queries, count):
    people = [ParticipantFactory() for _ in range(count)]
    rows = [["join", p.national_id, p.full_name, "01/11/2026", "9000000", "", "indefinite"] for p in people]
    # the upload lookup, the people, their employments here, the policy parameters
    with django_assert_num_queries(4):
        result = check(world["employer"], csv_bytes(rows))
    assert result.valid and len(result.rows) == count


def test_people_named_in_a_checked_file_see_it_in_their_access_log(client, settings):
    """Checking a file reveals whether an ID number exists and matches the name: the person is told."""
    from participants.models import PersonalDataAccess
    from tests.employers.employer_support import hr_member, sign_in_verified
    from tests.factories import EmployerFactory, ParticipantFactory

    employer = EmployerFactory()
    user = hr_member(employer, username="hr-log")
    sign_in_verified(client, user)
    person = ParticipantFactory(full_name="Mạc Thị Lụa")
    body = (
        "change,national_id,full_name,date,salary,job_title,contract_kind\n"
        f"join,{person.national_id},{person.full_name},01/01/2026,9000000,Thợ,indefinite\n"
        "join,001099999999,Không Có Ai,01/01/2026,9000000,Thợ,indefinite\n"
    ).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/employer/{employer.public_id}/changes/"
    client.post(url, {"file": SimpleUploadedFile("f.csv", body, "text/csv"), "action": "check"})
    access = PersonalDataAccess.objects.get()
    assert (access.participant, access.employer, access.purpose) == (person, employer, "employer_upload")


def test_a_long_file_with_problems_lists_only_the_rows_with_problems_up_to_a_limit(client):
    """5,000 rows stay a light page: the page lists the rows with problems, at most ROWS_SHOWN."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from employers.uploads import ROWS_SHOWN
    from tests.employers.employer_support import hr_member, sign_in_verified
    from tests.factories import EmployerFactory

    employer = EmployerFactory()
    sign_in_verified(client, hr_member(employer, username="hr-long"))
    lines = ["change,national_id,full_name,date,salary,job_title,contract_kind"]
    lines += [f"join,{i:012d},Người {i},01/01/2026,9000000,Thợ,indefinite" for i in range(ROWS_SHOWN + 50)]
    upload = SimpleUploadedFile("dai.csv", "\n".join(lines).encode(), "text/csv")
    response = client.post(f"/employer/{employer.public_id}/changes/", {"file": upload, "action": "check"})
    body = response.content.decode()
    assert response.status_code == 400
    assert body.count('<tr id="row-') == ROWS_SHOWN
    assert "Còn 50 dòng khác không liệt kê ở đây." in body


def test_salary_bounds_use_the_benefit_rules_ceiling(world):
    """Issue 16: the upload refuses what the benefit rules would cap (benefits.rules.ceiling), one rule for both."""
    params = parameter_set_get()
    for day in (datetime.date(2026, 6, 30), datetime.date(2026, 7, 1), datetime.date(2020, 1, 1)):
        ceiling = social_insurance_ceiling(params, Scheme.COMPULSORY, day)
        assert uploads.salary_bounds(params, region="I", on=day)[1] == ceiling.amount
    assert uploads.salary_bounds(params, region="I", on=datetime.date(2005, 1, 1))[1] == uploads.MAX_SALARY
