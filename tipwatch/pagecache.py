"""Page cache: each page is cached under the versions of what it shows.

Versions
    - per country, `Country.cache_version`: bumped by any write to the country's ratings,
      recommendations or status history. The pages of one country (its page, its "what
      changed" view, its recommendations' pages) are keyed on it, so a status recorded on a
      Norway recommendation leaves Afghanistan's pages cached.
    - cross-country aggregates (dashboard, lists, trends, changes): the sum of every country's
      version, which any country's write changes.
    - site-wide, `DataVersion.version` (one row): what changes every page (a user renamed, since
      pages name who recorded a status; a country deleted; a data migration; a restore).
    - permissions, `DataVersion.permissions_version`: who holds which permission (tipwatch.auth).
    - identity, `DataVersion.identity`: random, made at migrate time and renewed by
      `renew_identity()` (after a restore), so two databases sharing one Redis, or a restored
      database reaching version numbers again, never read each other's pages.
    The site-wide values and the sum are read in one query per request (`versions`); a
    country's version comes with its row, which the country's pages read anyway.

Writes
    Every write service is `@writes_pages`: atomic, it collects the countries it changes (the
    model signals of tipwatch.apps and explicit `changed(...)` calls) and bumps their versions
    once, at its end, after the rows it wrote, country rows in id order. So every writer takes
    its locks in one order (its own rows, then countries by id) and no two can deadlock.
    A save outside any service (the admin's single saves) bumps at once. Data derived per
    country (the status tally) is refreshed right after, under the countries' locks.

Two levels
    - a page's parts (what is the same for every user who may see it), under its scope's
      version: a write to Norway leaves Afghanistan's parts cached.
    - the whole response of one user (`@cached_response`), under an ETag of every version:
      one cache read before the view runs (no lookup of the country or recommendation), or a
      304. Any write makes these anew, from the cached parts where their scope did not change.

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
from typing import NamedTuple
from urllib.parse import urlencode

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from tipwatch.models import DataVersion, new_identity
from tipwatch.people import names_shown

CACHE_SECONDS = 60 * 60
LOCAL_RESPONSE_BYTES = 8 * 1024 * 1024  # per process, see LocalResponses


class Versions(NamedTuple):
    identity: str
    site: int
    permissions: int
    countries: int


NO_VERSIONS = Versions("none", 0, 0, 0)
COUNTRIES_SUM = "SELECT COALESCE(SUM(cache_version), 0) FROM countries_country"


def versions(request=None):
    """The cache versions, read in one query, memoised on the request and its user (or on a
    user alone, as the permissions backend passes). tipwatch.auth reads them with the user."""
    holders = [holder for holder in (request, getattr(request, "user", None)) if holder]
    for holder in holders:
        if hasattr(holder, "_cache_versions"):
            return holder._cache_versions
    row = (
        DataVersion.objects.filter(pk=1)
        .annotate(countries=RawSQL(COUNTRIES_SUM, []))
        .values_list("identity", "version", "permissions_version", "countries")
        .first()
    )
    found = Versions(*row) if row else NO_VERSIONS
    for holder in holders:
        holder._cache_versions = found
    return found


VERSION_COLUMNS = {
    "identity": "identity",
    "site": "version",
    "permissions": "permissions_version",
}


def versions_annotations():
    """The versions as subqueries, to annotate onto another query (the user's, per request)."""
    columns = {
        f"_version_{name}": RawSQL(f"SELECT {column} FROM countries_dataversion WHERE id = 1", [])
        for name, column in VERSION_COLUMNS.items()
    }
    return {**columns, "_version_countries": RawSQL(COUNTRIES_SUM, [])}


def remember_versions(holder):
    """Memoise the versions annotated by versions_annotations() onto holder."""
    values = [getattr(holder, f"_version_{name}") for name in Versions._fields]
    holder._cache_versions = Versions(*values) if values[0] is not None else NO_VERSIONS


# -- writes ------------------------------------------------------------------------------------

_writing = threading.local()


class _Changes:
    def __init__(self):
        self.countries, self.rebuild, self.site, self.permissions = set(), set(), False, False


def changed(*, countries=(), site=False, permissions=False, rebuild=True):
    """Record what a write changed: collected by the running `writes_pages` service and bumped
    at its end, or bumped at once outside any. rebuild=False: the writer kept the countries'
    derived data itself (see refresh_with_countries)."""
    pending = getattr(_writing, "changes", None)
    if pending is None:
        pending = _Changes()
        _collect(pending, countries, site, permissions, rebuild)
        _bump(pending)
    else:
        _collect(pending, countries, site, permissions, rebuild)


def _collect(pending, countries, site, permissions, rebuild):
    countries = {country for country in countries if country is not None}
    pending.countries |= countries
    if rebuild:
        pending.rebuild |= countries
    pending.site |= site
    pending.permissions |= permissions


def writes_pages(function):
    """Make a write service atomic and bump what it changed once, at its end (see above)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if getattr(_writing, "changes", None) is not None:  # inside another service: its end
            with transaction.atomic():
                return function(*args, **kwargs)
        with transaction.atomic():
            _writing.changes = pending = _Changes()
            try:
                result = function(*args, **kwargs)
            finally:
                _writing.changes = None
            _bump(pending)
        return result

    return wrapper


_refreshers = []


def refresh_with_countries(function):
    """Register function(country_ids) to refresh data derived per country (e.g. a tally): run
    after each bump of their versions, with their rows locked, so never twice at once."""
    _refreshers.append(function)


def _bump(pending):
    from countries.models import Country

    countries = sorted(pending.countries)
    if len(countries) > 1:
        # Lock the rows in id order first: one UPDATE of many rows locks them in scan order.
        list(
            Country.objects.select_for_update()
            .filter(pk__in=countries)
            .order_by("pk")
            .values_list("pk")
        )
    if countries:
        Country.objects.filter(pk__in=countries).update(cache_version=F("cache_version") + 1)
    if pending.rebuild:
        for refresh in _refreshers:
            refresh(sorted(pending.rebuild))
    fields = {}
    if pending.site:
        fields["version"] = F("version") + 1
    if pending.permissions:
        fields["permissions_version"] = F("permissions_version") + 1
    if fields and not DataVersion.objects.filter(pk=1).update(**fields):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1, "permissions_version": 1})


def renew_identity():
    """Give this database a new cache identity: no page cached before (e.g. before a restore
    brought back an older copy) can be served again."""
    if not DataVersion.objects.filter(pk=1).update(
        identity=new_identity(), version=F("version") + 1
    ):
        DataVersion.objects.create(pk=1, version=1)


# -- reads -------------------------------------------------------------------------------------


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
    account names are kept apart from those that may not (tipwatch.people)."""
    current = versions(request)
    scope_version = f"c{scope.pk}-{scope.cache_version}" if scope else f"all-{current.countries}"
    names = "names" if names_shown(request) else "no-names"
    query = canonical_query(request.GET, params)
    identity = "|".join([request.path, query, names, *map(str, vary)])
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"page:{name}:{current.identity}.{current.site}.{scope_version}:{digest}"


def cached_parts(request, name, render, *vary, scope=None, params=()):
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


def cached_page(request, name, templates, build_context, *vary, texts=(), scope=None, params=()):
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

    return cached_parts(request, name, render, *vary, scope=scope, params=params)


def render_page(
    request, template, parts, build_context, *vary,
    texts=(), scope=None, params=(), **context,
):  # fmt: skip
    """Render `template` around its cached `parts` (see `cached_page`), given to it as `parts`.

    A context value "status" (e.g. 400 for invalid filters) becomes the response's status code.
    The view's `@cached_response` keeps the whole response when it is a 200.
    """
    name = template.rsplit("/", 1)[-1].removesuffix(".html")
    cached = cached_page(
        request, name, parts, build_context, *vary,
        texts=(*texts, "status"), scope=scope, params=params,
    )  # fmt: skip
    status = int(cached.get("status") or 200)
    response = render(request, template, {"parts": cached, **context}, status=status)
    response.whole_page_cacheable = status == 200
    return response


def cached_response(view):
    """Serve a page view's whole response from the cache, or answer 304, before the view runs.

    The response is kept under an ETag made of every version (site-wide and the sum of the
    countries'), the URL, and what the page shows of its user (who, their permissions, their
    CSRF secret, the day): asked again before anything is written, the page is one cache read,
    with no lookup of the country or recommendation it shows; asked with that ETag, a 304.
    After a write anywhere the view runs again, but a page of another country still gets its
    parts from the cache under its own country's version (`render_page`), so it costs a lookup
    and the page's frame. Never while messages wait to be shown (they are rendered once), and
    only for responses `render_page` made.
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
        str(current.countries),
        str(current.permissions),
        request.get_full_path(),
        str(user.pk) if user and user.is_authenticated else "",
        "names" if names_shown(request) else "no-names",
        request.META.get("CSRF_COOKIE", ""),
        timezone.localdate().isoformat(),  # forms default to today's date
    ]
    return '"' + hashlib.sha256("|".join(seen).encode()).hexdigest()[:32] + '"'


def render_body_page(
    request, template_dir, name, build_context, *,
    texts=(), scope=None, params=(), **context,
):  # fmt: skip
    """`<template_dir>/<name>.html` around its cached body `<template_dir>/_<name>_body.html`."""
    body = {"body": f"{template_dir}/_{name}_body.html"}
    return render_page(
        request, f"{template_dir}/{name}.html", body, build_context,
        texts=texts, scope=scope, params=params, **context,
    )  # fmt: skip
