"""The staff list as a CSV or XLSX file, with the same search, filters and sort as the page.

Both read the rows with a server-side cursor (`iterator`), so 50,000 staff never sit in memory: the CSV
is streamed to the client as it is read; the XLSX is written row by row (openpyxl write-only mode) to
an anonymous temporary file, which is then streamed and disappears when the response is closed.

Each chunk of people goes to the access log *before* its rows are written out, so every person whose
row left the server can see the export on their profile; a download cut short logs only what was read.
"""

import csv
import datetime
import itertools
import re
import tempfile
from collections.abc import Iterator

from django.http import FileResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from accounts.twofactor.decorators import second_factor_required
from participants.models import PersonalDataAccess
from participants.statements import spreadsheet_text

from .access import employer_membership_get
from .forms import StaffFilterForm
from .selectors import StaffFilters, StaffRow, staff_queryset, staff_row
from .services import data_access_record

# Rows fetched per round trip and logged per access-log batch: big enough to be fast, small enough
# that the view never holds more than this many model instances.
EXPORT_CHUNK = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_COLUMN_WIDTHS = (32, 16, 24, 12, 12, 16, 14, 14, 12)


def _headers() -> list[str]:
    return [
        _("Full name"),
        _("Social insurance number"),
        _("Job title"),
        _("Start date"),
        _("End date"),
        _("Card status"),
        _("Card valid to"),
        _("Last paid month"),
        _("Months unpaid"),
    ]


def _card_status_labels() -> dict[str, str]:
    return {
        "valid": _("Valid"),
        "expiring": _("Expiring soon"),
        "expired": _("Expired"),
        "not_yet_valid": _("Not valid yet"),
        "none": _("No card"),
    }


def _text(value: str) -> str:
    return spreadsheet_text(value)  # no formula runs in a spreadsheet (participants.statements)


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _month(value: datetime.date | None) -> str:
    return value.strftime("%m/%Y") if value else ""


def _export_rows(*, user, employer, filters: StaffFilters, today: datetime.date) -> Iterator[StaffRow]:
    """The filtered staff list in its sort order, each chunk logged as exported before it is handed out."""
    rows = staff_queryset(employer=employer, filters=filters, today=today).iterator(chunk_size=EXPORT_CHUNK)
    for chunk in itertools.batched(rows, EXPORT_CHUNK, strict=False):
        data_access_record(
            user=user,
            employer=employer,
            participant_ids=(row.participant_id for row in chunk),
            purpose=PersonalDataAccess.Purpose.EMPLOYER_EXPORT,
        )
        for row in chunk:
            yield staff_row(row, today)


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer formats without buffering."""

    def write(self, value: str) -> str:
        return value


def _csv_chunks(rows: Iterator[StaffRow], headers: list[str], statuses: dict[str, str]) -> Iterator[str]:
    # The BOM makes Excel read the file as UTF-8 (names keep their diacritics); rows are sent in
    # chunks rather than one write per line, which a WSGI server would turn into 50,000 tiny writes.
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(headers)
    for chunk in itertools.batched(rows, 500, strict=False):
        yield "".join(
            writer.writerow(
                [
                    _text(row.name),
                    row.social_insurance_number,
                    _text(row.job_title),
                    _day(row.start_date),
                    _day(row.end_date),
                    statuses[row.card_status] if row.card_status else "",
                    _day(row.card_valid_to),
                    _month(row.last_paid),
                    row.months_unpaid,
                ]
            )
            for row in chunk
        )


def _filters_or_400(request):
    form = StaffFilterForm(request.GET)
    if not form.is_valid():
        return None, HttpResponseBadRequest(form.errors.as_text(), content_type="text/plain; charset=utf-8")
    return form.filters(), None


def _file_name(employer, today: datetime.date, extension: str) -> str:
    # Unit codes are letters and digits by validation; anything else is dropped rather than trusted.
    return f"nhan-su-{re.sub(r'[^0-9A-Za-z]', '', employer.unit_code)}-{today:%Y%m%d}.{extension}"


def _private(response):
    # Personal data: never kept by a shared cache or the browser's disk cache.
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
@second_factor_required
def staff_export_csv(request, employer_id):
    """The staff list with the query string's filters, as CSV (UTF-8 with BOM), streamed."""
    membership = employer_membership_get(user=request.user, employer_id=employer_id)
    filters, error = _filters_or_400(request)
    if error:
        return error
    today = timezone.localdate()
    # Headers and labels are translated now, in the request's language, not later while streaming.
    rows = _export_rows(user=request.user, employer=membership.employer, filters=filters, today=today)
    response = StreamingHttpResponse(
        _csv_chunks(rows, _headers(), _card_status_labels()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(membership.employer, today, "csv")}"'
    return _private(response)


def _xlsx_cells(sheet, row: StaffRow, statuses: dict[str, str]) -> list:
    def text(value: str):
        # Typed as a string so that a value starting with "=" is never stored as a formula, and
        # characters XML cannot hold are dropped rather than failing the whole export.
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell

    def date(value: datetime.date | None, number_format: str):
        cell = WriteOnlyCell(sheet, value=value)
        if value is not None:
            cell.number_format = number_format
        return cell

    return [
        text(row.name),
        text(row.social_insurance_number),  # text: the leading zero stays
        text(row.job_title),
        date(row.start_date, "dd/mm/yyyy"),
        date(row.end_date, "dd/mm/yyyy"),
        text(statuses[row.card_status] if row.card_status else ""),
        date(row.card_valid_to, "dd/mm/yyyy"),
        date(row.last_paid, "mm/yyyy"),
        WriteOnlyCell(sheet, value=row.months_unpaid),
    ]


def staff_xlsx_write(file, rows: Iterator[StaffRow], *, headers: list[str], statuses: dict[str, str]) -> None:
    """Write the rows as an XLSX workbook to `file`, one row at a time (openpyxl write-only mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Staff")[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(_COLUMN_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(_xlsx_cells(sheet, row, statuses))
    workbook.save(file)


@require_GET
@second_factor_required
def staff_export_xlsx(request, employer_id):
    """The staff list with the query string's filters, as an XLSX workbook with real dates."""
    membership = employer_membership_get(user=request.user, employer_id=employer_id)
    filters, error = _filters_or_400(request)
    if error:
        return error
    today = timezone.localdate()
    rows = _export_rows(user=request.user, employer=membership.employer, filters=filters, today=today)
    # An anonymous file: unlinked at once on POSIX, gone for good when FileResponse closes it.
    file = tempfile.TemporaryFile(prefix="staff-export-", suffix=".xlsx")
    try:
        staff_xlsx_write(file, rows, headers=_headers(), statuses=_card_status_labels())
        file.seek(0)
    except BaseException:
        file.close()
        raise
    response = FileResponse(
        file,
        as_attachment=True,
        filename=_file_name(membership.employer, today, "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )
    return _private(response)


urlpatterns = [
    path("employer/<uuid:employer_id>/export.csv", staff_export_csv, name="employer-staff-export-csv"),
    path("employer/<uuid:employer_id>/export.xlsx", staff_export_xlsx, name="employer-staff-export-xlsx"),
]
