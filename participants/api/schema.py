"""OpenAPI helpers shared by every app's API (the lowest app, so all may import it), and the strict reading of
query parameters that the schema documents."""

import datetime
import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

# A month from 01/1900 to 12/2200, in ASCII digits (`\d` would also match other scripts' digits).
MONTH_PATTERN = r"^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])$"
MONTH_SCHEMA = {"type": "string", "pattern": MONTH_PATTERN, "example": "2026-11"}


@extend_schema_field(MONTH_SCHEMA)
class MonthField(serializers.DateField):
    """A contribution month, written `YYYY-MM` (a date to Python, not a date in the schema). As input, exactly
    that form: `2026-1`, `2026-11-05` or `2026-13` are refused."""

    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, such as 2026-10.")}

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)

    def to_internal_value(self, value):
        if not isinstance(value, str) or not re.fullmatch(MONTH_PATTERN, value):
            self.fail("invalid")
        return datetime.date(int(value[:4]), int(value[5:]), 1)


def _json_type_matches(field, value) -> bool:
    """Whether a JSON value has the type the schema gives `field` (null is left to the field's allow_null)."""
    if value is None:
        return True
    if isinstance(field, serializers.BooleanField):
        return isinstance(value, bool)
    if isinstance(field, serializers.IntegerField):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(field, serializers.ChoiceField):  # the type of its choices (strings, or numbers of months)
        return any(type(value) is type(choice) for choice in field.choices)
    if isinstance(field, serializers.CharField | serializers.DateField):
        return isinstance(value, str)
    return True


class JsonSerializer(serializers.Serializer):
    """A JSON request body, typed strictly: DRF would read `1` as true, `"5"` as 5 and `5` as the string "5", so
    input the schema calls invalid was accepted. A value of another JSON type is a field error here."""

    default_error_messages = {"wrong_type": _("This value has the wrong type.")}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            errors = {
                name: [self.error_messages["wrong_type"]]
                for name, field in self.fields.items()
                if not field.read_only and name in data and not _json_type_matches(field, data[name])
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class QuerySerializer(serializers.Serializer):
    """The query parameters of one API operation, read strictly: a name the operation does not take, a name given
    twice or an empty value (for a parameter that cannot be blank) is a 400 naming the parameter, never silently
    ignored. Pass the serializer to `extend_schema(parameters=[...])` so the schema documents the same fields."""

    default_error_messages = {
        "unknown": _("This parameter is not known here."),
        "repeated": _("Give this parameter once."),
    }

    @classmethod
    def read(cls, request) -> dict:
        """The validated parameters of `request`, or a ValidationError (a 400 in the API's format)."""
        serializer = cls(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def to_internal_value(self, data):
        errors = {}
        for name in data:
            if name not in self.fields:
                errors[name] = [self.error_messages["unknown"]]
            elif len(data.getlist(name)) > 1:
                errors[name] = [self.error_messages["repeated"]]
        if errors:
            raise serializers.ValidationError(errors)
        # A plain dict: DRF reads an empty form value as "not given", which would accept `?month=`.
        return super().to_internal_value({name: data.get(name) for name in data})


class PageQuerySerializer(QuerySerializer):
    """`page` and `page_size` of a page-numbered list (DRF's PageNumberPagination reads them once valid); a
    subclass sets the largest page size."""

    MAX_PAGE_SIZE = 100

    page = serializers.IntegerField(required=False, min_value=1)

    def get_fields(self):
        fields = super().get_fields()
        fields["page_size"] = serializers.IntegerField(required=False, min_value=1, max_value=self.MAX_PAGE_SIZE)
        return fields


def page_of(serializer_class, *, previous: bool = True):
    """The schema of one page of `serializer_class` rows: `count`, `next` (and `previous`) URLs, `results`."""
    fields = {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "results": serializer_class(many=True),
    }
    if previous:
        fields["previous"] = serializers.URLField(allow_null=True)
    return inline_serializer(name=f"{serializer_class.__name__.removesuffix('Serializer')}Page", fields=fields)
