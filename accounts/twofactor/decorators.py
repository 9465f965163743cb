"""Guards for employer pages and API views: the account must have passed the second sign-in step."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication
from rest_framework.permissions import BasePermission

from .services import user_requires_second_factor


def is_second_factor_satisfied(request) -> bool:
    """True when the user needs no second step, or this session has passed it (django-otp's middleware)."""
    user = request.user
    if not user.is_authenticated:
        return False
    if not user_requires_second_factor(user):
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def second_factor_required(view):
    """Like login_required, and an employer account that has not passed the second step is sent to it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_second_factor_satisfied(request):
            return redirect_to_login(request.get_full_path(), login_url="otp")
        return view(request, *args, **kwargs)

    return wrapper


class SecondFactorRequiredMixin:
    """second_factor_required for class-based views."""

    @classmethod
    def as_view(cls, **initkwargs):
        return second_factor_required(super().as_view(**initkwargs))


class SecondFactorVerified(BasePermission):
    """DRF permission: 403 for a session that skipped the second step. A bearer token is accepted
    because POST /api/v1/auth/token/ hands one to an employer account only with a valid code."""

    message = _("This account needs the second sign-in step. Enter the code from your authenticator app first.")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if isinstance(request.successful_authenticator, TokenAuthentication):
            return True
        return is_second_factor_satisfied(request._request)
