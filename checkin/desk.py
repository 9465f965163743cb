"""The clinic reception desk: scan, paste or type, see whether the card covers the visit, confirm.

Only users linked to a facility (ClinicStaff) who passed the second sign-in step get in; everyone else gets a
403. Results are shown in
place with htmx and the page works without JavaScript (the forms post and the page re-renders).
"""

import logging
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.twofactor.decorators import second_factor_required
from participants.ratelimit import limited

from . import services
from .reasons import reason_text, refusal_status

logger = logging.getLogger("checkin.misuse")

TEMPLATE = "participants/checkin_desk.html"
NOTHING_TYPED = gettext_lazy("Scan or paste a check-in code, or type the patient's ID number.")
TOO_FAST = gettext_lazy("Too many look-ups in a short time. Wait a minute and try again.")


def _too_fast(request, facility) -> bool:
    """The API's check-in rate, per staff user and per facility: 150 ID look-ups in 8 seconds was someone
    walking through ID numbers, not a reception desk. Every refusal is logged for the misuse review."""
    over_user = limited(
        request, group="desk-user", key=f"user:{request.user.pk}", rate=settings.CLINIC_DESK_RATE_PER_USER
    )
    over_facility = limited(
        request, group="desk-facility", key=f"facility:{facility.pk}", rate=settings.CLINIC_DESK_RATE_PER_FACILITY
    )
    if over_user or over_facility:
        logger.warning("desk rate limit reached: user %s facility %s", request.user.pk, facility.code)
        return True
    return False


def _facility_or_403(request):
    facility = services.clinic_facility_for_user(request.user)
    if facility is None:
        raise PermissionDenied
    return facility


def _inputs(request) -> tuple[str | None, str | None]:
    """The token or the ID number posted; the token wins when a form somehow sends both."""
    token = (request.POST.get("token") or "").strip() or None
    national_id = None if token else (request.POST.get("national_id") or "").strip() or None
    return token, national_id


def _render(request, facility, *, result=None, error=None, status=HTTPStatus.OK, posted=None):
    context = {
        "facility": facility,
        "result": result,
        "reason_text": reason_text(result.reason) if result else None,
        "error": error,
        "posted": posted or {},
    }
    template = f"{TEMPLATE}#result" if request.htmx else TEMPLATE
    return render(request, template, context, status=status)


@second_factor_required
@require_GET
def desk(request):
    return _render(request, _facility_or_403(request))


@second_factor_required
@require_POST
def desk_verify(request):
    """Check a code or an ID number; records nothing but an ID lookup in the access log."""
    facility = _facility_or_403(request)
    if _too_fast(request, facility):
        return _render(request, facility, error=TOO_FAST, status=HTTPStatus.TOO_MANY_REQUESTS)
    token, national_id = _inputs(request)
    if token is None and national_id is None:
        return _render(request, facility, error=NOTHING_TYPED, status=HTTPStatus.BAD_REQUEST)
    result = services.checkin_lookup(staff=request.user, facility=facility, token=token, national_id=national_id)
    status = HTTPStatus.OK if result.valid else refusal_status(result.reason)
    return _render(request, facility, result=result, status=status, posted={"token": token, "national_id": national_id})


@second_factor_required
@require_POST
def desk_confirm(request):
    """Record the visit. A code already used is refused with 409 and nothing is written."""
    facility = _facility_or_403(request)
    if _too_fast(request, facility):
        return _render(request, facility, error=TOO_FAST, status=HTTPStatus.TOO_MANY_REQUESTS)
    token, national_id = _inputs(request)
    if token is None and national_id is None:
        return _render(request, facility, error=NOTHING_TYPED, status=HTTPStatus.BAD_REQUEST)
    try:
        result = services.checkin_record(staff=request.user, facility=facility, token=token, national_id=national_id)
    except services.CheckinRefused as refused:
        return _render(request, facility, result=refused.result, status=refusal_status(refused.result.reason))
    return _render(request, facility, result=result, status=HTTPStatus.CREATED)


urlpatterns = [
    path("clinic/", desk, name="checkin-desk"),
    path("clinic/verify/", desk_verify, name="checkin-desk-verify"),
    path("clinic/confirm/", desk_confirm, name="checkin-desk-confirm"),
]
