"""Page caching keyed on the data version, so that any write shows at once everywhere.

Every write that changes what pages show bumps `countries.DataVersion` (the services call
`bump_data_version`; model signals cover single saves such as the admin's). Cache keys include
the version, so old entries are simply never read again, on every worker and host.
"""

import hashlib

from django.core.cache import cache
from django.db.models import F
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from tipwatch.people import names_shown

CACHE_SECONDS = 24 * 60 * 60


def data_version(request=None):
    """The current data version, read once per request when given the request (or its user,
    as the permissions backend does): memoised on both."""
    from tipwatch.models import DataVersion

    holders = [holder for holder in (request, getattr(request, "user", None)) if holder]
    for holder in holders:
        if hasattr(holder, "_data_version"):
            return holder._data_version
    version = DataVersion.objects.values_list("version", flat=True).first() or 0
    for holder in holders:
        holder._data_version = version
    return version


def bump_data_version(**_signal_arguments):
    """Mark every cached page as outdated (call inside the writing transaction)."""
    from tipwatch.models import DataVersion

    if not DataVersion.objects.filter(pk=1).update(version=F("version") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def page_key(request, name, *vary):
    """A cache key for one page: its name, the data version, the full path, whether account
    names may be shown (tipwatch.people) and `vary`."""
    names = "names" if names_shown(request) else "no-names"
    identity = "|".join([request.get_full_path(), names, *map(str, vary)])
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"page:{name}:{data_version(request)}:{digest}"


def cached_parts(request, name, render, *vary):
    """A page's HTML fragments from the cache when this page was made already, else from
    `render()`, which returns a dict of HTML strings (e.g. the parts above and below a form
    that stays outside the cache) and does the page's queries and rendering, so a hit costs
    neither. Only what is the same for every user who may see the page belongs in it; pass
    anything else that changes the output (e.g. a permission) in `vary`."""
    key = page_key(request, name, *vary)
    parts = cache.get(key)
    if parts is None:
        parts = {part: str(html) for part, html in render().items()}
        cache.set(key, parts, CACHE_SECONDS)
    # Each part was rendered by our own templates, or escaped, before it was cached.
    return {part: mark_safe(html) for part, html in parts.items()}


def cached_page(request, name, templates, build_context, *vary, texts=()):
    """A page's cacheable fragments: each of `templates` (part -> template name) rendered with
    `build_context()`, which runs only on a miss; `texts` names context values (such as the
    page title) wanted as escaped text parts too."""

    def render():
        context = build_context()
        parts = {
            part: render_to_string(template, context, request=request)
            for part, template in templates.items()
        }
        parts.update({text: conditional_escape(context[text]) for text in texts if text in context})
        return parts

    return cached_parts(request, name, render, *vary)


def render_page(request, template, parts, build_context, *vary, texts=(), **context):
    """Render `template` around its cached `parts` (see `cached_page`), given to it as `parts`.

    A context value "status" (e.g. 400 for invalid filters) is cached too and becomes the
    response's status code.
    """
    name = template.rsplit("/", 1)[-1].removesuffix(".html")
    cached = cached_page(request, name, parts, build_context, *vary, texts=(*texts, "status"))
    status = int(cached.get("status") or 200)
    return render(request, template, {"parts": cached, **context}, status=status)


def render_body_page(request, template_dir, name, build_context, *, texts=(), **context):
    """`<template_dir>/<name>.html` around its cached body `<template_dir>/_<name>_body.html`."""
    body = {"body": f"{template_dir}/_{name}_body.html"}
    return render_page(
        request, f"{template_dir}/{name}.html", body, build_context, texts=texts, **context
    )
