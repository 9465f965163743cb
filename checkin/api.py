"""POST /api/v1/checkins/: record a visit from a clinic's own system (the same service as the desk); and
GET /api/v1/me/checkin-token/: a fresh token for the citizen's own QR."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.twofactor.decorators import SecondFactorVerified
from participants.api.schema import JsonSerializer, QuerySerializer
from participants.api.views import participant_or_404
from participants.ratelimit import ScopedThrottle, UserThrottle

from . import services
from .reasons import reason_text, refusal_status
from .tokens import MAX_TOKEN_LENGTH


class IsClinicStaff(BasePermission):
    message = _("Only reception staff of a medical facility can record check-ins.")

    def has_permission(self, request, view):
        request.clinic_facility = services.clinic_facility_for_user(request.user)
        return request.clinic_facility is not None


class CheckinRequestSerializer(JsonSerializer):
    token = serializers.CharField(required=False, max_length=MAX_TOKEN_LENGTH, trim_whitespace=True)
    national_id = serializers.CharField(required=False, max_length=32, trim_whitespace=True)

    def validate(self, attrs):
        if ("token" in attrs) == ("national_id" in attrs):
            raise serializers.ValidationError(_("Send either a check-in token or a personal ID number, not both."))
        return attrs


# The schema of the body: exactly one of the two (the serializer above checks it; this only documents it). Each
# branch also says the other key must be absent: without that, {"token": ..., "national_id": "abc"} would match
# the token branch alone, be valid by the schema, and yet be refused.
def _one_of_two(key: str, schema: dict, other: str) -> dict:
    return {"type": "object", "properties": {key: schema}, "required": [key], "not": {"required": [other]}}


CHECKIN_REQUEST_SCHEMA = {
    "oneOf": [
        _one_of_two(
            "token",
            {
                "type": "string",
                "minLength": 1,
                "maxLength": MAX_TOKEN_LENGTH,
                "pattern": r"\S",  # spaces around it are trimmed; spaces alone are no token
                "description": "The text of the patient's QR code.",
            },
            "national_id",
        ),
        _one_of_two(
            "national_id",
            {"type": "string", "pattern": "^[0-9]{12}$", "description": "The 12-digit personal ID number."},
            "token",
        ),
    ]
}


class PatientSerializer(serializers.Serializer):
    name = serializers.CharField()
    birth_date = serializers.DateField()
    card_number = serializers.CharField()
    benefit_level = serializers.IntegerField()
    benefit_percent = serializers.IntegerField()
    facility_code = serializers.CharField()
    facility_name = serializers.CharField()
    registered_here = serializers.BooleanField()
    card_valid_from = serializers.DateField()
    card_valid_to = serializers.DateField()
    five_year_date = serializers.DateField(allow_null=True)


class CheckinSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="checkin.public_id")
    checked_in_at = serializers.DateTimeField(source="checkin.checked_in_at")
    method = serializers.CharField()
    reason = serializers.CharField()
    message = serializers.SerializerMethodField()
    patient = PatientSerializer()

    def get_message(self, result) -> str:
        return str(reason_text(result.reason))


class CheckinCreateApi(APIView):
    """Record a check-in at the signed-in staff member's facility.

    201 with the patient summary; 400 with `code` = the reason for an invalid token or card; 404 when
    no current card matches the ID number; 409 when the token was already used; 403 for non-clinic users and for
    a session that has not passed the second sign-in step (a bearer token is only issued with the code).
    """

    permission_classes = [IsAuthenticated, SecondFactorVerified, IsClinicStaff]
    throttle_classes = [UserThrottle, ScopedThrottle]
    throttle_scope = "checkins"

    @extend_schema(request={"application/json": CHECKIN_REQUEST_SCHEMA}, responses={201: CheckinSerializer})
    def post(self, request):
        serializer = CheckinRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = services.checkin_record(
                staff=request.user, facility=request.clinic_facility, **serializer.validated_data
            )
        except services.CheckinRefused as refused:
            reason = refused.result.reason
            return Response({"detail": str(reason_text(reason)), "code": str(reason)}, status=refusal_status(reason))
        return Response(CheckinSerializer(result).data, status=status.HTTP_201_CREATED)


class CheckinTokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class MeCheckinTokenApi(APIView):
    """A fresh signed check-in token for the citizen's current card (see docs/checkin-token.md)."""

    @extend_schema(responses={200: CheckinTokenSerializer})
    def get(self, request):
        QuerySerializer.read(request)
        issued = services.checkin_token_issue(participant=participant_or_404(request))
        if issued is None:
            raise NotFound(_("There is no current health insurance card for this account."))
        token, expires_at = issued
        return Response(CheckinTokenSerializer({"token": token, "expires_at": expires_at}).data)
