"""The citizen's own records: contributions and the CSV statement (the home page is bhxh_portal.views.home)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from . import selectors
from .statements import statement_csv_lines


def citizen_or_404(request):
    """The signed-in citizen's participant record; 404 for any other account."""
    participant = selectors.participant_get_for_user(user=request.user, with_current_card=False)
    if participant is None:
        raise Http404
    return participant


@login_required
def contributions(request):
    """Year-by-year summary; a year opens to its months (htmx in place, or ?year= without JS)."""
    participant = citizen_or_404(request)
    summary = selectors.contribution_summary_get(participant=participant)
    periods = selectors.contribution_periods_get(participant=participant)
    open_year = _year_param(request.GET.get("year"))
    months = selectors.contribution_months_for_year(participant=participant, year=open_year) if open_year else None
    return render(
        request,
        "participants/contributions.html",
        {"participant": participant, "summary": summary, "periods": periods, "open_year": open_year, "months": months},
    )


@login_required
def contribution_year(request, year: int):
    """The months of one year: an htmx fragment, or the whole page opened at that year."""
    participant = citizen_or_404(request)
    if _year_param(str(year)) is None:
        raise Http404
    months = selectors.contribution_months_for_year(participant=participant, year=year)
    if request.htmx:
        return render(request, "participants/contributions.html#year-months", {"months": months, "year": year})
    return redirect(f"{reverse('contributions')}?year={year}#year-{year}")


def _year_param(value: str | None) -> int | None:
    if value and value.isdigit() and 1900 <= int(value) <= 2200:
        return int(value)
    return None


@login_required
def contribution_statement(request):
    """The participant's whole contribution record as CSV (UTF-8 with BOM so Excel shows Vietnamese)."""
    participant = citizen_or_404(request)
    rows = selectors.contribution_list_for_participant(participant=participant)
    response = StreamingHttpResponse(statement_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="bhxh-statement.csv"'
    return response
