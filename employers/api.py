"""Employer API: the staff list (same filters, cursor pages) and a month's contributions and arrears.

Token auth for employer users (the token was issued only with a valid second-factor code); a session
must have passed the second step. The employer is `?employer=<uuid>`, optional with one membership.
"""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.twofactor.decorators import SecondFactorVerified
from benefits.selectors import parameter_set_get
from participants.api.schema import MonthField, page_of

from . import access, selectors
from .forms import StaffFilterForm


def _membership(request):
    employer_id = request.query_params.get("employer")
    if employer_id:
        try:
            return access.employer_membership_get(user=request.user, employer_id=employer_id)
        except (Http404, ValueError, DjangoValidationError) as error:  # not a member, or not a UUID
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


class EmployerStaffListApi(APIView):
    """`?tab=current|left&q=&expiring=1&uncovered=1&arrears=1&sort=&cursor=`; 50 a page, `next` is a URL."""

    permission_classes = [IsAuthenticated, SecondFactorVerified]

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str)
            for name in ("employer", "tab", "q", "expiring", "uncovered", "arrears", "sort", "cursor")
        ],
        responses={200: page_of(StaffRowSerializer, previous=False)},
    )
    def get(self, request):
        membership = _membership(request)
        form = StaffFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(
                {field: [str(message) for message in messages] for field, messages in form.errors.items()}
            )
        try:
            page = selectors.staff_page_get(
                employer=membership.employer,
                filters=form.filters(),
                today=timezone.localdate(),
                cursor=request.query_params.get("cursor"),
            )
        except selectors.InvalidCursor:
            raise ValidationError({"cursor": [_("This cursor is not valid for these filters.")]}) from None
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


class EmployerContributionsApi(APIView):
    """`?month=YYYY-MM` (default last month): due vs paid by fund, and every month owed with interest."""

    permission_classes = [IsAuthenticated, SecondFactorVerified]

    @extend_schema(
        parameters=[OpenApiParameter("employer", str), OpenApiParameter("month", str)],
        responses={200: EmployerContributionsSerializer},
    )
    def get(self, request):
        membership = _membership(request)
        today = timezone.localdate()
        month_text = request.query_params.get("month")
        if month_text:
            try:
                month = datetime.datetime.strptime(month_text, "%Y-%m").date()
            except ValueError:
                raise ValidationError({"month": [_("Enter a month as YYYY-MM, such as 2026-10.")]}) from None
        else:
            month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        data = selectors.employer_contributions_get(
            employer=membership.employer, month=month, today=today, params=parameter_set_get()
        )
        body = EmployerContributionsSerializer(data).data
        return Response({"employer": str(membership.employer.public_id), **body})
