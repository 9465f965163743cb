from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from benefits.rules.calculator import calculate, parse_request
from benefits.rules.params import ParameterNotFoundError
from participants import selectors as participant_selectors
from participants.api.schema import QuerySerializer
from participants.ratelimit import ScopedThrottle

from .. import selectors
from ..forms import ExpectedBirthForm
from .serializers import CalculatorRequestSerializer, as_rules_json

MAX_BODY_BYTES = 64 * 1024

EXAMPLE = {
    "as_of": "2026-11-25",
    "person": {"sex": "male", "birth_date": "1966-05-15"},
    "periods": [
        {"start": "2008-11", "end": "2026-10", "scheme": "compulsory", "monthly_salary": 10000000, "region": "I"}
    ],
    "events": {"unemployment": {"termination_date": "2026-10-31", "lawful": True, "contract_months": 36}},
}

AWARD_EXAMPLE = {
    "unemployment": None,
    "unemployment_award": {
        "status": "current",
        "monthly_amount": 6000000,
        "benefit_months": 5,
        "benefit_start": "2026-11-01",
        "last_day": "2027-03-31",
        "ended_early": False,
        "reports_job_search": True,
        "next_job_search_notice": "2026-12-01",
        "law": ["Law 74/2025/QH15 Art. 39", "Law 74/2025/QH15 Art. 40-41"],
    },
}


class CalculatorApi(APIView):
    """Public benefit calculator: old-age, sickness, maternity and unemployment answers with their reasons."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "calculator"

    @extend_schema(
        request=CalculatorRequestSerializer,
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="The four answers; see docs/api.md."),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Field-by-field errors."),
        },
        examples=[OpenApiExample("Laid off near retirement", EXAMPLE, request_only=True)],
    )
    def post(self, request):
        if len(request.body) > MAX_BODY_BYTES:
            return Response(
                {"detail": _("The request is larger than 64 KB."), "code": "too_large"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        serializer = CalculatorRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            answer = calculate(parse_request(as_rules_json(serializer.validated_data)), selectors.parameter_set_get())
        except ParameterNotFoundError as exc:
            raise ValidationError(
                {"as_of": [_("No policy figures are on record for the dates in this request.")]}
            ) from exc
        return Response(answer)


class EligibilityQuerySerializer(QuerySerializer):
    expected_birth = serializers.DateField(
        required=False, help_text=gettext_lazy("Answer maternity for this birth date (within a year of today).")
    )


class MeEligibilityApi(APIView):
    """The signed-in citizen's four benefits from their own records (same rules as the calculator)."""

    @extend_schema(
        parameters=[EligibilityQuerySerializer],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=(
                    "The calculator's answer, plus `unemployment_award`: the unemployment benefit the person holds"
                    " (`status` upcoming, current, finished or ended_early; `monthly_amount`, `benefit_months`,"
                    " `benefit_start`, `last_day`, `ended_early`, `reports_job_search`, `next_job_search_notice`,"
                    " `law`) or null. With an award, `unemployment` is null: there is no claim to file."
                ),
                examples=[OpenApiExample("Holding an award", AWARD_EXAMPLE, response_only=True)],
            )
        },
    )
    def get(self, request):
        participant = participant_selectors.participant_get_for_user(user=request.user, with_current_card=False)
        if participant is None:
            raise NotFound(_("There is no participant record for this account."))
        EligibilityQuerySerializer.read(request)  # then the page's rule: within a year of today
        form = ExpectedBirthForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        _facts, _result, answer = selectors.eligibility_for_participant(
            participant=participant, as_of=timezone.localdate(), expected_birth=form.cleaned_data["expected_birth"]
        )
        return Response(answer)
