"""Input validation for the public benefit calculator (the contract is in docs/api.md)."""

import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from participants.api.schema import MONTH_PATTERN, MONTH_SCHEMA, JsonSerializer

MAX_PERIODS = 600


@extend_schema_field(MONTH_SCHEMA)
class MonthField(serializers.CharField):
    """A calendar month written YYYY-MM, from 1900 to 2200 (the pattern the schema documents)."""

    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, for example 2026-10.")}

    def __init__(self, **kwargs):
        super().__init__(trim_whitespace=False, **kwargs)  # "2026-01\n" does not match the pattern either

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        if not re.fullmatch(MONTH_PATTERN, text):
            self.fail("invalid")
        return text  # zero-padded, so months compare correctly as strings


class PersonSerializer(JsonSerializer):
    sex = serializers.ChoiceField(choices=["male", "female"])
    birth_date = serializers.DateField(input_formats=["iso-8601"])


class PeriodSerializer(JsonSerializer):
    start = MonthField()
    end = MonthField()
    scheme = serializers.ChoiceField(choices=["compulsory", "voluntary"])
    monthly_salary = serializers.IntegerField(min_value=0, max_value=10_000_000_000)
    region = serializers.ChoiceField(choices=["I", "II", "III", "IV"], default="I")
    hazardous = serializers.BooleanField(default=False)
    unemployment_insured = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_(
            "Whether these months were also unemployment-insurance months. Default: true for compulsory months"
            " from 01/2009, false otherwise (Law 74/2025/QH15 Art. 31(1)). Send false for a post outside the"
            " scheme, such as a civil servant's."
        ),
    )
    sector = serializers.ChoiceField(
        choices=["state", "private"],
        default="private",
        help_text=_(
            "state: paid on the State's salary scale (the pension average of Law 41/2024/QH15 Art. 72(1) and"
            " 73(1)); private: pay set by the employer."
        ),
    )

    group = serializers.ChoiceField(
        choices=["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n"],
        default="a",
        help_text=_(
            "The group of Law 41/2024/QH15 Art. 2(1) the person was insured under in this period (a: a labour"
            " contract, the default). The minimum pension of Art. 141(11) is only for groups a, b, c, d, đ, g"
            " and i; the group of the latest compulsory period counts."
        ),
    )

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("The end month cannot be before the start month.")})
        if attrs["scheme"] == "voluntary" and attrs.get("unemployment_insured"):
            raise serializers.ValidationError(
                {"unemployment_insured": _("Voluntary insurance does not include unemployment insurance.")}
            )
        return attrs


class MaternityEventSerializer(JsonSerializer):
    birth_date = serializers.DateField(input_formats=["iso-8601"])
    children = serializers.IntegerField(min_value=1, max_value=10, default=1)
    child_order = serializers.IntegerField(min_value=1, max_value=20, default=1)
    caesarean = serializers.BooleanField(default=False)
    premature_under_32_weeks = serializers.BooleanField(default=False)
    pregnancy_rest = serializers.BooleanField(
        default=False, help_text=_("The mother had to rest during pregnancy on a doctor's order (3-in-12 rule).")
    )
    infertility_treatment = serializers.BooleanField(default=False)
    mother_qualifies = serializers.BooleanField(
        default=False, help_text=_("For a father: whether the mother herself qualifies for the one-off allowance.")
    )


class UnemploymentEventSerializer(JsonSerializer):
    termination_date = serializers.DateField(input_formats=["iso-8601"])
    lawful = serializers.BooleanField(default=True)
    contract_months = serializers.IntegerField(min_value=1, max_value=1200, required=False, allow_null=True)
    months_used_before = serializers.IntegerField(
        min_value=0,
        max_value=1200,
        default=0,
        help_text=_(
            "Unemployment-insurance months already used by an earlier unemployment benefit; they do not count"
            " again (Law 74/2025/QH15 Art. 35(1))."
        ),
    )


class SicknessEventSerializer(JsonSerializer):
    start_date = serializers.DateField(input_formats=["iso-8601"])
    hazardous = serializers.BooleanField(required=False, allow_null=True, default=None)


class EventsSerializer(JsonSerializer):
    maternity = MaternityEventSerializer(required=False, allow_null=True)
    unemployment = UnemploymentEventSerializer(required=False, allow_null=True)
    sickness = SicknessEventSerializer(required=False, allow_null=True)


class CalculatorRequestSerializer(JsonSerializer):
    as_of = serializers.DateField(input_formats=["iso-8601"], required=False)
    person = PersonSerializer()
    periods = PeriodSerializer(many=True, max_length=MAX_PERIODS, allow_empty=True)
    events = EventsSerializer(required=False, default=dict)

    def validate(self, attrs):
        attrs.setdefault("as_of", timezone.localdate())
        if attrs["person"]["birth_date"] > attrs["as_of"]:
            raise serializers.ValidationError(
                {"person": {"birth_date": [_("The birth date cannot be after the day the calculation is for.")]}}
            )
        overlaps = {}
        by_scheme: dict[str, list[tuple[int, dict]]] = {}
        for index, period in enumerate(attrs["periods"]):
            by_scheme.setdefault(period["scheme"], []).append((index, period))
        for periods in by_scheme.values():
            periods.sort(key=lambda item: item[1]["start"])
            latest_end = None
            for index, period in periods:
                if latest_end is not None and period["start"] <= latest_end:
                    overlaps[index] = _("This period overlaps another period of the same scheme.")
                latest_end = period["end"] if latest_end is None else max(latest_end, period["end"])
        if overlaps:
            # Keyed by the period's index, as DRF reports errors inside a list.
            raise serializers.ValidationError(
                {"periods": {index: {"start": [message]} for index, message in sorted(overlaps.items())}}
            )
        return attrs


def as_rules_json(validated: dict) -> dict:
    """The validated request in the JSON shape `benefits.rules.calculator.parse_request` reads."""

    def plain(value):
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items() if item is not None}
        if isinstance(value, list):
            return [plain(item) for item in value]
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value

    return plain(validated)
