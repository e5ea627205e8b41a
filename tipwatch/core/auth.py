"""Permissions read from the cache, keyed on the permissions version, instead of on every
request; the user read with the cache versions in one query.

The navigation asks for a permission on every page; Django's ModelBackend answers with two
queries per request (the user's permissions and their groups'). Here the answer is cached per
user and permissions version, and any change of who holds which permission bumps that version
(tipwatch.core.apps), so a grant or a revocation applies at once on every worker and host.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from tipwatch.core.pagecache import CACHE_SECONDS
from tipwatch.core.versions import remember_versions, versions, versions_annotations


class CachedPermissionsBackend(ModelBackend):
    def get_user(self, user_id):
        """The user with the cache versions, in the one query every request makes anyway."""
        users = get_user_model()._default_manager.annotate(**versions_annotations())
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        remember_versions(user)
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            # is_active and is_superuser come from the user row, read afresh on each request.
            current = versions(user_obj)
            key = (
                f"perms:{current.identity}.{current.permissions}:"
                f"{user_obj.pk}:{user_obj.is_superuser}"
            )
            permissions = cache.get(key)
            if permissions is None:
                permissions = super().get_all_permissions(user_obj)
                cache.set(key, permissions, CACHE_SECONDS)
            user_obj._perm_cache = permissions
        return user_obj._perm_cache
