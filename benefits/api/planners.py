"""The public planners: household health insurance, voluntary social insurance, one-time withdrawal (docs/api.md).

Each endpoint validates with its serializer, runs one pure rule with the policy parameters from the database
and returns the rule's answer shaped by :mod:`benefits.planning`; the pages call the same functions.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from benefits.rules.params import ParameterNotFoundError
from participants.api.schema import JsonSerializer

from .. import planning
from .serializers import CalculatorRequestSerializer, as_rules_json

MAX_BODY_BYTES = 64 * 1024
MAX_MEMBERS = 30


class HouseholdMemberSerializer(JsonSerializer):
    support_group = serializers.ChoiceField(
        choices=planning.HOUSEHOLD_SUPPORT_GROUPS,
        default="none",
        help_text=_(
            "none: a household member; near_poor, student, agriculture_average: a group the State supports"
            " (HI Law Art. 12(4))."
        ),
    )


class HouseholdRequestSerializer(JsonSerializer):
    on = serializers.DateField(input_formats=["iso-8601"], required=False, help_text=_("Payment date; today."))
    # A ListField, not many=True: the schema then says 1 to 30 members (minItems, maxItems), as the check does.
    members = serializers.ListField(
        child=HouseholdMemberSerializer(),
        min_length=1,
        max_length=MAX_MEMBERS,
        error_messages={
            "min_length": _("Add at least one member."),
            "max_length": _("A household has at most {max_length} members."),
        },
    )

    def validate(self, attrs):
        attrs.setdefault("on", timezone.localdate())
        return attrs


def _schema(serializer, description: str, examples: dict):
    """The OpenAPI description of a planner's POST: its request, the 200 and 400 answers, request examples."""
    return extend_schema(
        request=serializer,
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description=description),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Field-by-field errors."),
        },
        examples=[OpenApiExample(name, body, request_only=True) for name, body in examples.items()],
    )


class VoluntaryRequestSerializer(CalculatorRequestSerializer):
    """The person and past periods as for the calculator, and the plan's choices."""

    events = None
    monthly_income = serializers.IntegerField(
        min_value=0, max_value=10_000_000_000, help_text=_("The monthly income chosen as the basis (whole VND).")
    )
    support_group = serializers.ChoiceField(
        choices=planning.VOLUNTARY_SUPPORT_GROUPS,
        default="other",
        help_text=_("poor, near_poor, ethnic_minority or other: the State's support by group (Decree 159/2025)."),
    )
    cycle_months = serializers.ChoiceField(
        choices=planning.VOLUNTARY_CYCLES,
        default=1,
        help_text=_("1, 3, 6 or 12 months; 24 to 60 to pay ahead for whole years."),
    )
    supported_months_used = serializers.IntegerField(
        min_value=0,
        max_value=1200,
        default=0,
        help_text=_("Months of State support already received (at most 120 are supported)."),
    )


class WithdrawalRequestSerializer(CalculatorRequestSerializer):
    """The person and the contribution history as for the calculator, the support group and the income of the
    projection if contributions go on."""

    events = None
    support_group = serializers.ChoiceField(
        choices=planning.VOLUNTARY_SUPPORT_GROUPS,
        default="other",
        help_text=_(
            "The voluntary-support group (the support received is paid back) and, for poor and near-poor, the"
            " social pension at 70."
        ),
    )
    future_monthly_income = serializers.IntegerField(
        min_value=0,
        max_value=10_000_000_000,
        required=False,
        allow_null=True,
        help_text=_("Monthly income of the projection if contributions go on; the lowest income when left out."),
    )


class _PlannerApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "calculator"
    serializer_class: type[serializers.Serializer]
    date_field = "as_of"

    def answer(self, data: dict) -> dict:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def post(self, request):
        if len(request.body) > MAX_BODY_BYTES:
            return Response(
                {"detail": _("The request is larger than 64 KB."), "code": "too_large"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            return Response(self.answer(serializer.validated_data))
        except ParameterNotFoundError as exc:
            raise ValidationError(
                {self.date_field: [_("No policy figures are on record for the dates in this request.")]}
            ) from exc
        except planning.InputError as exc:
            raise ValidationError(exc.errors) from exc


class HouseholdPremiumApi(_PlannerApi):
    """Public: the household health-insurance premium per member and in total, per 3, 6 and 12 months."""

    serializer_class = HouseholdRequestSerializer
    date_field = "on"

    @_schema(
        HouseholdRequestSerializer,
        "Per member and in total; see docs/api.md.",
        {
            "Five members and a student": {
                "on": "2026-07-01",
                "members": [{}, {}, {}, {}, {}, {"support_group": "student"}],
            }
        },
    )
    def post(self, request):
        return super().post(request)

    def answer(self, data: dict) -> dict:
        return planning.household_answer(
            planning.household_run(data["on"], [m["support_group"] for m in data["members"]])
        )


VOLUNTARY_EXAMPLE = {
    "Near-poor, 12 months": {
        "as_of": "2026-11-25",
        "person": {"sex": "female", "birth_date": "1980-03-10"},
        "periods": [{"start": "2010-01", "end": "2016-12", "scheme": "compulsory", "monthly_salary": 6000000}],
        "monthly_income": 3000000,
        "support_group": "near_poor",
        "cycle_months": 12,
    }
}


class VoluntaryPlanApi(_PlannerApi):
    """Public: voluntary social insurance per cycle before and after the State's support, and the pension."""

    serializer_class = VoluntaryRequestSerializer

    @_schema(
        VoluntaryRequestSerializer,
        "The plan: contribution per cycle, support, minimum years, pension projection; see docs/api.md.",
        VOLUNTARY_EXAMPLE,
    )
    def post(self, request):
        return super().post(request)

    def answer(self, data: dict) -> dict:
        return planning.voluntary_answer(planning.voluntary_run(as_rules_json(data)))


WITHDRAWAL_EXAMPLE = {
    "Stopped at the end of 2025": {
        "as_of": "2027-01-15",
        "person": {"sex": "male", "birth_date": "1985-05-05"},
        "periods": [{"start": "2010-01", "end": "2025-12", "scheme": "compulsory", "monthly_salary": 8000000}],
    }
}


class WithdrawalComparisonApi(_PlannerApi):
    """Public: the one-time payment (whether, from when, how much) beside what keeping the record gives."""

    serializer_class = WithdrawalRequestSerializer

    @_schema(
        WithdrawalRequestSerializer,
        "Both sides: withdraw (may_withdraw, amount) and keep (pension, card, social pension); see docs/api.md.",
        WITHDRAWAL_EXAMPLE,
    )
    def post(self, request):
        return super().post(request)

    def answer(self, data: dict) -> dict:
        return planning.withdrawal_answer(planning.withdrawal_run(as_rules_json(data)))


__all__ = ["HouseholdPremiumApi", "VoluntaryPlanApi", "WithdrawalComparisonApi"]
