"""The version store: numbers that change whenever what a page shows changes.

The page cache (tipwatch/core/pagecache.py) keys pages on them, and the permissions backend
(tipwatch/core/auth.py) keys who may do what on them.

Versions
    - per scope: a model registered by its app (`register_scope_model`; the countries app
      registers `Country`, whose `cache_version` column holds it). Any write to a row that
      belongs to a scope (registered with `register_scoped_rows`) bumps that scope's version, so
      a status recorded on a Norway recommendation leaves Afghanistan's pages cached.
    - cross-scope aggregates (dashboard, lists, trends, changes): the sum of every scope's
      version, which any scope's write changes.
    - site-wide, `DataVersion.version` (one row): what changes every page (a user renamed, since
      pages name who recorded a status; a scope deleted; a data migration; a restore).
    - permissions, `DataVersion.permissions_version`: who holds which permission.
    - sessions, `DataVersion.sessions_version`: bumped by every logout (tipwatch/core/sessions.py).
    - identity, `DataVersion.identity`: random, made at migrate time and renewed by
      `renew_identity()` (after a restore), so two databases sharing one Redis, or a restored
      database reaching version numbers again, never read each other's pages.
    The site-wide values and the sum are read in one query per request (`versions`); a scope's
    version comes with its row, which its pages read anyway.

Writes
    Every write service is `@atomic_write`: one transaction, in which it collects the scopes it
    changes (the model signals wired by `register_scoped_rows` and explicit `changed(...)`
    calls) and bumps their versions once, at its end, after the rows it wrote, scope rows in id
    order. So every writer takes its locks in one order (its own rows, then scopes by id) and no
    two can deadlock. A save outside any service (the admin's single saves) bumps at once. Data
    derived per scope (`register_scope_refresher`, e.g. the status tally) is refreshed right
    after, under the scopes' locks.
"""

import functools
import threading
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save

from tipwatch.core.models import DataVersion, new_identity


class Versions(NamedTuple):
    identity: str
    site: int
    permissions: int
    scopes: int
    sessions: int


NO_VERSIONS = Versions("none", 0, 0, 0, 0)
SCOPE_VERSION_FIELD = "cache_version"


class _Registry:
    """What the apps told the core in their ready(): the scope model and who belongs to it."""

    scope_model = None
    scope_of = {}  # model label -> function(row) -> the scope's primary key
    refreshers = []


def register_scope_model(model):
    """`model` (with a `cache_version` column) carries the per-scope versions. Deleting one
    lowers the sum of the versions, so it outdates every page."""
    _Registry.scope_model = model
    post_delete.connect(_site_changed, sender=model, dispatch_uid="versions-scope-deleted")


def register_scoped_rows(model, scope_of):
    """Rows of `model` belong to the scope `scope_of(row)` returns (a primary key): a single save
    or delete (the admin's among them) outdates that scope's pages."""
    _Registry.scope_of[model._meta.label] = scope_of
    for signal in (post_save, post_delete):
        signal.connect(
            _scoped_row_changed, sender=model, dispatch_uid=f"versions-{model._meta.label}-{signal}"
        )


def register_scope_refresher(function):
    """Register function(scope_ids) to refresh data derived per scope (e.g. a tally): run after
    each bump of their versions, with their rows locked, so never twice at once."""
    _Registry.refreshers.append(function)


def _scoped_row_changed(sender, instance, **kwargs):
    changed(scopes=[_Registry.scope_of[sender._meta.label](instance)])


def _site_changed(**kwargs):
    changed(site=True)


def _scopes_sum_sql():
    table = connection.ops.quote_name(_Registry.scope_model._meta.db_table)
    return f"SELECT COALESCE(SUM({SCOPE_VERSION_FIELD}), 0) FROM {table}"


# -- reads -------------------------------------------------------------------------------------


def versions(request=None):
    """The versions, read in one query, memoised on the request and its user (or on a user
    alone, as the permissions backend passes)."""
    holders = [holder for holder in (request, getattr(request, "user", None)) if holder]
    for holder in holders:
        if hasattr(holder, "_cache_versions"):
            return holder._cache_versions
    row = (
        DataVersion.objects.filter(pk=1)
        .annotate(scopes=RawSQL(_scopes_sum_sql(), []))
        .values_list("identity", "version", "permissions_version", "scopes", "sessions_version")
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
    "sessions": "sessions_version",
}


def versions_annotations():
    """The versions as subqueries, to annotate onto another query (the user's, per request)."""
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    columns = {
        f"_version_{name}": RawSQL(f"SELECT {column} FROM {table} WHERE id = 1", [])
        for name, column in VERSION_COLUMNS.items()
    }
    return {**columns, "_version_scopes": RawSQL(_scopes_sum_sql(), [])}


def remember_versions(holder):
    """Memoise the versions annotated by versions_annotations() onto holder."""
    values = [getattr(holder, f"_version_{name}") for name in Versions._fields]
    holder._cache_versions = Versions(*values) if values[0] is not None else NO_VERSIONS


def sessions_stamp(current):
    """What a session copy in the cache is checked against (tipwatch/core/sessions.py): the
    database it came from and the logouts since."""
    return f"{current.identity}.{current.sessions}"


# -- writes ------------------------------------------------------------------------------------

_writing = threading.local()


class _Changes:
    def __init__(self):
        self.scopes, self.rebuild = set(), set()
        self.site = self.permissions = self.sessions = False


def changed(*, scopes=(), site=False, permissions=False, sessions=False, rebuild=True):
    """Record what a write changed: collected by the running `atomic_write` service and bumped
    at its end, or bumped at once outside any. rebuild=False: the writer kept the scopes'
    derived data itself (see register_scope_refresher)."""
    pending = getattr(_writing, "changes", None)
    if pending is None:
        pending = _Changes()
        _collect(pending, scopes, site, permissions, sessions, rebuild)
        _bump(pending)
    else:
        _collect(pending, scopes, site, permissions, sessions, rebuild)


def _collect(pending, scopes, site, permissions, sessions, rebuild):
    scopes = {scope for scope in scopes if scope is not None}
    pending.scopes |= scopes
    if rebuild:
        pending.rebuild |= scopes
    pending.site |= site
    pending.permissions |= permissions
    pending.sessions |= sessions


def atomic_write(function):
    """A write service: atomic, and what it changed is bumped once, at its end (see above)."""

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


def _bump(pending):
    scopes = sorted(pending.scopes)
    model = _Registry.scope_model
    if len(scopes) > 1:
        # Lock the rows in id order first: one UPDATE of many rows locks them in scan order.
        list(
            model.objects.select_for_update().filter(pk__in=scopes).order_by("pk").values_list("pk")
        )
    if scopes:
        model.objects.filter(pk__in=scopes).update(
            **{SCOPE_VERSION_FIELD: F(SCOPE_VERSION_FIELD) + 1}
        )
    if pending.rebuild:
        for refresh in _Registry.refreshers:
            refresh(sorted(pending.rebuild))
    fields = {}
    if pending.site:
        fields["version"] = F("version") + 1
    if pending.permissions:
        fields["permissions_version"] = F("permissions_version") + 1
    if pending.sessions:
        fields["sessions_version"] = F("sessions_version") + 1
    if fields and not DataVersion.objects.filter(pk=1).update(**fields):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1, "permissions_version": 1})


def renew_identity():
    """Give this database a new cache identity: no page cached before (e.g. before a restore
    brought back an older copy) can be served again."""
    if not DataVersion.objects.filter(pk=1).update(
        identity=new_identity(), version=F("version") + 1
    ):
        DataVersion.objects.create(pk=1, version=1)
