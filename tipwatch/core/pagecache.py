"""Page cache: each page is cached under the versions of what it shows (tipwatch/core/versions.py).

Two levels
    - a page's parts (what is the same for every user who may see it), under its scope's
      version: a write to Norway leaves Afghanistan's parts cached. A view renders its template
      around them with `render_cached_parts` (or `render_cached_body`, for the common template
      shape of a page around one cached body).
    - the whole response of one user (`@cache_whole_response` on the view), under an ETag of
      every version: one cache read before the view runs (no lookup of the country or
      recommendation), or a 304. Any write makes these anew, from the cached parts where their
      scope did not change.

Keys
    `page:<name>:<identity>.<site>.<scope version>:<digest of path, canonical query, vary>`.
    Only canonical URLs are cached: query parameters the page does not take are dropped, the
    rest sorted, empty values and defaults left out; a page with invalid filters (status not
    200) is not cached. Entries expire after CACHE_SECONDS; the cache's own bound (Redis
    maxmemory with an LRU policy, LocMemCache MAX_ENTRIES) keeps its size in check.
"""

import collections
import functools
import hashlib
import threading
from urllib.parse import urlencode

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from tipwatch.core.people import names_shown
from tipwatch.core.versions import versions

CACHE_SECONDS = 60 * 60
LOCAL_RESPONSE_BYTES = 8 * 1024 * 1024  # per process, see LocalResponses


def canonical_query(query, params=(), defaults=None):
    """The query string of `query` (a QueryDict) in one canonical form: only `params`, sorted,
    values sorted, empty values and `defaults` ({name: value}) left out."""
    defaults = {"page": "1", **(defaults or {})}
    pairs = sorted(
        (name, value)
        for name in set(params)
        for value in query.getlist(name)
        if value.strip() and defaults.get(name) != value
    )
    return urlencode(pairs)


def page_key(request, name, *vary, scope=None, params=()):
    """A cache key for one page (see the module's "Keys"). `scope` is the country the page shows
    (its pages are keyed on its version) or None for pages across countries. Pages that show
    account names are kept apart from those that may not (tipwatch.core.people)."""
    current = versions(request)
    scope_version = f"c{scope.pk}-{scope.cache_version}" if scope else f"all-{current.scopes}"
    names = "names" if names_shown(request) else "no-names"
    query = canonical_query(request.GET, params)
    identity = "|".join([request.path, query, names, *map(str, vary)])
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"page:{name}:{current.identity}.{current.site}.{scope_version}:{digest}"


def cached_or_rendered_parts(request, name, render, *vary, scope=None, params=()):
    """A page's HTML fragments from the cache when this page was made already, else from
    `render()`, which returns a dict of HTML strings (e.g. the parts above and below a form
    that stays outside the cache) and does the page's queries and rendering, so a hit costs
    neither. Only what is the same for every user who may see the page belongs in it; pass
    anything else that changes the output (e.g. a permission) in `vary`. A "status" part other
    than 200 (invalid filters) is returned but not cached."""
    key = page_key(request, name, *vary, scope=scope, params=params)
    parts = cache.get(key)
    if parts is None:
        parts = {part: str(html) for part, html in render().items()}
        if str(parts.get("status", 200)) == "200":
            cache.set(key, parts, CACHE_SECONDS)
    # Each part was rendered by our own templates, or escaped, before it was cached.
    return {part: mark_safe(html) for part, html in parts.items()}


def cached_or_rendered_templates(
    request, name, templates, build_context, *vary, texts=(), scope=None, params=()
):
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

    return cached_or_rendered_parts(request, name, render, *vary, scope=scope, params=params)


def render_cached_parts(
    request,
    template,
    parts,
    build_context,
    *vary,
    texts=(),
    scope=None,
    params=(),
    **context,
):
    """Render `template` around its cached `parts` (see `cached_or_rendered_templates`), given
    to it as `parts`.

    A context value "status" (e.g. 400 for invalid filters) becomes the response's status code.
    The view's `@cache_whole_response` keeps the whole response when it is a 200.
    """
    name = template.rsplit("/", 1)[-1].removesuffix(".html")
    cached = cached_or_rendered_templates(
        request,
        name,
        parts,
        build_context,
        *vary,
        texts=(*texts, "status"),
        scope=scope,
        params=params,
    )
    status = int(cached.get("status") or 200)
    response = render(request, template, {"parts": cached, **context}, status=status)
    response.whole_page_cacheable = status == 200
    return response


