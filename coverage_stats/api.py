"""`GET /api/v1/stats/coverage/?month=YYYY-MM[&province=code]`: coverage against the targets, for staff."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from participants.api.schema import MonthField, QuerySerializer
from participants.models import Province
from participants.scope import officer_province_codes

from .selectors import AreaCoverage, coverage_report_get


class IsStaff(BasePermission):
    message = gettext_lazy("Only the agency's staff can see the coverage statistics.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_staff)


def _rate():
    return serializers.DecimalField(max_digits=5, decimal_places=1, coerce_to_string=False, allow_null=True)


class AreaSerializer(serializers.Serializer):
    population = serializers.IntegerField()
    labour_force = serializers.IntegerField()
    hi_insured = serializers.IntegerField()
    hi_rate = _rate()
    hi_target = _rate()
    hi_gap = serializers.IntegerField(allow_null=True, help_text="People still to cover to reach the target.")
    hi_rate_change = _rate()
    si_contributors = serializers.IntegerField()
    si_compulsory = serializers.IntegerField()
    si_voluntary = serializers.IntegerField()
    si_rate = _rate()
    si_target = _rate()
    si_gap = serializers.IntegerField(allow_null=True)
    si_rate_change = _rate()
    ui_contributors = serializers.IntegerField()
    ui_rate = _rate()
    ui_target = _rate()
    ui_gap = serializers.IntegerField(allow_null=True)
    ui_rate_change = _rate()


class ProvinceAreaSerializer(AreaSerializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CoverageStatsSerializer(serializers.Serializer):
    month = serializers.CharField()
    national = AreaSerializer()
    provinces = ProvinceAreaSerializer(many=True)


def _area(area: AreaCoverage) -> dict:
    counts = area.counts
    data = {
        "code": area.code,
        "name": area.name,
        "population": counts.population,
        "labour_force": counts.labour_force,
        "hi_insured": counts.hi_insured,
        "si_contributors": counts.si_contributors,
        "si_compulsory": counts.si_compulsory,
        "si_voluntary": counts.si_voluntary,
        "ui_contributors": counts.ui_contributors,
    }
    for scheme, figure in area.figures.items():
        data[f"{scheme}_rate"] = figure.rate
        data[f"{scheme}_target"] = figure.target
        data[f"{scheme}_gap"] = figure.gap
        data[f"{scheme}_rate_change"] = figure.rate_change
    return data


class CoverageQuerySerializer(QuerySerializer):
    """`month` (required, YYYY-MM) and `province` (a province code, two ASCII digits), read strictly."""

    month = MonthField(help_text="YYYY-MM")
    province = serializers.RegexField(
        r"^[0-9]{2}$",
        required=False,
        help_text="a province code, e.g. 01",
        error_messages={"invalid": gettext_lazy("There is no province with this code.")},
    )

    def validate_province(self, code):
        if not Province.objects.filter(code=code).exists():
            raise serializers.ValidationError(_("There is no province with this code."))
        return code


class CoverageStatsApi(APIView):
    """National and provincial coverage for a month against the targets in force (docs/coverage.md)."""

    # The project's schemes with the bearer token first (session last), so that an anonymous request is told to
    # authenticate (401 with WWW-Authenticate), not refused (403).
    authentication_classes = list(reversed(api_settings.DEFAULT_AUTHENTICATION_CLASSES))
    permission_classes = [IsAuthenticated, IsStaff]

    @extend_schema(
        parameters=[CoverageQuerySerializer],
        responses={
            200: CoverageStatsSerializer,
            # The other errors are documented for every operation (bhxh_portal.api.document_error_responses).
            401: OpenApiResponse(
                inline_serializer(
                    "AuthenticationRequired", {"detail": serializers.CharField(), "code": serializers.CharField()}
                ),
                description="Not signed in (with `WWW-Authenticate: Bearer`).",
            ),
        },
    )
    def get(self, request):
        params = CoverageQuerySerializer.read(request)
        month, code = params["month"], params.get("province")
        # A provincial officer gets the provinces they cover (participants.scope); the national figures are the
        # country's for everyone.
        covered = officer_province_codes(request.user)
        if code is not None and covered is not None and code not in covered:
            raise PermissionDenied(_("Your account covers other provinces."), code="province_not_covered")
        report = coverage_report_get(month=month, province_code=code)
        if report is None:
            raise NotFound(_("There are no coverage figures for this month yet."), code="no_snapshot")
        national = _area(report.national)
        del national["code"], national["name"]
        provinces = [_area(p) for p in report.provinces if covered is None or p.code in covered]
        return Response(
            CoverageStatsSerializer({"month": f"{month:%Y-%m}", "national": national, "provinces": provinces}).data
        )
