from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from .. import selectors, services
from ..checkin import services as checkin_services
from ..twofactor import services as twofactor_services
from .serializers import (
    AuthTokenRequestSerializer,
    AuthTokenResponseSerializer,
    CheckinTokenSerializer,
    ContributionSerializer,
    CoverageSerializer,
    MeSerializer,
)


class AuthTokenCreateApi(APIView):
    """Exchange a username (or ID number) and password for a bearer token; employer accounts add `otp`."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
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
        token = services.auth_token_get_or_create(user=user)
        return Response({"token": token.key})

    @staticmethod
    def _second_factor_check(http_request, user, username: str, data: dict) -> None:
        """Employer accounts get a token only with a valid code; a wrong one counts as a failed sign-in."""
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


class MeApi(APIView):
    """The signed-in account and, for a citizen, their participant profile."""

    @extend_schema(responses={200: MeSerializer})
    def get(self, request):
        participant = selectors.participant_get_for_user(user=request.user)
        me = {"username": request.user.get_username(), "role": request.user.role, "participant": participant}
        return Response(MeSerializer(me).data)


def _participant_or_404(request):
    participant = selectors.participant_get_for_user(user=request.user, with_current_card=False)
    if participant is None:
        raise NotFound(_("There is no participant record for this account."))
    return participant


class MeCoverageApi(APIView):
    """The citizen's current health-insurance card with its status, current jobs and employer arrears."""

    @extend_schema(responses={200: CoverageSerializer})
    def get(self, request):
        coverage = selectors.coverage_get(participant=_participant_or_404(request), today=timezone.localdate())
        return Response(CoverageSerializer(coverage).data)


class ContributionPagination(PageNumberPagination):
    page_size = 24
    max_page_size = 120
    page_size_query_param = "page_size"


class MeContributionListApi(APIView):
    """The citizen's contribution records, newest first; `?year=` keeps one year."""

    @extend_schema(
        parameters=[OpenApiParameter("year", int), OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={200: ContributionSerializer(many=True)},
    )
    def get(self, request):
        participant = _participant_or_404(request)
        year = request.query_params.get("year")
        if year is not None and not (year.isdigit() and 1900 <= int(year) <= 2200):
            raise ValidationError({"year": [_("Enter a year such as 2026.")]})
        if year:
            records = selectors.contribution_list_for_year(participant=participant, year=int(year))
        else:
            records = selectors.contribution_list_for_participant_records(participant=participant)
        paginator = ContributionPagination()
        page = paginator.paginate_queryset(records, request, view=self)
        return paginator.get_paginated_response(ContributionSerializer(page, many=True).data)


class MeCheckinTokenApi(APIView):
    """A fresh signed check-in token for the citizen's current card (see docs/checkin-token.md)."""

    @extend_schema(responses={200: CheckinTokenSerializer})
    def get(self, request):
        issued = checkin_services.checkin_token_issue(participant=_participant_or_404(request))
        if issued is None:
            raise NotFound(_("There is no current health insurance card for this account."))
        token, expires_at = issued
        return Response(CheckinTokenSerializer({"token": token, "expires_at": expires_at}).data)
