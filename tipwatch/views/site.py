"""Site-wide views: where each role starts, and the friendly CSRF failure page."""

import logging

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

logger = logging.getLogger("tipwatch")

# The trends pages (managers' home) live at this path; named here so the redirect does not
# depend on how their URLconf is named.
TRENDS_PATH = "/trends/"


@login_required
def start(request):
    """After login: managers (permission countries.trends_home) to the trends, others home.

    Superusers hold every permission, this one included, but are administrators: home.
    """
    user = request.user
    if user.has_perm("countries.trends_home") and not user.is_superuser:
        return redirect(TRENDS_PATH)
    return redirect("home")


def csrf_failure(request, reason=""):
    """A refused form post: say what to do, reveal nothing of the check itself."""
    logger.warning("CSRF check refused %s %s: %s", request.method, request.path, reason)
    return render(request, "403_csrf.html", status=403)
