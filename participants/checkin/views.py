"""GET /.well-known/jwks.json: the public keys that verify check-in tokens."""

from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

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


urlpatterns = [path(".well-known/jwks.json", jwks, name="jwks")]