def cache_whole_response(view):
    """Serve a page view's whole response from the cache, or answer 304, before the view runs.

    The response is kept under an ETag made of every version (site-wide and the sum of the
    countries'), the URL, and what the page shows of its user (who, their permissions, their
    CSRF secret, the day): asked again before anything is written, the page is one cache read,
    with no lookup of the country or recommendation it shows; asked with that ETag, a 304.
    After a write anywhere the view runs again, but a page of another country still gets its
    parts from the cache under its own country's version (`render_cached_parts`), so it costs a
    lookup and the page's frame. Never while messages wait to be shown (they are rendered once), and
    only for responses `render_cached_parts` made.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        etag = _etag(request)
        if etag and etag in request.headers.get("If-None-Match", ""):
            return _with_etag(HttpResponseNotModified(), etag)
        if etag and (body := _cached_body(etag)) is not None:
            return _with_etag(HttpResponse(body), etag)
        response = view(request, *args, **kwargs)
        if etag and getattr(response, "whole_page_cacheable", False):
            cache.set(f"response:{etag}", response.content, CACHE_SECONDS)
            local_responses.put(etag, response.content)
            _with_etag(response, etag)
        return response

    return wrapper


def _cached_body(etag):
    body = local_responses.get(etag)
    if body is None:
        body = cache.get(f"response:{etag}")
        if body is not None:
            local_responses.put(etag, body)
    return body


class LocalResponses:
    """The responses this process served last, by ETag, in its own memory: a hit costs no
    round trip to Redis. An ETag names every version the page depends on, so an entry never
    goes stale (a write makes new ETags); old ones are dropped, least recently used first,
    beyond `max_bytes`."""

    def __init__(self, max_bytes):
        self.max_bytes, self.size = max_bytes, 0
        self._bodies = collections.OrderedDict()
        self._lock = threading.Lock()

    def get(self, etag):
        with self._lock:
            body = self._bodies.get(etag)
            if body is not None:
                self._bodies.move_to_end(etag)
            return body

    def put(self, etag, body):
        if len(body) > self.max_bytes:
            return
        with self._lock:
            old = self._bodies.pop(etag, None)
            self.size += len(body) - (len(old) if old is not None else 0)
            self._bodies[etag] = body
            while self.size > self.max_bytes:
                _, dropped = self._bodies.popitem(last=False)
                self.size -= len(dropped)

    def clear(self):
        with self._lock:
            self._bodies.clear()
            self.size = 0


local_responses = LocalResponses(LOCAL_RESPONSE_BYTES)


def _with_etag(response, etag):
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def _etag(request):
    """None when the response must be rendered: not a GET, or messages to show."""
    if request.method not in ("GET", "HEAD"):
        return None
    if get_messages(request):
        return None
    user = getattr(request, "user", None)
    current = versions(request)
    seen = [
        current.identity,
        str(current.site),
        str(current.scopes),
        str(current.permissions),
        request.get_full_path(),
        str(user.pk) if user and user.is_authenticated else "",
        "names" if names_shown(request) else "no-names",
        request.META.get("CSRF_COOKIE", ""),
        timezone.localdate().isoformat(),  # forms default to today's date
    ]
    return '"' + hashlib.sha256("|".join(seen).encode()).hexdigest()[:32] + '"'


def render_cached_body(
    request,
    template_dir,
    name,
    build_context,
    *,
    texts=(),
    scope=None,
    params=(),
    **context,
):
    """`<template_dir>/<name>.html` around its cached body `<template_dir>/_<name>_body.html`."""
    body = {"body": f"{template_dir}/_{name}_body.html"}
    return render_cached_parts(
        request,
        f"{template_dir}/{name}.html",
        body,
        build_context,
        texts=texts,
        scope=scope,
        params=params,
        **context,
    )
