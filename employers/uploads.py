"""Monthly staff changes (joiners, leavers, salary changes) uploaded as CSV or XLSX: read, check, apply.

The file is all-or-nothing: every row is checked, the whole file is shown back with each row's problems,
and nothing is written unless no row has one; then every row is applied in one transaction. The SHA-256
of the bytes is stored per employer (unique), so the same file sent twice changes nothing the second time,
even when both arrive at once. Columns, rules and messages: docs/staff-changes.md.

Layout of this module: problems and their texts; reading the bytes (file-level refusals); parsing one row's
cells (pure); checking the rows against the records; the check and apply services; the pages.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import time
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.twofactor.decorators import second_factor_required
from benefits.formatting import format_date, format_money
from benefits.rules.ceiling import social_insurance_ceiling
from benefits.rules.facts import Scheme
from benefits.rules.params import ParameterSet, reference_amount
from benefits.selectors import parameter_set_get
from employers.models import StaffChangeUpload
from participants.enums import ContractKind
from participants.models import Employer, Employment, Participant, PersonalDataAccess
from participants.signals import records_changed

from .access import employer_membership_get, is_owner
from .services import data_access_record

JOIN, LEAVE, SALARY = "join", "leave", "salary"
COLUMNS = ("change", "national_id", "full_name", "date", "salary", "job_title", "contract_kind")
# salary, job_title and contract_kind may be left out of a file that has no row needing them.
REQUIRED_COLUMNS = ("change", "national_id", "full_name", "date")
# Social insurance began on 01/01/1995: an earlier date is a typing mistake.
EARLIEST_DATE = datetime.date(1995, 1, 1)
JOB_TITLE_MAX = 120
# Only the first columns are read: a sheet with formatting dragged to column XFD is not read cell by cell.
MAX_COLUMNS = 40
# A workbook is a zip: refuse one that would unpack to more than this many times the upload limit.
MAX_UNPACKED_RATIO = 25

COLUMN_LABELS = {
    "change": _("Change"),
    "national_id": _("ID number"),
    "full_name": _("Full name"),
    "date": _("Date"),
    "salary": _("Salary (VND)"),
    "job_title": _("Job title"),
    "contract_kind": _("Contract kind"),
}
CHANGE_LABELS = {JOIN: _("Joiner"), LEAVE: _("Leaver"), SALARY: _("Salary change")}
CONTRACT_LABELS = dict(ContractKind.choices)


# --- Problems -----------------------------------------------------------------------------------------------

MESSAGES = {
    # The file as a whole.
    "empty": _("The file is empty."),
    "too_big": _("The file is larger than %(size)s. Split it into smaller files."),
    "bad_extension": _("Only .csv and .xlsx files are accepted."),
    "old_xls": _("Old Excel files (.xls) are not accepted. In Excel choose Save as, then Excel Workbook (.xlsx)."),
    "not_csv": _("This file is not a CSV text file. Upload the .xlsx workbook, or save it from Excel as CSV UTF-8."),
    "not_utf8": _("This CSV file is not in UTF-8. In Excel choose Save as, then CSV UTF-8 (comma delimited)."),
    "not_xlsx": _(
        "This file is not an Excel workbook (.xlsx) that can be read. Save it again from Excel or upload CSV."
    ),
    "unpacked_too_big": _("This workbook is too large once unpacked. Remove other sheets and pictures, or upload CSV."),
    "no_rows": _("The file has no rows of changes under the header row."),
    "too_slow": _("This workbook takes too long to read. Save it as CSV (comma-separated) and upload that."),
    "too_many_cells": _(
        "This workbook has too many filled cells. Keep only the columns of the template, or upload CSV."
    ),
    "too_many_rows": _("The file has more than %(limit)s rows of changes. Split it into smaller files."),
    "missing_columns": _("The header row lacks these columns: %(columns)s. Download the template to see them."),
    "duplicate_column": _("The column “%(column)s” appears more than once in the header row."),
    "conflict": _(
        "The staff records changed while this file was being applied, so nothing was applied. Upload it again."
    ),
    # One cell of one row.
    "change_missing": _("Write which change this is: join, leave or salary."),
    "change_unknown": _("“%(value)s” is not a change this file takes: write join, leave or salary."),
    "id_format": _("An ID number has exactly 12 digits."),
    "person_not_found": _("Nobody with this ID number is registered. Check the number."),
    "duplicate_person": _("This person is also in row %(row)s. Put one change per person in a file."),
    "name_missing": _("Write the person’s full name."),
    "name_mismatch": _("The name does not match the person with this ID number. Check the ID number and the name."),
    "date_missing": _("Write the date as dd/mm/yyyy."),
    "date_invalid": _("“%(value)s” is not a date. Write it as dd/mm/yyyy, for example 01/07/2026."),
    "date_too_early": _("Dates before 01/01/1995 are not accepted."),
    "date_far_future": _("The date is more than a month ahead (after %(limit)s). Send this change in a later file."),
    "already_employed": _("This person already works for you (since %(start)s). A joiner must have left first."),
    "join_overlaps": _("This person worked for you from %(start)s to %(end)s. The start date must be after that."),
    "not_employed": _("This person does not work for you now, so there is nothing to end or change."),
    "before_start": _("The date is before this person’s start date with you (%(start)s)."),
    "salary_missing": _("Write the monthly salary in VND: joiners and salary changes need it."),
    "salary_invalid": _("“%(value)s” is not a whole amount of VND. Write digits only, for example 8000000."),
    "salary_below_floor": _("The salary is below the minimum wage of region %(region)s on that date (%(floor)s)."),
    "salary_above_ceiling": _("The salary is above the contribution ceiling on that date (%(ceiling)s)."),
    "contract_missing": _(
        "Write the contract kind of a joiner: indefinite, fixed_term, short_term, civil_servant or other."
    ),
    "contract_unknown": _(
        "“%(value)s” is not a contract kind: write indefinite, fixed_term, short_term, civil_servant or other."
    ),
    "job_title_too_long": _("The job title is longer than 120 characters."),
}
_MONEY_PARAMS = {"floor", "ceiling"}


@dataclass(frozen=True)
class Problem:
    """One reason a file or a row is refused: a stable code, translated only when shown (in the active language)."""

    code: str
    column: str = ""
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        text = str(MESSAGES[self.code])
        return text % {key: _display(key, value) for key, value in self.params.items()} if self.params else text

    @property
    def column_label(self) -> str:
        return column_title(self.column) if self.column else ""


def _display(key: str, value: object) -> str:
    if isinstance(value, datetime.date):
        return format_date(value)
    if key in _MONEY_PARAMS and isinstance(value, int):
        return format_money(value)
    if key == "size" and isinstance(value, int):
        return str(filesizeformat(value))
    if key == "columns":
        return ", ".join(f"“{column_title(c)}”" for c in value)  # type: ignore[union-attr]
    return str(value)


class _Refused(Exception):
    """The file as a whole cannot be read: nothing in it is checked."""

    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.problem = Problem(code, params=params)


# --- One row ------------------------------------------------------------------------------------------------


@dataclass
class ChangeRow:
    """One data row of the file: its cells as the person wrote them, the parsed values, and its problems."""

    number: int  # as a spreadsheet numbers it: the header is row 1
    cells: dict[str, str]
    change: str | None = None
    national_id: str | None = None
    full_name: str = ""
    date: datetime.date | None = None
    salary: int | None = None
    job_title: str = ""
    contract_kind: str | None = None
    errors: list[Problem] = field(default_factory=list)

    def refuse(self, code: str, column: str, **params) -> None:
        self.errors.append(Problem(code, column, params))

    def has_error(self, column: str) -> bool:
        return any(p.column == column for p in self.errors)

    @property
    def change_label(self) -> str:
        return str(CHANGE_LABELS[self.change]) if self.change else self.cells["change"]

    @property
    def contract_label(self) -> str:
        return str(CONTRACT_LABELS[self.contract_kind]) if self.contract_kind else self.cells["contract_kind"]


def key_of(text: object) -> str:
    """A header or choice as a bare key: no accents, no case, words joined by `_` ("Họ và tên" → "ho_va_ten")."""
    decomposed = unicodedata.normalize("NFKD", str(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


HEADER_ALIASES = {
    "change": {"change", "thay_doi", "loai_thay_doi", "bien_dong", "loai_bien_dong"},
    "national_id": {"national_id", "id_number", "so_dinh_danh", "so_dinh_danh_ca_nhan", "so_cccd", "cccd"},
    "full_name": {"full_name", "name", "ho_ten", "ho_va_ten"},
    "date": {"date", "ngay", "ngay_hieu_luc", "ngay_ap_dung"},
    "salary": {"salary", "muc_luong", "luong", "tien_luong", "muc_luong_dong_bhxh"},
    "job_title": {"job_title", "chuc_danh", "chuc_vu", "vi_tri"},
    "contract_kind": {"contract_kind", "contract", "loai_hop_dong", "hop_dong"},
}
# The Vietnamese template's header; also the alias a person is most likely to type.
VI_HEADERS = {
    "change": "Thay đổi",
    "national_id": "Số định danh cá nhân",
    "full_name": "Họ và tên",
    "date": "Ngày",
    "salary": "Mức lương",
    "job_title": "Chức danh",
    "contract_kind": "Loại hợp đồng",
}
CHANGE_ALIASES = {
    JOIN: {"join", "vao", "vao_lam", "tang", "bao_tang"},
    LEAVE: {"leave", "nghi", "nghi_viec", "giam", "bao_giam"},
    SALARY: {"salary", "luong", "doi_luong", "dieu_chinh_luong", "tang_luong", "thay_doi_luong"},
}
VI_CHANGES = {JOIN: "vào làm", LEAVE: "nghỉ việc", SALARY: "điều chỉnh lương"}
CONTRACT_ALIASES = {
    ContractKind.INDEFINITE: {"khong_xac_dinh_thoi_han", "khong_thoi_han"},
    ContractKind.FIXED_TERM: {"xac_dinh_thoi_han", "co_thoi_han"},
    ContractKind.SHORT_TERM: {"duoi_12_thang", "ngan_han", "mua_vu"},
    ContractKind.CIVIL_SERVANT: {"cong_chuc", "vien_chuc", "cong_chuc_vien_chuc"},
    ContractKind.OTHER: {"khac"},
}
_HEADER_LOOKUP = {alias: column for column, aliases in HEADER_ALIASES.items() for alias in aliases}
_CHANGE_LOOKUP = {alias: change for change, aliases in CHANGE_ALIASES.items() for alias in aliases}
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")


def _contract_lookup() -> dict[str, str]:
    """Values, the English and Vietnamese labels (as translated now) and the usual Vietnamese short names."""
    lookup = {key_of(value): value for value in ContractKind.values}
    for language in ("en", "vi"):
        with translation.override(language):
            lookup.update({key_of(label): value for value, label in ContractKind.choices})
    for value, aliases in CONTRACT_ALIASES.items():
        lookup.update(dict.fromkeys(aliases, str(value)))
    return lookup


def contract_key(text: str) -> str:
    """People write "Hợp đồng lao động xác định thời hạn" or "HĐLĐ xác định thời hạn" for "xác định thời hạn"."""
    key = key_of(text)
    for prefix in ("hop_dong_lao_dong_", "hop_dong_", "hdld_", "hd_"):
        if key.startswith(prefix):
            return key.removeprefix(prefix)
    return key


def cell_text(value: object) -> str:
    """A cell as the person sees it in their spreadsheet (dates dd/mm/yyyy), for showing the file back."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_national_id(value: object) -> str | None:
    """12 digits. An Excel number cell has lost its leading zeros (001… → 1…): they are put back."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**12:
        return f"{value:012d}"
    text = cell_text(value)
    return text if re.fullmatch(r"\d{12}", text) else None


def parse_date(value: object) -> datetime.date | None:
    """dd/mm/yyyy (also with `.` or `-`), yyyy-mm-dd, or a date cell of a workbook; None when it is not one."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if match := _DMY.fullmatch(text):
            day, month, year = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        if match := _YMD.fullmatch(text):
            return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    return None


