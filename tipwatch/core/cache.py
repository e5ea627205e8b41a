"""Redis as an accelerator, never a dependency: a cache backend that fails soft.

When Redis refuses, times out (settings give it short connect and read timeouts) or errors, the
call answers as a miss (get: the default; set: nothing stored), the outage is logged once, and
for RETRY_SECONDS this process does not ask Redis at all, so a hung server costs one timeout per
interval, not one per request. Then the next call tries again; when it succeeds the cache is
used again (logged once too). Pages are then built from the database, sessions read from it
(`cached_db`), permissions computed by Django's backend.

Deletes that failed (a logout's session, say) are remembered, up to MAX_PENDING_DELETES, and
done when Redis answers again, so a copy left in Redis cannot come back to life.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger("tipwatch.core.cache")

RETRY_SECONDS = 5
MAX_PENDING_DELETES = 10_000


_MISSING = object()


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
            backend._cache.delete_many(keys)  # full keys already
    except Exception as error:  # noqa: BLE001
        _Outage.pending_deletes.update(keys)
        _went_down(error)
        return
    logger.warning("Cache answers again: in use (%s deletes made up)", len(keys))


class ReusedClientRedisCacheClient(RedisCacheClient):
    """One redis.Redis per connection pool, made once. Django makes a new one for every call,
    and redis-py fills some 170 response callbacks into each: with the session and the page
    read from the cache, that was a quarter of a cached page's time. The client is
    thread-safe (each command takes a connection from the pool)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def get(self, key, default=None, version=None):
        found = _fail_soft(_MISSING)(RedisCache.get)(self, key, default, version=version)
        return default if found is _MISSING else found

    get_many = _fail_soft({})(RedisCache.get_many)
    has_key = _fail_soft(False)(RedisCache.has_key)
    set = _fail_soft()(RedisCache.set)
    set_many = _fail_soft([])(RedisCache.set_many)
    add = _fail_soft(False)(RedisCache.add)
    touch = _fail_soft(False)(RedisCache.touch)
    incr = _fail_soft(0)(RedisCache.incr)
    clear = _fail_soft(False)(RedisCache.clear)

    def delete(self, key, version=None):
        deleted = _fail_soft(None)(RedisCache.delete)(self, key, version=version)
        if deleted is None:
            self._remember(self.make_and_validate_key(key, version=version))
        return bool(deleted)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        done = _fail_soft(None)(RedisCache.delete_many)(self, keys, version=version)
        if done is None:
            for key in keys:
                self._remember(self.make_and_validate_key(key, version=version))

    def _remember(self, full_key):
        if len(_Outage.pending_deletes) < MAX_PENDING_DELETES:
            _Outage.pending_deletes.add(full_key)
