"""The client's address, resolved one way everywhere, and the rate limits built on it.

django-axes (AXES_CLIENT_IP_CALLABLE), the DRF throttles (the classes below) and the page limits
(django-ratelimit, RATELIMIT_IP_META_KEY) all call `client_ip`. Behind PROXY_COUNT reverse proxies the
client is the address the outermost trusted proxy appended to X-Forwarded-For; anything further left was
written by the client and is ignored. With no proxy (PROXY_COUNT=0) the header is ignored entirely.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle


def client_ip(request) -> str:
    """The client's IP address (the peer address when the forwarded one is missing or malformed)."""
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 - a placeholder, never bound
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def axes_client_ip(request, credentials=None) -> str:
    return client_ip(request)


class _ClientIpMixin:
    def get_ident(self, request):
        return client_ip(request)


class AnonThrottle(_ClientIpMixin, AnonRateThrottle):
    pass


class UserThrottle(_ClientIpMixin, UserRateThrottle):
    pass


class ScopedThrottle(_ClientIpMixin, ScopedRateThrottle):
    pass


def limited(request, *, group: str, key: str, rate: str, increment: bool = True) -> bool:
    """Count this request against (group, key) and say whether it is over `rate` ("10/h", "20/10m").

    `key` is "ip" (client_ip), "user", or a value of the caller's (an ID number, an e-mail address):
    django-ratelimit keeps the counters in the cache, hashed.
    """
    if key in ("ip", "user"):
        return is_ratelimited(request, group=group, key=key, rate=rate, increment=increment)
    return is_ratelimited(request, group=group, key=lambda _group, _request: key, rate=rate, increment=increment)
