"""The citizen's visits: every check-in recorded with their card, and "this wasn't me"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from checkin.models import CheckIn
from participants import services as participant_services
from participants.views import carer_grantor_or_404, citizen_or_404

from . import services


@login_required
@require_GET
def visit_list(request):
    participant = citizen_or_404(request)
    visits = services.checkin_list_for_participant(participant=participant)
    return render(request, "participants/visits.html", {"visits": visits})


@login_required
@require_POST
def visit_flag(request, checkin_id):
    """Report a check-in the person did not make; only their own check-ins can be reported (else 404)."""
    participant = citizen_or_404(request)
    try:
        services.checkin_flag(participant=participant, checkin_id=checkin_id, note=request.POST.get("note", ""))
    except CheckIn.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("Thank you. We have marked this check-in for review and will contact you."))
    return redirect("visits")


@login_required
@require_GET
def carer_visit_list(request, public_id):
    """The visits of someone who shares them with the carer, read-only (no "this wasn't me"); logged for them."""
    grantor = carer_grantor_or_404(request, public_id)
    visits = services.checkin_list_for_participant(participant=grantor)
    participant_services.carer_view_log(carer_user=request.user, grantor=grantor)
    return render(
        request, "participants/carer_visits.html", {"grantor": grantor, "visits": visits, "public_id": public_id}
    )


urlpatterns = [
    path("visits/", visit_list, name="visits"),
    path("visits/<uuid:checkin_id>/not-me/", visit_flag, name="visit-flag"),
    path("care/<uuid:public_id>/visits/", carer_visit_list, name="carer-visits"),
]
