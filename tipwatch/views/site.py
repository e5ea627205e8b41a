"""Site-wide views: where each role starts, unknown addresses, the friendly CSRF failure page,
the health check."""

import logging
import secrets

from django.contrib.auth.decorators import login_not_required, login_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found

logger = logging.getLogger("tipwatch")

# The trends pages (managers' home) live at this path; named here so the redirect does not
# depend on how their URLconf is named.
TRENDS_PATH = "/trends/"
API_PATH = "/api/"


@login_required
def start(request):
    """After login: managers (permission countries.trends_home) to the trends, others home.

    Superusers hold every permission, this one included, but are administrators: home.
    """
    user = request.user
    if user.has_perm("countries.trends_home") and not user.is_superuser:
        return redirect(TRENDS_PATH)
    return redirect("home")


def not_found(request, exception):
    """An unknown address: the API's in JSON, as its own 404s are; the site's as its page."""
    if request.path.startswith(API_PATH):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def csrf_failure(request, reason=""):
    """A refused form post: say what to do, reveal nothing of the check itself."""
    logger.warning("CSRF check refused %s %s: %s", request.method, request.path, reason)
    return render(request, "403_csrf.html", status=403)


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """For load balancers: 200 when the database answers (503 when not), and whether the
    cache does. No login, no data: the body is {"database": ..., "cache": ...}."""
    database = "ok" if _database_answers() else "unavailable"
    health = {"database": database, "cache": "ok" if _cache_answers() else "unavailable"}
    return JsonResponse(health, status=200 if database == "ok" else 503)


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:
        logger.warning("Health check: the database does not answer: %s", error)
        return False


def _cache_answers():
    """A value written to the cache reads back (a cache that swallows errors returns none)."""
    key, token = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, token, 10)
        answered = cache.get(key) == token
        cache.delete(key)
    except Exception as error:
        logger.warning("Health check: the cache does not answer: %s", error)
        return False
    return answered
