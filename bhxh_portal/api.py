"""The one error format of the API.

Field errors keep DRF's shape, `{"field": ["message", ...]}`; every other error is
`{"detail": "message", "code": "stable_code"}`. Django ValidationErrors raised by services become
400 responses in the same shape, so a service's refusal never turns into a 500.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, dict) and "detail" in response.data and isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = {"detail": response.data["detail"], "code": codes if isinstance(codes, str) else "error"}
    elif isinstance(response.data, list):
        response.data = {"non_field_errors": response.data}
    return response


MAX_JSON_DEPTH = 10


def _depth_exceeds(value, limit: int) -> bool:
    """Whether arrays and objects nest more than `limit` levels (iterative: no recursion to exhaust)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False


class ShallowJSONParser(JSONParser):
    """JSON bodies nested more than MAX_JSON_DEPTH levels are a 400, never a recursion error (a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise exceptions.ParseError(_("The request body is nested too deeply.")) from error
        if _depth_exceeds(data, MAX_JSON_DEPTH):
            raise exceptions.ParseError(_("The request body is nested too deeply."))
        return data


# The error answers every operation may give, in the one format above; drf-spectacular documents only the
# success, so this hook adds them (schemathesis fails on an undocumented status code).
_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail", "code"],
}
# Field errors ({"field": ["message"]}, non_field_errors) or, for a body that cannot be parsed, the error above.
_INVALID = {
    "type": "object",
    "additionalProperties": {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]},
}
_ERROR_RESPONSES = {
    "400": ("Invalid input: field errors, or a body that cannot be read.", "ValidationError"),
    "403": ("Not signed in, or not allowed.", "Error"),
    "404": ("Not found (or not yours).", "Error"),
    "429": ("Too many requests (throttled, or locked out after failed sign-ins).", "Error"),
}
# Only for operations that take a body: it must be JSON.
_UNSUPPORTED_MEDIA_TYPE = ("415", ("The body is not JSON (Content-Type: application/json).", "Error"))


def document_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: add the error responses to every operation that lacks them, and mark
    every request body required."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", _ERROR)
    components.setdefault("ValidationError", _INVALID)
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            if "requestBody" in operation:
                # Every body this API takes is required (a raw schema, as the check-in's, is left optional by
                # drf-spectacular).
                operation["requestBody"]["required"] = True
            errors = [*_ERROR_RESPONSES.items(), *([_UNSUPPORTED_MEDIA_TYPE] if "requestBody" in operation else [])]
            for status, (description, component) in errors:
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                    },
                )
    return result
