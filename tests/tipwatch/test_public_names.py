"""In public mode (PUBLIC_READ_ONLY) anonymous visitors never see an account name: not on
pages, not in the "Recorded by" filter, not in exports; logged-in users still do."""

import csv

import pytest
from django.test import Client

from tests.factories import (
    get_country,
    make_ratings,
    make_recommendation,
    make_status,
    make_user,
)

pytestmark = pytest.mark.django_db

PAGES = ["/", "/changes/", "/changes/?format=csv"]


@pytest.fixture
def recorded(settings):
    settings.PUBLIC_READ_ONLY = True
    make_ratings(get_country("NOR"), {2022: "2", 2023: "2"})
    rec = make_recommendation(get_country("NOR"), year=2023)
    recorder = make_user(username="jdoe-secret", groups=["Admin"])
    make_user(username="superroot", is_superuser=True)
    make_status(rec, "in_progress", note="Seen.", user=recorder)
    return rec


def text_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def names_in(client, path):
    text = text_of(client.get(path))
    return [name for name in ("jdoe-secret", "superroot") if name in text]


@pytest.mark.parametrize("path", [*PAGES, "detail"])
def test_anonymous_visitors_see_no_account_name(recorded, path):
    path = recorded.get_absolute_url() if path == "detail" else path
    response = Client().get(path)
    assert response.status_code == 200
    assert names_in(Client(), path) == []
    assert "an admin" in text_of(response)


@pytest.mark.parametrize("path", [*PAGES, "detail"])
def test_logged_in_users_still_see_who_recorded(recorded, analyst, path):
    path = recorded.get_absolute_url() if path == "detail" else path
    anonymous = Client()
    anonymous.get(path)  # cached for anonymous visitors first: must not leak either way
    client = Client()
    client.force_login(analyst)
    assert "jdoe-secret" in names_in(client, path)
    assert names_in(anonymous, path) == []


def test_the_recorded_by_filter_is_not_offered_to_anonymous_visitors(recorded, analyst):
    page = Client().get("/changes/").content.decode()
    assert 'name="recorded_by"' not in page
    # Filtering by a name is ignored, so it cannot tell which accounts exist.
    assert Client().get("/changes/", {"recorded_by": "nobody-such"}).status_code == 200
    client = Client()
    client.force_login(analyst)
    assert 'name="recorded_by"' in client.get("/changes/").content.decode()
    assert client.get("/changes/", {"recorded_by": "nobody-such"}).status_code == 400


def test_the_csv_names_the_role_for_anonymous_visitors(recorded):
    header, row = csv.reader(text_of(Client().get("/changes/?format=csv")).splitlines())
    assert dict(zip(header, row, strict=True))["recorded_by"] == "an admin"
