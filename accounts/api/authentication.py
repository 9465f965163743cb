from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    """`Authorization: Bearer <token>` for the mobile app and scripts: django-rest-knox tokens, stored hashed,
    refused once expired (the prefix is REST_KNOX["AUTH_HEADER_PREFIX"])."""


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes it (registered by being defined)."""

    target_class = BearerTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Bearer")  # noqa: S106 - the scheme name
