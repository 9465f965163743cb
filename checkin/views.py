"""The citizen's check-in page (/checkin/, the QR for the clinic counter) and GET /.well-known/jwks.json,
the public keys that verify check-in tokens."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from participants.views import citizen_or_404

from . import keys as checkin_keys
from . import services as checkin_services
from .keys import jwks_published

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
def checkin(request):
    """The check-in QR for the clinic counter; htmx swaps in a fresh one before it expires."""
    participant = citizen_or_404(request)
    issued = checkin_services.checkin_token_issue(participant=participant)
    context = {"participant": participant, "issued": issued is not None}
    if issued:
        token, expires_at = issued
        lifetime = int(checkin_keys.token_lifetime().total_seconds())
        context.update(
            qr=mark_safe(checkin_services.qr_svg(token)),  # noqa: S308 - SVG drawn by qrcode from our own token
            expires_at=expires_at,
            refresh_seconds=max(lifetime - 60, 30),
        )
    template = "participants/checkin.html#qr" if request.htmx else "participants/checkin.html"
    return render(request, template, context)


urlpatterns = [
    path(".well-known/jwks.json", jwks, name="jwks"),
    path("checkin/", checkin, name="checkin"),
]
