"""The dashboard page (the admin's index) and the CSV of each of its tables; the figures come from
bhxh_portal.dashboard. The admin site wraps both in its access rule (staff who passed the second step)."""

from __future__ import annotations

import csv
import datetime

from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from benefits.formatting import format_date, format_month
from coverage_stats.rules import SCHEMES
from participants.models import Province
from participants.scope import officer_province_codes
from participants.statements import spreadsheet_text

from . import dashboard
from .trend_chart import trend_chart


def scheme_labels() -> dict[str, str]:
    return {"hi": _("Health insurance"), "si": _("Social insurance"), "ui": _("Unemployment insurance")}


def chosen_month(request, months: list[datetime.date]) -> datetime.date | None:
    """`?month=YYYY-MM` when it is one of the computed months, else the latest complete one."""
    wanted = request.GET.get("month", "")
    for month in months:
        if month.strftime("%Y-%m") == wanted:
            return month
    return months[0] if months else None


def dashboard_context(request) -> dict:
    """Every panel, limited to the provinces of a provincial officer (participants.scope)."""
    province_codes = officer_province_codes(request.user)
    today = timezone.localdate()
    months = dashboard.dashboard_months(province_codes=province_codes, today=today)
    month = chosen_month(request, months)
    labels = scheme_labels()
    context = {
        "months": months,
        "month": month,
        # A provincial officer is told whose figures these are (1 query, officers only).
        "scope": list(Province.objects.filter(code__in=province_codes).values_list("name", flat=True))
        if province_codes is not None
        else None,
        "scheme_labels": labels,
        "arrears": dashboard.employers_in_arrears_get(today=today, province_codes=province_codes),
        "arrears_count": dashboard.employers_in_arrears_count(province_codes=province_codes),
        "misuse": dashboard.misuse_queue_get(province_codes=province_codes),
        "deliveries": dashboard.failed_deliveries_get(province_codes=province_codes),
    }
    if month is not None:
        overview = dashboard.coverage_overview_get(month=month, province_codes=province_codes)
        behind = dashboard.provinces_behind_get(month=month, province_codes=province_codes)
        trend = dashboard.coverage_trend_get(until=month, province_codes=province_codes)
        chart = trend_chart(
            {s: [t.rates[s] for t in trend] for s in SCHEMES}, [format_month(t.month) for t in trend], labels
        )
        context |= {
            "overview": [(s, labels[s], overview.figures[s]) for s in SCHEMES] if overview else [],
            "behind": [(s, labels[s], behind[s]) for s in SCHEMES],
            "trend": trend,
            "chart": chart,
        }
    return context


# --- CSV ---


class _Line:
    def write(self, value: str) -> str:
        return value


def _csv(name: str, header: list[str], rows) -> StreamingHttpResponse:
    writer = csv.writer(_Line())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([spreadsheet_text(str(v)) if isinstance(v, str) else v for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def _rate(value) -> str:
    return "" if value is None else str(value)


def dashboard_csv(request, table: str):
    province_codes = officer_province_codes(request.user)
    today = timezone.localdate()
    labels = scheme_labels()
    months = dashboard.dashboard_months(province_codes=province_codes, today=today)
    month = chosen_month(request, months)
    stamp = month.strftime("%Y-%m") if month else today.isoformat()
    if table in {"coverage", "behind", "trend"} and month is None:
        raise Http404
    if table == "coverage":
        overview = dashboard.coverage_overview_get(month=month, province_codes=province_codes)
        header = [
            _("Scheme"),
            _("Covered"),
            _("Base"),
            _("Rate (%)"),
            _("Target (%)"),
            _("Gap (people)"),
            _("Change in a year (people)"),
            _("Change in a year (points)"),
        ]
        rows = (
            [
                [
                    labels[s],
                    f.covered,
                    f.denominator,
                    _rate(f.rate),
                    _rate(f.target),
                    _rate(f.gap),
                    _rate(f.covered_change),
                    _rate(f.rate_change),
                ]
                for s, f in ((s, overview.figures[s]) for s in SCHEMES)
            ]
            if overview
            else []
        )
        return _csv(f"coverage-{stamp}", header, rows)
    if table == "behind":
        behind = dashboard.provinces_behind_get(month=month, province_codes=province_codes, limit=None)
        header = [_("Scheme"), _("Province code"), _("Province"), _("Rate (%)"), _("Target (%)"), _("Gap (people)")]
        rows = [
            [labels[s], p.code, p.name, _rate(p.figure.rate), _rate(p.figure.target), p.figure.gap]
            for s in SCHEMES
            for p in behind[s]
        ]
        return _csv(f"provinces-behind-{stamp}", header, rows)
    if table == "trend":
        trend = dashboard.coverage_trend_get(until=month, province_codes=province_codes)
        header = [_("Month"), *(f"{labels[s]} (%)" for s in SCHEMES)]
        rows = [[format_month(t.month), *(_rate(t.rates[s]) for s in SCHEMES)] for t in trend]
        return _csv(f"coverage-trend-{stamp}", header, rows)
    if table == "arrears":
        arrears = dashboard.employers_in_arrears_get(today=today, province_codes=province_codes, limit=None)
        header = [
            _("Employer"),
            _("Tax code"),
            _("Province"),
            _("Amount owed (VND)"),
            _("Months owed"),
            _("Late-payment interest (VND)"),
        ]
        rows = [[a.name, a.tax_code, a.province, a.amount, a.months, a.interest] for a in arrears]
        return _csv(f"employers-in-arrears-{today.isoformat()}", header, rows)
    if table == "deliveries":
        queue = dashboard.failed_deliveries_get(province_codes=province_codes, limit=None)
        header = [_("Updated"), _("Reminder"), _("Channel"), _("Attempts"), _("Last error")]
        rows = [
            [
                format_date(timezone.localtime(d.updated_at).date()),
                d.reminder.get_kind_display(),
                d.get_channel_display(),
                d.attempts,
                d.last_error,
            ]
            for d in queue.latest
        ]
        return _csv(f"failed-deliveries-{today.isoformat()}", header, rows)
    if table == "misuse":
        cases = dashboard.misuse_queue_get(province_codes=province_codes, limit=10_000).latest
        header = [_("Last signal"), _("Signal"), _("Facility"), _("Province"), _("Status")]
        rows = [
            [
                format_date(timezone.localtime(c.last_signal_at).date()),
                c.get_kind_display(),
                c.facility.name,
                c.facility.province.name,
                c.get_status_display(),
            ]
            for c in cases
        ]
        return _csv(f"misuse-cases-{today.isoformat()}", header, rows)
    raise Http404
