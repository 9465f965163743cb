from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors
from .schema import PageQuerySerializer, QuerySerializer, page_of
from .serializers import ContributionSerializer, CoverageSerializer, MeSerializer


class MeApi(APIView):
    """The signed-in account and, for a citizen, their participant profile."""

    @extend_schema(responses={200: MeSerializer})
    def get(self, request):
        QuerySerializer.read(request)
        participant = selectors.participant_get_for_user(user=request.user)
        me = {"username": request.user.get_username(), "role": request.user.role, "participant": participant}
        return Response(MeSerializer(me).data)


def participant_or_404(request):
    participant = selectors.participant_get_for_user(user=request.user, with_current_card=False)
    if participant is None:
        raise NotFound(_("There is no participant record for this account."))
    return participant


class MeCoverageApi(APIView):
    """The citizen's current health-insurance card with its status, current jobs and employer arrears."""

    @extend_schema(responses={200: CoverageSerializer})
    def get(self, request):
        QuerySerializer.read(request)
        coverage = selectors.coverage_get(participant=participant_or_404(request), today=timezone.localdate())
        return Response(CoverageSerializer(coverage).data)


class ContributionPagination(PageNumberPagination):
    page_size = 24
    max_page_size = 120
    page_size_query_param = "page_size"


class ContributionQuerySerializer(PageQuerySerializer):
    MAX_PAGE_SIZE = ContributionPagination.max_page_size

    year = serializers.IntegerField(
        required=False,
        min_value=1900,
        max_value=2200,
        error_messages={
            key: gettext_lazy("Enter a year such as 2026.") for key in ("invalid", "min_value", "max_value")
        },
    )


class MeContributionListApi(APIView):
    """The citizen's contribution records, newest first; `?year=` keeps one year."""

    @extend_schema(
        parameters=[ContributionQuerySerializer],
        responses={200: page_of(ContributionSerializer)},
    )
    def get(self, request):
        year = ContributionQuerySerializer.read(request).get("year")
        participant = participant_or_404(request)
        if year:
            records = selectors.contribution_list_for_year(participant=participant, year=year)
        else:
            records = selectors.contribution_list_for_participant_records(participant=participant)
        paginator = ContributionPagination()
        page = paginator.paginate_queryset(records, request, view=self)
        return paginator.get_paginated_response(ContributionSerializer(page, many=True).data)
