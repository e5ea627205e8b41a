"""Page caching keyed on the data version, so that any write shows at once everywhere.

Every write that changes what pages show bumps `countries.DataVersion` (the services call
`bump_data_version`; model signals cover single saves such as the admin's). Cache keys include
the version, so old entries are simply never read again, on every worker and host.
"""

import hashlib

from django.core.cache import cache
from django.db.models import F
from django.utils.safestring import mark_safe

CACHE_SECONDS = 24 * 60 * 60


def data_version(request=None):
    """The current data version (read once per request when given the request)."""
    from countries.models import DataVersion

    if request is not None and hasattr(request, "_data_version"):
        return request._data_version
    version = DataVersion.objects.values_list("version", flat=True).first() or 0
    if request is not None:
        request._data_version = version
    return version


def bump_data_version(**_signal_arguments):
    """Mark every cached page as outdated (call inside the writing transaction)."""
    from countries.models import DataVersion

    if not DataVersion.objects.filter(pk=1).update(version=F("version") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def page_key(request, name, *vary):
    """A cache key for one page: its name, the data version, the full path and `vary`."""
    identity = "|".join([request.get_full_path(), *map(str, vary)])
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"page:{name}:{data_version(request)}:{digest}"


def cached_html(request, name, render, *vary):
    """The HTML that `render()` returns, from the cache when this page was made already.

    `render` does the page's queries and template rendering, so a hit costs neither. Only
    what is the same for every user who may see the page belongs in it; pass anything else
    that changes the output (e.g. a permission) in `vary`.
    """
    key = page_key(request, name, *vary)
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, CACHE_SECONDS)
    # The fragment was rendered by our own templates, with autoescaping, before it was cached.
    return mark_safe(html)


def etag_for(request, *vary):
    """An ETag for conditional GETs: the same data, user and URL give the same tag."""
    identity = "|".join(
        [str(data_version(request)), str(request.user.pk), request.get_full_path(), *map(str, vary)]
    )
    return hashlib.sha256(identity.encode()).hexdigest()[:40]
