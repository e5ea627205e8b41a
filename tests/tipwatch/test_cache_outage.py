"""The cache is an accelerator: when Redis is down or failing, pages are built from the database,
the outage is logged once, and the cache is used again when it answers."""

import logging

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from tests.factories import get_country, make_recommendation
from tipwatch.core import cache as failsoft

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "tipwatch.core.cache.FailSoftRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
}
PAGES = ["/", "/countries/", "/countries/norway/", "/recommendations/", "/trends/", "/changes/"]


@pytest.fixture(autouse=True)
def cache_up_again():
    failsoft._Outage.down_until, failsoft._Outage.logged = 0.0, False
    failsoft._Outage.pending_deletes = set()
    yield
    failsoft._Outage.down_until, failsoft._Outage.logged = 0.0, False


class Flaky:
    """A Redis client that fails while `down`, else stores in a dict."""

    def __init__(self):
        self.down, self.data, self.deleted = True, {}, []

    def _check(self):
        if self.down:
            raise ConnectionError("Connection refused")

    def get(self, key):
        self._check()
        return self.data.get(key)

    def set(self, key, value, ex=None, nx=False):
        self._check()
        self.data[key] = value
        return True

    def delete(self, *keys):
        self._check()
        self.deleted += keys
        return sum(self.data.pop(key, None) is not None for key in keys)


def flaky_backend():
    """The backend over a stand-in for its redis-py client."""
    backend = failsoft.FailSoftRedisCache("redis://127.0.0.1:1/0", {})
    backend.client = Flaky()
    return backend


def test_pages_answer_from_the_database_with_redis_down(caplog, admin_user):
    make_recommendation(country=get_country("NOR"), year=2023, text="Built from the database.")
    with override_settings(CACHES=DEAD_REDIS, SESSION_ENGINE="tipwatch.core.sessions"):
        client = Client()
        client.force_login(admin_user)
        with caplog.at_level(logging.WARNING, logger="tipwatch.core.cache"):
            for url in PAGES * 2:
                assert client.get(url).status_code == 200, url
                failsoft._Outage.down_until = 0.0  # ask Redis again each time: still down
        assert "Built from the database." in client.get("/recommendations/").content.decode()
    outages = [r for r in caplog.records if r.name == "tipwatch.core.cache"]
    assert len(outages) == 1 and "Cache unavailable" in outages[0].getMessage()


def test_a_login_works_with_redis_down(analyst):
    with override_settings(CACHES=DEAD_REDIS, SESSION_ENGINE="tipwatch.core.sessions"):
        client = Client()
        response = client.post(
            "/accounts/login/", {"username": analyst.username, "password": "a-long-test-password"}
        )
        assert response.status_code == 302
        assert client.get("/changes/").status_code == 200


def test_failures_are_misses_logged_once_and_the_cache_is_used_again(caplog):
    backend = flaky_backend()
    with caplog.at_level(logging.WARNING, logger="tipwatch.core.cache"):
        assert backend.get("page", "miss") == "miss"
        backend.set("page", "html")
        assert backend.get("page") is None
        backend.client.down = False
        assert backend.get("page") is None  # still within RETRY_SECONDS: Redis not asked
        failsoft._Outage.down_until = 0.0  # the interval has passed
        backend.set("page", "html")
        assert backend.get("page") == "html"
    messages = [r.getMessage() for r in caplog.records if r.name == "tipwatch.core.cache"]
    assert len(messages) == 2
    assert messages[0].startswith("Cache unavailable") and "answers again" in messages[1]


def test_deletes_missed_during_an_outage_are_made_when_it_ends():
    backend = flaky_backend()
    backend.client.down = False
    backend.set("session", "logged in")
    backend.client.down = True
    backend.delete("session")  # a logout while Redis is away
    backend.client.down = False
    failsoft._Outage.down_until = 0.0
    assert backend.get("other") is None  # the first call that succeeds
    assert backend.client.deleted == [backend.make_key("session")]


def test_the_local_default_cache_is_bounded():
    assert cache._max_entries == 500


def test_one_redis_client_made_once_with_the_options():
    options = {"socket_timeout": 0.25}
    backend = failsoft.FailSoftRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": options})
    pool = backend.client.connection_pool  # makes no connection yet
    assert pool.connection_kwargs["socket_timeout"] == 0.25
    assert pool.connection_kwargs["port"] == 1
