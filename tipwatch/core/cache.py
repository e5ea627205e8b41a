"""Redis as an accelerator, never a dependency: a cache backend that fails soft.

A Django cache backend (BaseCache, the public API every caller uses) over one redis-py client,
whose connection pool is thread-safe. When Redis refuses, times out (settings give it short
connect and read timeouts) or errors, the call answers as a miss (get: the default; set: nothing
stored), the outage is logged once, and for RETRY_SECONDS this process does not ask Redis at
all, so a hung server costs one timeout per interval, not one per request. Then the next call
tries again; when it succeeds the cache is used again (logged once too). Pages are then built
from the database, sessions read from it (tipwatch/core/sessions.py), permissions computed by
Django's backend.

Deletes that failed are remembered, up to MAX_PENDING_DELETES, and made when Redis answers
again. Nothing depends on them for correctness: a session copy is checked against the database
after a logout (tipwatch/core/sessions.py) and pages are keyed on versions the database holds.
"""

import functools
import logging
import pickle
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

logger = logging.getLogger("tipwatch.core.cache")

RETRY_SECONDS = 5
MAX_PENDING_DELETES = 10_000


class _Outage:
    """This process's view of the cache server: shared by every thread's backend instance."""

    down_until = 0.0
    logged = False
    pending_deletes: set = set()


def _fail_soft(default=None):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < _Outage.down_until:
                return default
            try:
                result = method(self, *args, **kwargs)
            except Exception as error:  # noqa: BLE001 - any cache failure is a miss
                _went_down(error)
                return default
            if _Outage.logged:
                _came_back(self)
            return result

        return wrapper

    return decorate


def _went_down(error):
    _Outage.down_until = time.monotonic() + RETRY_SECONDS
    if not _Outage.logged:
        _Outage.logged = True
        logger.warning(
            "Cache unavailable (%s: %s): pages are built from the database until it answers; "
            "retrying every %s s",
            type(error).__name__,
            error,
            RETRY_SECONDS,
        )


def _came_back(backend):
    _Outage.logged = False
    keys, _Outage.pending_deletes = list(_Outage.pending_deletes), set()
    try:
        if keys:
            backend.client.delete(*keys)  # full keys already
    except Exception as error:  # noqa: BLE001 - still failing: keep them for the next time
        _Outage.pending_deletes.update(keys)
        _went_down(error)
        return
    logger.warning("Cache answers again: in use (%s deletes made up)", len(keys))


def _dumps(value):
    # Whole numbers are stored as such, so that INCR works on them (as Django's backend does).
    if type(value) is int:
        return value
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def _loads(value):
    try:
        return int(value)
    except ValueError:
        return pickle.loads(value)  # noqa: S301 - only this backend writes these keys


class FailSoftRedisCache(BaseCache):
    """LOCATION: a redis:// URL; OPTIONS: keyword arguments of redis.Redis.from_url (e.g.
    socket_connect_timeout, socket_timeout)."""

    def __init__(self, server, params):
        super().__init__(params)
        self.client = redis.Redis.from_url(server, **params.get("OPTIONS", {}))

    def _seconds(self, timeout):
        """Django's timeout (None: forever, 0 or less: expire now) in Redis's terms."""
        timeout = self.get_backend_timeout(timeout)
        return None if timeout is None else max(0, int(timeout - time.time()))

    @_fail_soft(None)
    def _get(self, full_key):
        return self.client.get(full_key)

    def get(self, key, default=None, version=None):
        found = self._get(self.make_and_validate_key(key, version=version))
        return default if found is None else _loads(found)

    @_fail_soft({})
    def get_many(self, keys, version=None):
        full = {self.make_and_validate_key(key, version=version): key for key in keys}
        values = self.client.mget(list(full)) if full else []
        return {full[k]: _loads(v) for k, v in zip(full, values, strict=True) if v is not None}

    @_fail_soft(False)
    def has_key(self, key, version=None):
        return bool(self.client.exists(self.make_and_validate_key(key, version=version)))

    @_fail_soft(False)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        seconds = self._seconds(timeout)
        full_key = self.make_and_validate_key(key, version=version)
        if seconds == 0:
            self.client.delete(full_key)
            return False
        return bool(self.client.set(full_key, _dumps(value), ex=seconds))

    @_fail_soft(False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        seconds = self._seconds(timeout)
        if seconds == 0:
            return False
        full_key = self.make_and_validate_key(key, version=version)
        return bool(self.client.set(full_key, _dumps(value), ex=seconds, nx=True))

    @_fail_soft([])
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        seconds = self._seconds(timeout)
        with self.client.pipeline() as pipe:
            for key, value in data.items():
                full_key = self.make_and_validate_key(key, version=version)
                if seconds == 0:
                    pipe.delete(full_key)
                else:
                    pipe.set(full_key, _dumps(value), ex=seconds)
            pipe.execute()
        return []

    @_fail_soft(False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        seconds = self._seconds(timeout)
        full_key = self.make_and_validate_key(key, version=version)
        if seconds is None:
            return bool(self.client.persist(full_key))
        return bool(self.client.expire(full_key, seconds))

    def incr(self, key, delta=1, version=None):
        full_key = self.make_and_validate_key(key, version=version)
        if not self.has_key(key, version=version):
            raise ValueError(f"Key '{key}' not found.")  # Django's contract (also when down)
        return self._incr(full_key, delta)

    @_fail_soft(0)
    def _incr(self, full_key, delta):
        return self.client.incr(full_key, delta)

    @_fail_soft(None)
    def _delete(self, *full_keys):
        return self.client.delete(*full_keys)

    def delete(self, key, version=None):
        full_key = self.make_and_validate_key(key, version=version)
        deleted = self._delete(full_key)
        if deleted is None:
            self._remember([full_key])
        return bool(deleted)

    def delete_many(self, keys, version=None):
        full_keys = [self.make_and_validate_key(key, version=version) for key in keys]
        if full_keys and self._delete(*full_keys) is None:
            self._remember(full_keys)

    @_fail_soft(False)
    def clear(self):
        return bool(self.client.flushdb())

    def _remember(self, full_keys):
        room = MAX_PENDING_DELETES - len(_Outage.pending_deletes)
        _Outage.pending_deletes.update(full_keys[: max(0, room)])
