"""The citizen's check-in page (/checkin/, the QR for the clinic counter), a child's for the parent
(/family/<id>/checkin/), and GET /.well-known/jwks.json, the public keys that verify check-in tokens."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from participants import selectors as participant_selectors
from participants import services as participant_services
from participants.models import Participant
from participants.signals import records_changed
from participants.views import citizen_or_404, family_child_or_404

from . import services as checkin_services
from .keys import jwks_published

# The longest the QR page is kept whole in the page cache (bhxh_portal.page_cache).
KEEP_QR_PAGE_SECONDS = 60
# Verifiers may cache the set this long; one that meets an unknown `kid` fetches it again.
JWKS_MAX_AGE_SECONDS = 300


@require_GET
@cache_control(public=True, max_age=JWKS_MAX_AGE_SECONDS)
def jwks(request):
    response = JsonResponse(jwks_published(now=timezone.now()))
    response["Content-Type"] = "application/jwk-set+json"
    # Public keys only: any clinic's web page may fetch them.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request):
    """The check-in QR for the clinic counter; htmx swaps in a fresh one before it expires.

    GET shows the current code (signed again only when needed); POST ("Get a new code") signs a new one."""
    participant = citizen_or_404(request)
    coverage = participant_selectors.card_coverage_get(participant=participant, today=timezone.localdate())
    # A card that does not cover a visit today gets no code: the desk would refuse it (issue 17, item 1).
    code = None
    if coverage.covered:
        code = checkin_services.checkin_code_current(
            participant=participant, renew=request.method == "POST", card=coverage.card
        )
    if request.method == "POST":
        # The page kept in the page cache shows the old code.
        records_changed.send(sender=Participant, pks=[participant.pk])
        return redirect("checkin")
    context = {"participant": participant, "issued": code is not None, "code": code, "coverage": coverage}
    keep = None
    if code:
        remaining = int((code.expires_at - timezone.now()).total_seconds())
        # The page may be kept (bhxh_portal.page_cache) while the code is still the one this view would show
        # (CODE_REUSE_MIN_REMAINING), and for at most KEEP_QR_PAGE_SECONDS: its refresh timer is shortened by
        # that much, so a page served late still swaps in a new code a minute before this one expires.
        reuse_left = remaining - int(checkin_services.CODE_REUSE_MIN_REMAINING.total_seconds())
        keep = max(0, min(KEEP_QR_PAGE_SECONDS, reuse_left))
        context["refresh_seconds"] = max(remaining - 60 - keep, 30)
    template = "participants/checkin.html#qr" if request.htmx else "participants/checkin.html"
    response = render(request, template, context)
    if keep is not None:
        response.page_cache_seconds = keep
    return response


@login_required
def family_checkin(request, public_id):
    """A child's check-in QR, for the parent (a confirmed link, the child under 16); written to the child's log."""
    child = family_child_or_404(request, public_id)
    code = checkin_services.checkin_code_current(participant=child)
    participant_services.family_child_view_log(parent_user=request.user, child=child)
    return render(request, "participants/family_checkin.html", {"child": child, "code": code, "public_id": public_id})


urlpatterns = [
    path(".well-known/jwks.json", jwks, name="jwks"),
    path("checkin/", checkin, name="checkin"),
    path("family/<uuid:public_id>/checkin/", family_checkin, name="family-checkin"),
]
