"""The one error format of the API.

Field errors keep DRF's shape, `{"field": ["message", ...]}`; every other error is
`{"detail": "message", "code": "stable_code"}`. Django ValidationErrors raised by services become
400 responses in the same shape, so a service's refusal never turns into a 500.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
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
