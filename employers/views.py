"""Employer portal pages. Every view: signed in, second step passed, and a member of THIS employer."""

import datetime
from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.twofactor.decorators import second_factor_required
from benefits.selectors import parameter_set_get
from participants.models import PersonalDataAccess

from . import access, selectors, services, team
from .forms import StaffFilterForm


def _membership(request, employer_id):
    return access.employer_membership_get(user=request.user, employer_id=employer_id)


@second_factor_required
@require_GET
def employer_home(request):
    """One employer: straight to its staff; several: pick one; none: this is not an employer account."""
    memberships = access.employer_memberships_for_user(request.user)
    if not memberships:
        raise Http404
    if len(memberships) == 1:
        return redirect("employer-staff", employer_id=memberships[0].employer.public_id)
    return render(request, "employer/choose.html", {"memberships": memberships})


@second_factor_required
@require_GET
def staff_list(request, employer_id):
    """Staff with card and contribution status; search, filters, sort; keyset pages; htmx in place."""
    membership = _membership(request, employer_id)
    employer = membership.employer
    data = request.GET.copy()
    data.setdefault("tab", "current")  # so that the "employed now" choice shows as chosen
    form = StaffFilterForm(data)
    context = {"membership": membership, "employer": employer, "form": form}
    status = HTTPStatus.OK
    if form.is_valid():
        filters = form.filters()
        try:
            page = selectors.staff_page_get(
                employer=employer, filters=filters, today=timezone.localdate(), cursor=request.GET.get("cursor")
            )
        except selectors.InvalidCursor:
            context["error"] = _("This page link is no longer valid. Start again from the first page.")
            status = HTTPStatus.BAD_REQUEST
        else:
            query = request.GET.copy()
            query.pop("cursor", None)
            context.update(page=page, filters=filters, query=query.urlencode())
            if not request.GET.get("cursor") and not request.htmx:
                # The summary heads the first page only; following pages and in-place updates skip it.
                context["counts"] = selectors.staff_counts_get(employer=employer, today=timezone.localdate())
            if page.next_cursor:
                query["cursor"] = page.next_cursor
                context["next_query"] = query.urlencode()
    else:
        status = HTTPStatus.BAD_REQUEST
    context["owed_months"] = selectors.employer_owed_months_count(employer=employer)
    template = "employer/staff.html#results" if request.htmx else "employer/staff.html"
    return render(request, template, context, status=status)


@second_factor_required
@require_GET
def staff_record(request, employer_id, employment_id):
    """One person's coverage and contributions with this employer; the view is written to their access log."""
    membership = _membership(request, employer_id)
    record = selectors.staff_record_get(
        employer=membership.employer, employment_id=employment_id, today=timezone.localdate()
    )
    if record is None:
        raise Http404
    services.data_access_record(
        user=request.user,
        employer=membership.employer,
        participant_ids=[record.employment.participant_id],
        purpose=PersonalDataAccess.Purpose.EMPLOYER_RECORD_VIEW,
    )
    return render(
        request,
        "employer/staff_record.html",
        {"membership": membership, "employer": membership.employer, "record": record},
    )


def _month_param(value: str | None, today: datetime.date) -> datetime.date | None:
    if not value:
        first = today.replace(day=1)
        return (first - datetime.timedelta(days=1)).replace(day=1)  # last month
    try:
        month = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None
    return month if datetime.date(1995, 1, 1) <= month <= today else None


@second_factor_required
@require_GET
def contributions(request, employer_id):
    """Due vs paid by fund for a month, and every month owed with the late-payment interest."""
    membership = _membership(request, employer_id)
    today = timezone.localdate()
    month = _month_param(request.GET.get("month"), today)
    context = {"membership": membership, "employer": membership.employer}
    if month is None:
        context["error"] = _("Choose a month between 01/1995 and this month.")
        return render(request, "employer/contributions.html", context, status=HTTPStatus.BAD_REQUEST)
    context["data"] = selectors.employer_contributions_get(
        employer=membership.employer, month=month, today=today, params=parameter_set_get()
    )
    return render(request, "employer/contributions.html", context)


@second_factor_required
def team_page(request, employer_id):
    """The owner invites HR viewers by e-mail and removes them; HR viewers see who has access."""
    membership = _membership(request, employer_id)
    form = team.InviteForm(request.POST or None)
    status = HTTPStatus.OK
    if request.method == "POST":
        if not access.is_owner(membership):
            return render(request, "403.html", status=HTTPStatus.FORBIDDEN)
        if form.is_valid():
            try:
                team.member_invite(request=request, employer=membership.employer, email=form.cleaned_data["email"])
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(request, _("Invitation sent. The person sets a password from the link in the e-mail."))
                return redirect("employer-team", employer_id=employer_id)
        status = HTTPStatus.BAD_REQUEST
    members = team.member_list(employer=membership.employer)
    context = {"membership": membership, "employer": membership.employer, "form": form, "members": members}
    return render(request, "employer/team.html", context, status=status)


@second_factor_required
@require_POST
def team_remove(request, employer_id, user_id):
    membership = _membership(request, employer_id)
    if not access.is_owner(membership):
        return render(request, "403.html", status=HTTPStatus.FORBIDDEN)
    if not team.member_remove(employer=membership.employer, user_public_id=user_id, by=request.user):
        raise Http404
    messages.success(request, _("Access removed."))
    return redirect("employer-team", employer_id=employer_id)
