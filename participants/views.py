"""The citizen's own records: contributions and the CSV statement (the home page is bhxh_portal.views.home)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .forms import FamilyLinkForm, NationalIdBirthDateForm
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


@login_required
def family(request):
    """The parent's children under 16 (confirmed links) and the form to link one.

    The answer to a link request is the same whether or not the ID number exists, matches the birth date or
    belongs to a child: a request only becomes visible once an officer confirms it."""
    participant = citizen_or_404(request)
    form = FamilyLinkForm(request.POST or None)
    share_form = NationalIdBirthDateForm(prefix="share")
    if request.method == "POST" and form.is_valid():
        services.family_link_request(parent=participant, today=timezone.localdate(), **form.cleaned_data)
        messages.success(
            request,
            _(
                "Thank you. If these details match a child under 16 in our records, an officer will check that you"
                " are the parent; the child then appears here."
            ),
        )
        return redirect("family")
    return _family_page(request, participant, form, share_form)


def _family_page(request, participant, form, share_form):
    context = {
        "form": form,
        "share_form": share_form,
        "links": selectors.family_children_list(parent=participant, today=timezone.localdate()),
        "given": selectors.carer_grants_given(grantor=participant),
        "received": selectors.carer_grants_received(carer=participant),
    }
    return render(request, "participants/family.html", context)


@login_required
@require_POST
def carer_share(request):
    """Share one's card and visits, read-only, with someone who has an account; the same answer whether or not
    the details match anyone."""
    participant = citizen_or_404(request)
    share_form = NationalIdBirthDateForm(request.POST, prefix="share")
    if share_form.is_valid():
        try:
            services.carer_grant_create(grantor=participant, today=timezone.localdate(), **share_form.cleaned_data)
        except ValidationError as error:
            share_form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "If these details match a person with an account, they can now see your card and visits."
                    " You can stop sharing at any time."
                ),
            )
            return redirect("family")
    return _family_page(request, participant, FamilyLinkForm(), share_form)


@login_required
@require_POST
def carer_revoke(request, public_id):
    """Stop sharing (one's own grants only; any other id is 404)."""
    participant = citizen_or_404(request)
    if not services.carer_grant_revoke(grantor=participant, public_id=public_id):
        raise Http404
    messages.success(request, _("You have stopped sharing your card."))
    return redirect("family")


def carer_grantor_or_404(request, public_id):
    """The person who shares with the signed-in carer through this active grant; 404 for anything else."""
    grantor = selectors.carer_grantor_get(carer=citizen_or_404(request), public_id=public_id)
    if grantor is None:
        raise Http404
    return grantor


@login_required
@require_GET
def carer_card(request, public_id):
    """The card of someone who shares it with the carer, read-only; written to their access log."""
    grantor = carer_grantor_or_404(request, public_id)
    coverage = selectors.coverage_get(participant=grantor, today=timezone.localdate())
    services.carer_view_log(carer_user=request.user, grantor=grantor)
    return render(
        request, "participants/carer_card.html", {"grantor": grantor, "coverage": coverage, "public_id": public_id}
    )


def family_child_or_404(request, public_id):
    """The child of the signed-in parent's confirmed link, under 16; 404 for anything else, alike."""
    participant = citizen_or_404(request)
    child = selectors.family_child_get(parent=participant, public_id=public_id, today=timezone.localdate())
    if child is None:
        raise Http404
    return child


@login_required
def family_child(request, public_id):
    """A child's health-insurance card, for the parent; the look is written to the child's access log."""
    child = family_child_or_404(request, public_id)
    coverage = selectors.coverage_get(participant=child, today=timezone.localdate())
    services.family_child_view_log(parent_user=request.user, child=child)
    return render(
        request, "participants/family_child.html", {"child": child, "coverage": coverage, "public_id": public_id}
    )
