"""OpenAPI helpers shared by every app's API (the lowest app, so all may import it)."""

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-11"})
class MonthField(serializers.DateField):
    """A contribution month, written `YYYY-MM` (a date to Python, not a date in the schema)."""

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


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
