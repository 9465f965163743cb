from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from participants.api.schema import JsonSerializer


class AuthTokenRequestSerializer(JsonSerializer):
    username = serializers.CharField(
        max_length=150,
        help_text=_("Username, or a citizen's 12-digit personal ID number or 10-digit social insurance number."),
    )
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text=_(
            "Employer, clinic and staff accounts: the 6-digit code from their authenticator app, or one of their "
            "single-use recovery codes."
        ),
    )


class AuthTokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Shown this once: only a hash of it is kept."))
    expires_at = serializers.DateTimeField(help_text=_("When the token stops working."))
