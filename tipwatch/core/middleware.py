import time

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a login, unless PUBLIC_READ_ONLY opens the read-only pages.

    Writes (any method but GET and HEAD) and the admin always need a login.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            settings.PUBLIC_READ_ONLY
            and request.method in ("GET", "HEAD")
            and not request.path.startswith("/admin/")
        ):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


SESSION_SEEN_KEY = "_tipwatch_seen"


def mark_session_seen(session):
    session[SESSION_SEEN_KEY] = int(time.time())


class SlidingSessionMiddleware:
    """End a logged-in session after SESSION_COOKIE_AGE idle, not after that long in total.

    Touching the session makes Django save it with a fresh expiry (server side and cookie).
    Doing so at most once per SESSION_REFRESH_SECONDS keeps most requests free of a write; the
    idle limit is therefore exact to within that interval. Login marks the session as seen
    (tipwatch.core.apps), so the first page after it writes nothing either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            seen = session.get(SESSION_SEEN_KEY, 0)
            if time.time() - seen >= settings.SESSION_REFRESH_SECONDS:
                mark_session_seen(session)
        return response


def session_seen_at_login(sender, request, user, **kwargs):
    """user_logged_in receiver (connected in tipwatch.core.apps)."""
    if request is not None and hasattr(request, "session"):
        mark_session_seen(request.session)
