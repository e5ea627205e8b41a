"""Personal tokens for scripts: `Authorization: Bearer tw_...` (see tipwatch.core.tokens)."""

import logging

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from tipwatch.core.tokens import mark_used, token_for

logger = logging.getLogger("tipwatch.api")

SCHEMES = (b"bearer", b"token")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """A request carrying a token is that token's user, or is refused with 401: never quietly
    anonymous. Without an Authorization header the next class (the session) is tried."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in SCHEMES:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the token as: Authorization: Bearer tw_...")
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raw = ""
        token = token_for(raw)
        if token is None:
            logger.warning(
                "API token refused (unknown, malformed or revoked) from %s for %s %s",
                request.META.get("REMOTE_ADDR"),
                request.method,
                request.path,
            )
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        mark_used(token)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "tipwatch.api.auth.ApiTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal token made on /accounts/ (tw_...).",
        }
