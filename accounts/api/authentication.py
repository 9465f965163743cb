from knox.auth import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    """`Authorization: Bearer <token>` for the mobile app and scripts: django-rest-knox tokens, stored hashed,
    refused once expired (the prefix is REST_KNOX["AUTH_HEADER_PREFIX"])."""
