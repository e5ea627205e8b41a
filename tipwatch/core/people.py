"""Who recorded what, as each visitor may see it.

Account names are for logged-in users. In public mode (PUBLIC_READ_ONLY) anonymous visitors
read the same pages, and there every recorder is "an admin" (only admins record statuses):
the site never lists its accounts, the superuser's included, to the public. Cached pages vary
on `names_shown` (tipwatch.core.pagecache.page_key).
"""

PUBLIC_RECORDER = "an admin"


def names_shown(request):
    """Whether this request may see account names: only a logged-in user's."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def recorder_name(username, *, shown, nobody=""):
    """A recorder's username, the role when names are not shown, `nobody` for no recorder."""
    if not username:
        return nobody
    return username if shown else PUBLIC_RECORDER