def parse_salary(value: object) -> int | None:
    """Whole VND: digits, optionally grouped by `.` or `,` in threes (8.000.000 / 8,000,000); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = re.sub(r"\s+", "", str(value or ""))
    if re.fullmatch(r"\d+", text):
        return int(text)
    if _GROUPED.fullmatch(text):
        return int(re.sub(r"[.,]", "", text))
    return None


def name_key(name: str) -> str:
    """Names compared without case or extra spaces; accents count (Nguyễn is not Nguyên)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def add_one_month(day: datetime.date) -> datetime.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for last in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, last)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def row_parse(number: int, values: Mapping[str, object], *, today: datetime.date, contracts: Mapping) -> ChangeRow:
    """One row's cells into values, with a problem for each cell that is missing or malformed (no database)."""
    row = ChangeRow(number=number, cells={column: cell_text(values.get(column)) for column in COLUMNS})
    cells = row.cells

    if not cells["change"]:
        row.refuse("change_missing", "change")
    elif (change := _CHANGE_LOOKUP.get(key_of(cells["change"]))) is None:
        row.refuse("change_unknown", "change", value=cells["change"])
    else:
        row.change = change

    row.national_id = parse_national_id(values.get("national_id"))
    if row.national_id is None:
        row.refuse("id_format", "national_id")

    row.full_name = cells["full_name"]
    if not row.full_name:
        row.refuse("name_missing", "full_name")

    if not cells["date"]:
        row.refuse("date_missing", "date")
    elif (day := parse_date(values.get("date"))) is None:
        row.refuse("date_invalid", "date", value=cells["date"])
    elif day < EARLIEST_DATE:
        row.refuse("date_too_early", "date")
    elif day > (limit := add_one_month(today)):
        row.refuse("date_far_future", "date", limit=limit)
    else:
        row.date = day

    if row.change in (JOIN, SALARY):
        if not cells["salary"]:
            row.refuse("salary_missing", "salary")
        elif (salary := parse_salary(values.get("salary"))) is None:
            row.refuse("salary_invalid", "salary", value=cells["salary"])
        else:
            row.salary = salary

    if row.change == JOIN:
        if not cells["contract_kind"]:
            row.refuse("contract_missing", "contract_kind")
        elif (kind := contracts.get(contract_key(cells["contract_kind"]))) is None:
            row.refuse("contract_unknown", "contract_kind", value=cells["contract_kind"])
        else:
            row.contract_kind = kind
        row.job_title = cells["job_title"]
        if len(row.job_title) > JOB_TITLE_MAX:
            row.refuse("job_title_too_long", "job_title")
    return row


