"""Sessions read from the cache and written to both (Django's `cached_db`), where a logout or a
restore always wins over what the cache kept.

A copy of a session in the cache can outlive the session: a logout whose delete could not reach
Redis (down, or hung and resumed), or a restore that brought back a database without it. So each
cached copy carries a stamp: the database's identity and its sessions version
(`DataVersion.sessions_version`, bumped by every logout, on every host, in the database). The
versions are read with the user in the query every request makes anyway (tipwatch.core.auth),
and `CachedSessionCheckMiddleware` compares them with the stamp: while they match (no logout
and no restore since the copy was cached) the copy is used as it is; otherwise the session is
read from the database, which drops a session that is gone, and the copy is cached again with
the new stamp. A logout costs each other logged-in visitor one session read from the database.
"""

from django.contrib import auth
from django.contrib.sessions.backends import cached_db
from django.utils.functional import SimpleLazyObject

from tipwatch.core.versions import changed, sessions_stamp, versions

KEY_PREFIX = "tipwatch.session."


class SessionStore(cached_db.SessionStore):
    cache_key_prefix = KEY_PREFIX

    def __init__(self, session_key=None):
        super().__init__(session_key)
        self.cached_stamp = None  # the stamp of the copy read from the cache, if one was

    def load(self):
        entry = self._cache.get(self.cache_key) if self.session_key else None
        if isinstance(entry, dict) and "stamp" in entry and "data" in entry:
            self.cached_stamp = entry["stamp"]
            return entry["data"]
        return self.load_from_database()

    # The stamp is read before the session: a logout deletes the row and then bumps the
    # version, so a copy made from a row read before the delete carries the older stamp.

    def load_from_database(self):
        """The session as the database has it ({} when it is gone), cached with a new stamp."""
        self.cached_stamp = None
        stamp = sessions_stamp(versions())
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._cache_copy(stamp, data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def save(self, must_create=False):
        stamp = sessions_stamp(versions())
        super(cached_db.SessionStore, self).save(must_create)  # the database's (DBStore)
        self._cache_copy(stamp, self._session, self.get_expiry_age())

    def delete(self, session_key=None):
        super().delete(session_key)
        # Whatever the cache did with the delete, copies stamped before now are not trusted.
        changed(sessions=True)

    def forget(self):
        """Drop a session the database no longer has, without a logout's version bump: the
        response then deletes the cookie."""
        self._session_cache, self._session_key, self.cached_stamp = {}, None, None

    def _cache_copy(self, stamp, data, expiry):
        self._cache.set(self.cache_key, {"stamp": stamp, "data": data}, expiry)


class CachedSessionCheckMiddleware:
    """Check a logged-in session read from the cache against the database when a logout or a
    restore happened since it was cached (see the module). After AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key and request.user.is_authenticated:
            stamp = getattr(session, "cached_stamp", None)
            if stamp is not None and stamp != sessions_stamp(versions(request)):
                _reread(request, session)
        return self.get_response(request)


def _reread(request, session):
    session._session_cache = session.load_from_database()
    if not session._session_cache:
        session.forget()  # gone from the database: logged out, or not in the restored copy
    # The user follows the session as the database has it.
    request.__dict__.pop("_cached_user", None)
    request.user = SimpleLazyObject(lambda: auth.get_user(request))
