"""Permissions read from the cache, keyed on the data version, instead of on every request.

The navigation asks for a permission on every page; Django's ModelBackend answers with two
queries per request (the user's permissions and their groups'). Here the answer is cached per
user and data version, and any change of who holds which permission bumps the data version
(tipwatch.apps), so a grant or a revocation applies at once on every worker and host.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from tipwatch.pagecache import CACHE_SECONDS, data_version


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            # is_active and is_superuser come from the user row, read afresh on each request.
            key = f"perms:{data_version(user_obj)}:{user_obj.pk}:{user_obj.is_superuser}"
            permissions = cache.get(key)
            if permissions is None:
                permissions = super().get_all_permissions(user_obj)
                cache.set(key, permissions, CACHE_SECONDS)
            user_obj._perm_cache = permissions
        return user_obj._perm_cache
