"""Employer API: the staff list (same filters, cursor pages) and a month's contributions and arrears.

Token auth for employer users (the token was issued only with a valid second-factor code); a session
must have passed the second step. The employer is `?employer=<uuid>`, optional with one membership.
"""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.twofactor.decorators import SecondFactorVerified
from benefits.selectors import parameter_set_get
from participants.api.schema import MonthField, QuerySerializer, page_of

from . import access, selectors
from .forms import SORT_CHOICES


class EmployerQuerySerializer(QuerySerializer):
    employer = serializers.UUIDField(
        required=False, help_text=gettext_lazy("Optional for an account that acts for one employer.")
    )


def _membership(request, employer_id):
    if employer_id:
        try:
            return access.employer_membership_get(user=request.user, employer_id=employer_id)
        except (Http404, ValueError, DjangoValidationError) as error:  # not a member
            raise NotFound(_("No employer with this id is open to your account.")) from error
    memberships = access.employer_memberships_for_user(request.user)
    if len(memberships) == 1:
        return memberships[0]
    if not memberships:
        raise NotFound(_("This account does not act for any employer."))
    raise ValidationError({"employer": [_("This account acts for several employers: say which one.")]})


class StaffRowSerializer(serializers.Serializer):
    employment_id = serializers.UUIDField()
    name = serializers.CharField()
    social_insurance_number = serializers.CharField()
    job_title = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    card_status = serializers.CharField(allow_null=True)
    card_valid_to = serializers.DateField(allow_null=True)
    last_paid = MonthField(allow_null=True)
    months_unpaid = serializers.IntegerField()


class StaffQuerySerializer(EmployerQuerySerializer):
    tab = serializers.ChoiceField(choices=["current", "left"], required=False)
    q = serializers.CharField(required=False, allow_blank=True, max_length=120)
    expiring = serializers.BooleanField(required=False)
    uncovered = serializers.BooleanField(required=False)
    arrears = serializers.BooleanField(required=False)
    sort = serializers.ChoiceField(choices=[value for value, _label in SORT_CHOICES], required=False)
    cursor = serializers.CharField(
        required=False, max_length=500, help_text=gettext_lazy("The `next` link's, as it is.")
    )


class EmployerStaffListApi(APIView):
    """`?tab=current|left&q=&expiring=1&uncovered=1&arrears=1&sort=&cursor=`; 50 a page, `next` is a URL."""

    permission_classes = [IsAuthenticated, SecondFactorVerified]

    @extend_schema(
        parameters=[StaffQuerySerializer],
        responses={200: page_of(StaffRowSerializer, previous=False)},
    )
    def get(self, request):
        params = StaffQuerySerializer.read(request)
        membership = _membership(request, params.get("employer"))
        filters = selectors.StaffFilters(
            tab=params.get("tab") or "current",
            q=params.get("q") or "",
            expiring=params.get("expiring", False),
            uncovered=params.get("uncovered", False),
            arrears=params.get("arrears", False),
            sort=params.get("sort") or "name",
        )
        try:
            page = selectors.staff_page_get(
                employer=membership.employer, filters=filters, today=timezone.localdate(), cursor=params.get("cursor")
            )
        except selectors.InvalidCursor:
            # As DRF's own cursor pages: a cursor we did not give for these filters points at no page.
            raise NotFound(_("This cursor is not valid for these filters.")) from None
        next_url = None
        if page.next_cursor:
            query = request.query_params.copy()
            query["cursor"] = page.next_cursor
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        return Response(
            {"count": page.total, "next": next_url, "results": StaffRowSerializer(page.rows, many=True).data}
        )


class FundSerializer(serializers.Serializer):
    fund = serializers.CharField()
    due = serializers.IntegerField()
    paid = serializers.IntegerField()
    owed = serializers.IntegerField()


class OwedMonthSerializer(serializers.Serializer):
    month = MonthField()
    employees = serializers.IntegerField()
    amount = serializers.IntegerField()
    deadline = serializers.DateField()
    days_late = serializers.IntegerField()
    interest = serializers.IntegerField()


class EmployerContributionsSerializer(serializers.Serializer):
    month = MonthField()
    employees = serializers.IntegerField()
    funds = FundSerializer(many=True)
    owed_months = OwedMonthSerializer(many=True)
    total_owed = serializers.IntegerField()
    total_interest = serializers.IntegerField()
    interest_parameters = serializers.ListField(child=serializers.CharField(), source="interest_versions")


class EmployerContributionsQuerySerializer(EmployerQuerySerializer):
    month = MonthField(required=False, help_text=gettext_lazy("Last month when left out."))


class EmployerContributionsApi(APIView):
    """`?month=YYYY-MM` (default last month): due vs paid by fund, and every month owed with interest."""

    permission_classes = [IsAuthenticated, SecondFactorVerified]

    @extend_schema(
        parameters=[EmployerContributionsQuerySerializer],
        responses={200: EmployerContributionsSerializer},
    )
    def get(self, request):
        params = EmployerContributionsQuerySerializer.read(request)
        membership = _membership(request, params.get("employer"))
        today = timezone.localdate()
        month = params.get("month") or (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        data = selectors.employer_contributions_get(
            employer=membership.employer, month=month, today=today, params=parameter_set_get()
        )
        body = EmployerContributionsSerializer(data).data
        return Response({"employer": str(membership.employer.public_id), **body})