# --- Reading the file ---------------------------------------------------------------------------------------

# Signatures of files people upload by mistake: a picture, a PDF, an old .xls (OLE2), a zip.
_BINARY_SIGNATURES = (b"\x89PNG", b"%PDF", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _csv_records(data: bytes) -> Iterator[list[object]]:
    """UTF-8 only (with or without the BOM Excel writes): guessing a legacy code page would garble
    Vietnamese names silently, which is worse than asking for CSV UTF-8."""
    if data.startswith(_OLE2):
        raise _Refused("old_xls")
    if data.startswith(_BINARY_SIGNATURES) or b"\x00" in data:
        raise _Refused("not_csv")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Refused("not_utf8") from None
    first_line = text.split("\n", 1)[0]
    # Excel in a Vietnamese locale separates CSV fields with `;` (the comma is its decimal mark).
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error:
        raise _Refused("not_csv") from None


def _xlsx_records(data: bytes, max_bytes: int) -> Iterator[list[object]]:
    """The first sheet's rows. A workbook is a zip with its parts named by the Open XML standard; the
    unpacked size is bounded first so that a small zip cannot unpack into gigabytes."""
    import openpyxl  # imported here: only XLSX uploads and templates need it

    if data.startswith(_OLE2):
        raise _Refused("old_xls")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _Refused("not_xlsx") from None
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise _Refused("not_xlsx")
    if unpacked > max_bytes * MAX_UNPACKED_RATIO:
        raise _Refused("unpacked_too_big")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, XML, zip) for a damaged workbook
        raise _Refused("not_xlsx") from None
    # A small zip can still hold rows of thousands of cells each (125 KB cost 21 s of CPU): the cells read and
    # the time spent are capped too (STAFF_CHANGES_MAX_CELLS, STAFF_CHANGES_MAX_SECONDS).
    deadline = time.monotonic() + settings.STAFF_CHANGES_MAX_SECONDS
    cells_left = settings.STAFF_CHANGES_MAX_CELLS
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            cells_left -= sum(value is not None for value in values)
            if cells_left < 0:
                raise _Refused("too_many_cells")
            if time.monotonic() > deadline:
                raise _Refused("too_slow")
            yield list(values)
    except _Refused:
        raise
    except Exception:  # a damaged sheet fails while it is read, with the same many kinds
        raise _Refused("not_xlsx") from None
    finally:
        workbook.close()


