"""A request budget per token: the next request gets a clear 429; the cache going away lets
requests through instead of failing them."""

import pytest
from django.core.cache import cache

from tests.tipwatch.api.conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "3/minute"},
    }


def test_the_fourth_request_of_a_token_is_throttled(client, analyst, token_for, three_a_minute):
    first, second = token_for(analyst, "one"), token_for(analyst, "two")
    for _ in range(3):
        assert client.get("/api/v1/tiers/", **bearer(first)).status_code == 200
    answer = client.get("/api/v1/tiers/", **bearer(first))
    assert answer.status_code == 429
    assert "throttled" in answer.json()["detail"]
    assert int(answer["Retry-After"]) > 0
    # The budget is the token's: another token of the same user still has its own.
    assert client.get("/api/v1/tiers/", **bearer(second)).status_code == 200


def test_sessions_are_throttled_per_user(analyst_client, three_a_minute):
    codes = [analyst_client.get("/api/v1/countries/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_no_cache_means_no_throttle_not_an_error(
    client, analyst, token_for, three_a_minute, monkeypatch
):
    raw = token_for(analyst)

    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    codes = {client.get("/api/v1/tiers/", **bearer(raw)).status_code for _ in range(5)}
    assert codes == {200}
