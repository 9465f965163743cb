"""POST /api/v1/auth/token/: a bearer token for a username (or ID number) and password, plus a code for every
account but a citizen's."""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from participants.ratelimit import ScopedThrottle

from .. import services
from ..twofactor import services as twofactor_services
from .serializers import AuthTokenRequestSerializer, AuthTokenResponseSerializer


class AuthTokenCreateApi(APIView):
    """Exchange a username (or ID number) and password for a bearer token; employer, clinic and staff accounts add `otp`.

    Each call makes a new token (stored hashed: this response is the only time it is shown) that expires
    after API_TOKEN_HOURS_STAFF hours, or API_TOKEN_DAYS_CITIZEN days for a citizen."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "auth_token"

    @extend_schema(request=AuthTokenRequestSerializer, responses={200: AuthTokenResponseSerializer})
    def post(self, request):
        serializer = AuthTokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # django-axes marks the underlying HttpRequest when the (username, IP) pair is locked out.
        http_request = request._request
        credentials = {k: serializer.validated_data[k] for k in ("username", "password")}
        user = authenticate(http_request, **credentials)
        if getattr(http_request, "axes_locked_out", False):
            return Response(
                {"detail": _("Too many failed sign-in attempts. Try again in a few minutes."), "code": "locked_out"},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None:
            return Response(
                {"detail": _("The sign-in details are not correct."), "code": "invalid_credentials"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if twofactor_services.user_requires_second_factor(user):
            self._second_factor_check(http_request, user, credentials["username"], serializer.validated_data)
        instance, token = services.auth_token_create(user=user)
        return Response({"token": token, "expires_at": instance.expiry})

    @staticmethod
    def _second_factor_check(http_request, user, username: str, data: dict) -> None:
        """Employer, clinic and staff accounts get a token only with a valid code; a wrong one counts as a failed
        sign-in."""
        code = data.get("otp", "").strip()
        if not code:
            message = _(
                "A code is required for this account: send the 6-digit code from your authenticator app as otp."
            )
            raise ValidationError({"otp": [message]})
        try:
            twofactor_services.second_factor_verify(user=user, code=code)
        except DjangoValidationError as error:
            if error.code != "not_enrolled":
                user_login_failed.send(sender=__name__, credentials={"username": username}, request=http_request)
            raise ValidationError({"otp": error.messages}) from error