def _header_map(header: list[object]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        column = _HEADER_LOOKUP.get(key_of(title)) if title is not None else None
        if column is None:
            continue  # an extra column (notes, a row number) is ignored
        if column in positions:
            raise _Refused("duplicate_column", column=cell_text(title))
        positions[column] = index
    missing = [c for c in REQUIRED_COLUMNS if c not in positions]
    if missing:
        raise _Refused("missing_columns", columns=missing)
    return positions


def _is_blank(values: list[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def staff_changes_read(
    *, data: bytes, file_name: str, today: datetime.date, max_bytes: int, max_rows: int
) -> list[ChangeRow]:
    """The data rows of a CSV or XLSX file, each parsed with its cell problems; raises _Refused for the file.

    The type comes from the name (.csv / .xlsx) and the content must match it. Blank rows are skipped
    (spreadsheets end with them) but still count against a bound so a sheet of empty rows is not read forever.
    """
    if not data:
        raise _Refused("empty")
    if len(data) > max_bytes:
        raise _Refused("too_big", size=max_bytes)
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".csv":
        records = _csv_records(data)
    elif suffix == ".xlsx":
        records = _xlsx_records(data, max_bytes)
    else:
        raise _Refused("bad_extension")

    positions: dict[str, int] | None = None
    contracts = _contract_lookup()
    rows: list[ChangeRow] = []
    try:
        for number, values in enumerate(records, start=1):
            if number > 2 * max_rows + 100:
                raise _Refused("too_many_rows", limit=max_rows)
            if _is_blank(values):
                continue
            if positions is None:
                positions = _header_map(values)
                continue
            if len(rows) >= max_rows:
                raise _Refused("too_many_rows", limit=max_rows)
            cells = {c: (values[i] if i < len(values) else None) for c, i in positions.items()}
            rows.append(row_parse(number, cells, today=today, contracts=contracts))
    finally:
        records.close()  # a workbook left half-read is closed now, not when the generator is collected
    if positions is None:
        raise _Refused("empty")
    if not rows:
        raise _Refused("no_rows")
    _mark_duplicates(rows)
    return rows


def _mark_duplicates(rows: list[ChangeRow]) -> None:
    """One change per person per file: two rows for one person would have to be applied in an order the
    file cannot be trusted to give (a raise then a leave, or the same joiner twice)."""
    first_row: dict[str, int] = {}
    for row in rows:
        if row.national_id is None:
            continue
        if row.national_id in first_row:
            row.refuse("duplicate_person", "national_id", row=first_row[row.national_id])
        else:
            first_row[row.national_id] = row.number


# --- Checking the rows against the records ------------------------------------------------------------------


# No ceiling row before 2007: a salary is then only bounded by what the columns hold.
MAX_SALARY = 10_000_000_000


def salary_bounds(params: ParameterSet, *, region: str, on: datetime.date) -> tuple[int, int]:
    """The lowest and highest monthly salary an employer may declare on `on`, from the policy data.

    Floor: the regional minimum wage of the employer's region (Law 41/2024/QH15 Art. 31(1); Decree
    293/2025/NĐ-CP); before regional wages existed, the base salary. Ceiling: the multiple of the reference
    level in `contribution_ceiling` (20 ×, Art. 31(1)(đ)).
    """
    floor = params.find("regional_minimum_wage", on, key=region)
    floor_amount = floor.value if floor is not None else reference_amount(params, on).value
    # The one ceiling rule the benefits use too (benefits.rules.ceiling); none was in force before 2007.
    ceiling = social_insurance_ceiling(params, Scheme.COMPULSORY, on)
    return int(floor_amount), ceiling.amount if ceiling is not None else MAX_SALARY


def _records_for(employer: Employer, rows: list[ChangeRow], *, lock: bool):
    """The people named in the file and their employments with this employer, in two queries.

    With `lock`, the employments are locked (in primary-key order, so two uploads cannot deadlock) until
    the transaction ends: what was checked is what is written.
    """
    ids = {row.national_id for row in rows if row.national_id}
    people = {
        p.national_id: p for p in Participant.objects.filter(national_id__in=ids).only("national_id", "full_name")
    }
    employments = Employment.objects.filter(employer=employer, participant__in=[p.pk for p in people.values()])
    if lock:
        employments = employments.select_for_update()
    by_person: dict[int, list[Employment]] = {}
    for employment in employments.order_by("pk"):
        by_person.setdefault(employment.participant_id, []).append(employment)
    return people, by_person


@dataclass(frozen=True)
class _Planned:
    row: ChangeRow
    participant_id: int
    employment: Employment | None


def rows_check(
    rows: list[ChangeRow],
    *,
    people: Mapping[str, Participant],
    employments: Mapping[int, list[Employment]],
    region: str,
    params: ParameterSet,
    staff_only: bool = False,
) -> list[_Planned]:
    """Add each row's problems against the records; return what each row would do (meaningful only when
    no row has a problem). No queries: the records are fetched (and locked) by the caller.

    With `staff_only` (an HR viewer's check), `people` holds only this employer's staff, past and present,
    and nobody else is told apart: a joiner outside the staff is not checked against the records, and a
    leaver or salary change of anyone else is "does not work for you", whether or not the ID exists."""
    planned = []
    for row in rows:
        person = people.get(row.national_id) if row.national_id else None
        if row.national_id and person is None and not row.has_error("national_id"):
            if not staff_only:
                row.refuse("person_not_found", "national_id")
            elif row.change not in (None, JOIN):
                row.refuse("not_employed", "change")
        if person is not None and row.full_name and name_key(row.full_name) != name_key(person.full_name):
            row.refuse("name_mismatch", "full_name")
        if row.salary is not None and row.date is not None:
            floor, ceiling = salary_bounds(params, region=region, on=row.date)
            if row.salary < floor:
                row.refuse("salary_below_floor", "salary", floor=floor, region=region)
            elif row.salary > ceiling:
                row.refuse("salary_above_ceiling", "salary", ceiling=ceiling)
        if person is None or row.change is None:
            continue  # the employment rules need a known person and a known change
        held = employments.get(person.pk, [])
        current = next((e for e in held if e.end_date is None), None)
        if row.change == JOIN:
            if current is not None:
                row.refuse("already_employed", "change", start=current.start_date)
            elif row.date is not None:
                overlapping = [e for e in held if e.end_date is not None and e.end_date >= row.date]
                if overlapping:
                    last = max(overlapping, key=lambda e: e.end_date)
                    row.refuse("join_overlaps", "date", start=last.start_date, end=last.end_date)
        elif current is None:
            row.refuse("not_employed", "change")
        elif row.date is not None and row.date < current.start_date:
            row.refuse("before_start", "date", start=current.start_date)
        planned.append(_Planned(row, person.pk, current))
    return planned


# --- Services -----------------------------------------------------------------------------------------------


ROWS_SHOWN = 100


@dataclass
class StaffChangesResult:
    """What became of one uploaded file: refused as a whole, checked row by row, applied, or already applied."""

    file_name: str
    sha256: str
    rows: list[ChangeRow] = field(default_factory=list)
    file_errors: list[Problem] = field(default_factory=list)
    applied: StaffChangeUpload | None = None
    already_applied: StaffChangeUpload | None = None

    @property
    def valid(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(row.errors) for row in self.rows)

    @property
    def rows_with_errors(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def rows_shown(self) -> list[ChangeRow]:
        """The rows the page lists: those with problems when there are any, else every row, at most
        ROWS_SHOWN of them, so a 5,000-row file stays a light page (ux.md: summarise, then detail)."""
        rows = [row for row in self.rows if row.errors] if not self.valid else self.rows
        return rows[:ROWS_SHOWN]

    @property
    def rows_not_shown(self) -> int:
        listed = self.rows_with_errors if not self.valid else len(self.rows)
        return max(listed - ROWS_SHOWN, 0)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((JOIN, LEAVE, SALARY), 0)
        for row in self.rows:
            if row.change:
                counts[row.change] += 1
        return counts


class _Invalid(Exception):
    """Raised inside the apply transaction to roll it back when a row fails against the locked records."""


def _upload_settings() -> tuple[int, int]:
    return settings.STAFF_CHANGES_MAX_BYTES, settings.STAFF_CHANGES_MAX_ROWS


def _already_applied(employer: Employer, sha256: str) -> StaffChangeUpload | None:
    return StaffChangeUpload.objects.filter(employer=employer, sha256=sha256).first()


def _read(result: StaffChangesResult, data: bytes, today: datetime.date) -> bool:
    max_bytes, max_rows = _upload_settings()
    try:
        result.rows = staff_changes_read(
            data=data, file_name=result.file_name, today=today, max_bytes=max_bytes, max_rows=max_rows
        )
    except _Refused as refused:
        result.file_errors = [refused.problem]
        return False
    return True


def _new_result(data: bytes, file_name: str) -> StaffChangesResult:
    name = PurePath(file_name.replace("\\", "/")).name[:255] or "upload"
    return StaffChangesResult(file_name=name, sha256=hashlib.sha256(data).hexdigest())


def staff_changes_check(
    *,
    employer: Employer,
    data: bytes,
    file_name: str,
    today: datetime.date | None = None,
    staff_only: bool = False,
) -> StaffChangesResult:
    """Read and check a staff-changes file without writing anything (the dry run; an HR viewer's only step).

    `staff_only` (an HR viewer, who cannot apply): the check tells nothing about ID numbers outside this
    employer's staff, past and present (see rows_check), so it cannot be used to learn who is registered.

    Reads: the uploads of this employer (by SHA-256), the people named in the file and their employments
    with this employer, the policy parameters. Writes nothing.
    """
    today = today or timezone.localdate()
    result = _new_result(data, file_name)
    if data and (previous := _already_applied(employer, result.sha256)):
        result.already_applied = previous
        return result
    if _read(result, data, today):
        people, employments = _records_for(employer, result.rows, lock=False)
        if staff_only:
            people = {key: person for key, person in people.items() if person.pk in employments}
        rows_check(
            result.rows,
            people=people,
            employments=employments,
            region=employer.region,
            params=parameter_set_get(),
            staff_only=staff_only,
        )
    return result


def staff_changes_apply(
    *, membership, data: bytes, file_name: str, today: datetime.date | None = None
) -> StaffChangesResult:
    """Check a staff-changes file and, only when every row passes, apply all of it in one transaction.

    Writes (all or nothing): a StaffChangeUpload (employer, SHA-256, file name, rows, who, when); an
    Employment per joiner (start date, salary, job title, contract kind); the end date of each leaver's
    open employment; the salary of each salary change's open employment (the history of salaries stays
    in the monthly contribution records). The upload row is inserted first: its unique (employer, SHA-256)
    makes a second copy of the same file wait for the first and then find it applied. The touched
    employments are locked and the rows checked again against them before anything is written.

    Raises PermissionDenied unless the membership is the employer's owner.
    """
    if not is_owner(membership):
        raise PermissionDenied
    employer = membership.employer
    today = today or timezone.localdate()
    result = _new_result(data, file_name)
    if data and (previous := _already_applied(employer, result.sha256)):
        result.already_applied = previous
        return result
    if not _read(result, data, today):
        return result
    params = parameter_set_get()
    if not result.valid:
        # A cell is already wrong: report every row's problems without locking or writing anything.
        people, employments = _records_for(employer, result.rows, lock=False)
        rows_check(result.rows, people=people, employments=employments, region=employer.region, params=params)
        return result
    try:
        with transaction.atomic():
            upload = StaffChangeUpload.objects.create(
                employer=employer,
                uploaded_by=membership.user,
                file_name=result.file_name,
                sha256=result.sha256,
                row_count=len(result.rows),
                applied_at=timezone.now(),
            )
            people, employments = _records_for(employer, result.rows, lock=True)
            planned = rows_check(
                result.rows, people=people, employments=employments, region=employer.region, params=params
            )
            if not result.valid:
                raise _Invalid
            _write(employer, planned)
    except _Invalid:
        return result
    except IntegrityError:
        # The same file applied meanwhile (the unique upload key), or another file took a joiner first.
        previous = _already_applied(employer, result.sha256)
        if previous is not None:
            result.already_applied = previous
        else:
            result.file_errors = [Problem("conflict")]
        return result
    result.applied = upload
    return result


def _write(employer: Employer, planned: list[_Planned]) -> None:
    """The writes of a checked file. Row by row `full_clean()` is not called: every rule of Employment.clean
    (end after start, no overlap with this employer) was just checked for the whole file against the locked
    rows, and the database constraints stand behind it; per-row validation would cost three queries a row."""
    joiners, leavers, raises = [], [], []
    for item in planned:
        row = item.row
        if row.change == JOIN:
            joiners.append(
                Employment(
                    participant_id=item.participant_id,
                    employer=employer,
                    start_date=row.date,
                    salary=row.salary,
                    job_title=row.job_title,
                    contract_kind=row.contract_kind,
                )
            )
        elif row.change == LEAVE:
            item.employment.end_date = row.date
            leavers.append(item.employment)
        else:
            item.employment.salary = row.salary
            raises.append(item.employment)
    Employment.objects.bulk_create(joiners, batch_size=1000)
    Employment.objects.bulk_update(leavers, ["end_date"], batch_size=1000)
    Employment.objects.bulk_update(raises, ["salary"], batch_size=1000)
    records_changed.send(sender=Employment, pks=[e.pk for e in (*joiners, *leavers, *raises)])


def _log_people_named(user, employer: Employer, result: StaffChangesResult) -> None:
    """Checking a file tells the employer whether each ID number exists and matches the name typed, so
    every person the file names (and who exists) gets a line in their "who looked at my data" log."""
    numbers = {row.national_id for row in result.rows if row.national_id}
    if not numbers:
        return
    data_access_record(
        user=user,
        employer=employer,
        participant_ids=Participant.objects.filter(national_id__in=numbers).values_list("id", flat=True),
        purpose=PersonalDataAccess.Purpose.EMPLOYER_UPLOAD,
    )


# --- Pages --------------------------------------------------------------------------------------------------


class StaffChangesForm(forms.Form):
    file = forms.FileField(label=_("Staff changes file (.csv or .xlsx)"), allow_empty_file=True)
    action = forms.ChoiceField(choices=[("check", "check"), ("apply", "apply")], required=False)


def _file_bytes(upload, max_bytes: int) -> bytes:
    """At most one byte more than the limit: enough to refuse the file without reading all of a huge one."""
    upload.seek(0)
    return upload.read(max_bytes + 1)


@second_factor_required
@require_http_methods(["GET", "POST"])
def staff_changes(request, employer_id):
    """Upload a month's staff changes. Every member may check a file; only the owner may apply it."""
    membership = employer_membership_get(user=request.user, employer_id=employer_id)
    can_apply = is_owner(membership)
    context = {
        "membership": membership,
        "employer": membership.employer,
        "can_apply": can_apply,
        "max_bytes": settings.STAFF_CHANGES_MAX_BYTES,
        "max_rows": settings.STAFF_CHANGES_MAX_ROWS,
        "columns": COLUMN_LABELS,
    }
    if request.method == "GET":
        context["form"] = StaffChangesForm()
        return render(request, "employer/changes.html", context)

    form = StaffChangesForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "employer/changes.html", context, status=HTTPStatus.BAD_REQUEST)
    upload = form.cleaned_data["file"]
    data = _file_bytes(upload, settings.STAFF_CHANGES_MAX_BYTES)
    wants_apply = form.cleaned_data["action"] == "apply"
    status = HTTPStatus.OK
    if wants_apply and can_apply:
        result = staff_changes_apply(membership=membership, data=data, file_name=upload.name)
    else:
        result = staff_changes_check(
            employer=membership.employer, data=data, file_name=upload.name, staff_only=not can_apply
        )
        if wants_apply:
            context["owner_only"] = True
            status = HTTPStatus.FORBIDDEN
    _log_people_named(request.user, membership.employer, result)
    if not result.valid and status == HTTPStatus.OK:
        status = HTTPStatus.BAD_REQUEST
    context.update(result=result, checked_only=not result.applied and not result.already_applied)
    return render(request, "employer/changes.html", context, status=status)


def column_title(column: str) -> str:
    """A column as the template of the page's language heads it, so that an error names what the person sees."""
    return VI_HEADERS[column] if (translation.get_language() or "vi").startswith("vi") else column


def template_header() -> list[str]:
    """The template's header in the page's language (both languages' names are read back)."""
    return [column_title(c) for c in COLUMNS]


def template_example(today: datetime.date) -> list[str]:
    """One joiner on the first of this month; the ID number is a made-up one (no such person)."""
    vietnamese = (translation.get_language() or "vi").startswith("vi")
    change = VI_CHANGES[JOIN] if vietnamese else JOIN
    return [change, "001090012345", "Nguyễn Văn An", today.replace(day=1).strftime("%d/%m/%Y"), "8000000",
            "Kế toán", ContractKind.INDEFINITE.value]  # fmt: skip


@second_factor_required
@require_GET
def staff_changes_template_csv(request, employer_id):
    """The template as CSV: UTF-8 with BOM (so Excel shows the diacritics), header and one example row."""
    employer_membership_get(user=request.user, employer_id=employer_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(template_header())
    writer.writerow(template_example(timezone.localdate()))
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="staff-changes-template.csv"'
    return response


@second_factor_required
@require_GET
def staff_changes_template_xlsx(request, employer_id):
    """The template as a workbook; the ID number column is text so Excel keeps the leading zeros."""
    import openpyxl
    from openpyxl.styles import Font

    employer_membership_get(user=request.user, employer_id=employer_id)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Thay đổi" if (translation.get_language() or "vi").startswith("vi") else "Changes"
    sheet.append(template_header())
    sheet.append(template_example(timezone.localdate()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = 22
        if column in ("national_id", "date"):
            for row in range(2, 1001):
                sheet[f"{letter}{row}"].number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="staff-changes-template.xlsx"'
    return response


urlpatterns = [
    path("employer/<uuid:employer_id>/changes/", staff_changes, name="employer-changes"),
    path(
        "employer/<uuid:employer_id>/changes/template.csv",
        staff_changes_template_csv,
        name="employer-changes-template-csv",
    ),
    path(
        "employer/<uuid:employer_id>/changes/template.xlsx",
        staff_changes_template_xlsx,
        name="employer-changes-template-xlsx",
    ),
]
