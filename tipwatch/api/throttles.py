"""A request budget per token (or per session user, or per address when anonymous).

The counts live in the cache. The cache is an accelerator: when it does not answer, requests
are let through (and the failure logged) rather than refused.
"""

import logging

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from tipwatch.core.models import ApiToken

logger = logging.getLogger("tipwatch.api")


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        # Read at each request (not once at import), so a changed setting applies.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        try:
            allowed = super().allow_request(request, view)
        except Exception:  # the cache is down: degrade to no throttling, never to errors
            logger.warning("API throttle skipped: the cache did not answer", exc_info=True)
            return True
        if not allowed:
            logger.warning("API throttled %s %s (%s)", request.method, request.path, self.key)
        return allowed
