"""The monthly statement download (Law 41/2024 Art. 10(1)(c): the right to contribution information)."""

import csv
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from .enums import ContributionStatus, Scheme

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection): an employer
# name or job title typed as "=HYPERLINK(…)" must show as text, so it is prefixed with an apostrophe (OWASP
# advice). Used by this statement and by the employer exports.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """`value` as a spreadsheet shows it as text, never runs it."""
    return "'" + value if value.startswith(FORMULA_START) else value


class _Line:
    """csv.writer writes into this and hands back the line it wrote."""

    def write(self, value: str) -> str:
        return value


def statement_csv_lines(rows: Iterable[tuple]) -> Iterator[str]:
    """CSV lines, header first, starting with a BOM so Excel reads the Vietnamese correctly."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(
        [
            _("Month"),
            _("Scheme"),
            _("Employer"),
            _("Salary basis (VND)"),
            _("Retirement and survivorship (VND)"),
            _("Sickness and maternity (VND)"),
            _("Occupational accident and disease (VND)"),
            _("Health insurance (VND)"),
            _("Unemployment insurance (VND)"),
            _("Employee's share (VND)"),
            _("Employer's share (VND)"),
            _("Status"),
            _("Paid on"),
        ]
    )
    schemes = dict(Scheme.choices)
    statuses = dict(ContributionStatus.choices)
    for month, scheme, employer, salary, *funds, employee, status, paid_on in rows:
        yield writer.writerow(
            [
                f"{month.month:02d}/{month.year}",
                schemes.get(scheme, scheme),
                spreadsheet_text(employer or ""),
                salary,
                *funds,
                employee,
                sum(funds) - employee,
                statuses.get(status, status),
                paid_on.strftime("%d/%m/%Y") if paid_on else "",
            ]
        )
