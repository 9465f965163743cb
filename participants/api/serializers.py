from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class AuthTokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(
        max_length=150,
        help_text=_("Username, or a citizen's 12-digit personal ID number or 10-digit social insurance number."),
    )
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class AuthTokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class ParticipantProfileSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    full_name = serializers.CharField()
    birth_date = serializers.DateField()
    sex = serializers.CharField()
    province = serializers.CharField(source="province.name")
    phone = serializers.CharField()
    email = serializers.EmailField()
    preferred_language = serializers.CharField()


class MeSerializer(serializers.Serializer):
    """The signed-in account; `participant` is null for staff accounts."""

    username = serializers.CharField()
    role = serializers.CharField()
    participant = ParticipantProfileSerializer(allow_null=True)
