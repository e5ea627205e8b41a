"""Sessions kept in Redis never outlive a logout or a restore (tipwatch/core/sessions.py), and the
fail-soft backend keeps Django's cache contract on a real Redis (tipwatch/core/cache.py).

These tests use the machine's Redis (127.0.0.1:6379, database 15) under a key prefix of their own.
"""

import uuid

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tipwatch.core import cache as failsoft
from tipwatch.core.versions import renew_identity

pytestmark = pytest.mark.django_db

PAGE = "/changes/"


@pytest.fixture
def redis_sessions():
    """Real Redis as the cache, and the site's session engine over it."""
    prefix = f"tipwatch-test-{uuid.uuid4().hex[:12]}"
    redis_cache = {
        "default": {
            "BACKEND": "tipwatch.core.cache.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    failsoft._Outage.down_until, failsoft._Outage.logged = 0.0, False
    failsoft._Outage.pending_deletes = set()
    with override_settings(CACHES=redis_cache, SESSION_ENGINE="tipwatch.core.sessions"):
        yield caches["default"]
        client = caches["default"].client
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)
    failsoft._Outage.down_until, failsoft._Outage.logged = 0.0, False
    failsoft._Outage.pending_deletes = set()


def logged_in_client(user):
    client = Client()
    client.force_login(user)
    assert client.get(PAGE).status_code == 200  # the session is now copied to Redis
    return client


def replay(client):
    """A new browser presenting the same session cookie."""
    other = Client()
    other.cookies = client.cookies
    return other


def session_reads(client, url=PAGE):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries if "django_session" in q["sql"]]


def test_a_cached_session_is_used_without_reading_the_database(redis_sessions, analyst):
    client = logged_in_client(analyst)
    response, reads = session_reads(client)
    assert response.status_code == 200
    assert reads == []


def test_a_logout_redis_missed_is_not_undone_when_redis_comes_back(redis_sessions, analyst):
    client = logged_in_client(analyst)
    stolen = replay(client)
    # The logout while Redis does not answer: its delete of the cached copy is lost.
    failsoft._Outage.down_until = float("inf")
    assert client.post("/accounts/logout/").status_code in (200, 302)
    # Redis answers again, and this process (like any other worker) has forgotten the delete.
    failsoft._Outage.down_until, failsoft._Outage.pending_deletes = 0.0, set()
    assert redis_sessions.client.keys(f"{redis_sessions.key_prefix}:*session*")  # still there
    response = stolen.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "sessionid" in response.cookies and response.cookies["sessionid"].value == ""


def test_a_restore_ends_sessions_the_restored_database_does_not_have(redis_sessions, analyst):
    client = logged_in_client(analyst)
    # What a restore of a backup taken before this login does: the row is gone and the
    # database has a new identity; the copy in Redis is left behind.
    Session.objects.all().delete()
    renew_identity()
    response = replay(client).get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_after_someone_elses_logout_a_session_is_read_once_then_trusted_again(
    redis_sessions, analyst, manager
):
    mine = logged_in_client(analyst)
    theirs = logged_in_client(manager)
    theirs.post("/accounts/logout/")
    response, reads = session_reads(mine)
    assert response.status_code == 200 and len(reads) == 1  # checked against the database
    response, reads = session_reads(mine)
    assert response.status_code == 200 and reads == []


def test_the_backend_keeps_the_cache_contract(redis_sessions):
    cache = redis_sessions
    assert cache.get("missing", "default") == "default"
    cache.set("page", {"html": "<p>"}, 60)
    assert cache.get("page") == {"html": "<p>"}
    assert cache.add("page", "other") is False and cache.get("page") == {"html": "<p>"}
    assert cache.add("new", 1) is True
    assert cache.incr("new", 4) == 5 and cache.get("new") == 5
    with pytest.raises(ValueError):
        cache.incr("absent")
    cache.set_many({"a": 1, "b": [2]}, 60)
    assert cache.get_many(["a", "b", "absent"]) == {"a": 1, "b": [2]}
    assert cache.has_key("a") and not cache.has_key("absent")
    cache.set("gone", "x", 0)  # a timeout of 0 expires at once
    assert cache.get("gone") is None
    assert cache.touch("a", None) is True and cache.client.ttl(cache.make_key("a")) == -1
    assert cache.delete("a") is True and cache.delete("a") is False
    cache.delete_many(["b", "page"])
    assert cache.get_many(["b", "page"]) == {}
