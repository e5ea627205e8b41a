"""The read API: shapes (codes and labels, ISO dates), filters shared with the list page,
pagination and its stable order, the feed of changes and its cursor."""

import datetime

import pytest

from recommendations.models import StatusChange
from tests.factories import get_country, make_ratings, make_recommendation, make_status
from tipwatch.core.people import PUBLIC_RECORDER

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    norway, chad = get_country("NOR"), get_country("TCD")
    make_ratings(norway, {2022: "2", 2023: "1"}, source="TIP 2023 p. 1", basis="stated")
    make_ratings(chad, {2023: "2WL"})
    older = make_recommendation(norway, year=2022, text="Fund shelters for victims.")
    rec = make_recommendation(norway, year=2023, text="Fund shelters again.", pillar="protection")
    rec.carried_over_from = older
    rec.save()
    make_recommendation(chad, year=2023, text="Prosecute officials.", pillar="prosecution")
    make_status(rec, status="in_progress", note="Budget line.")
    return {"rec": rec, "older": older}


def test_countries_give_codes_and_labels(analyst_client, data):
    body = analyst_client.get("/api/v1/countries/?region=EUR").json()
    norway = next(row for row in body["results"] if row["iso3"] == "NOR")
    assert norway["region"] == {"code": "EUR", "label": "Europe"}
    assert norway["latest_tier"] == {"code": "1", "label": "Tier 1"}
    assert norway["latest_year"] == 2023
    assert all(row["region"]["code"] == "EUR" for row in body["results"])
    assert analyst_client.get("/api/v1/countries/nor/").json()["name"] == "Norway"


def test_tiers_carry_source_and_basis(analyst_client, data):
    body = analyst_client.get("/api/v1/tiers/?country=nor&year=2023").json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["tier"] == {"code": "1", "label": "Tier 1"}
    assert row["movement"] == {"code": "up", "label": "Upgrade"}
    assert row["previous_tier"] == {"code": "2", "label": "Tier 2"}
    assert (row["source"], row["basis"]) == ("TIP 2023 p. 1", "stated")


def test_recommendations_use_the_list_page_filters(analyst_client, data):
    answer = analyst_client.get("/api/v1/recommendations/?q=shelters&year=2023")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert [row["id"] for row in body["results"]] == [data["rec"].pk]
    row = body["results"][0]
    assert row["pillar"] == {"code": "protection", "label": "Protection"}
    assert row["status"] == {"code": "in_progress", "label": "In progress"}
    assert row["status_as_of"] == "2023-06-01"
    assert analyst_client.get("/api/v1/recommendations/?status=nonsense").status_code == 400


def test_recommendation_detail_has_history_and_chain(analyst_client, data):
    rec = data["rec"]
    body = analyst_client.get(f"/api/v1/recommendations/{rec.pk}/").json()
    assert [link["id"] for link in body["chain"]] == [data["older"].pk, rec.pk]
    [change] = body["history"]
    assert change["status"]["label"] == "In progress"
    assert datetime.datetime.fromisoformat(change["recorded_at"])
    assert analyst_client.get("/api/v1/recommendations/999999999999/").status_code == 404


def test_lists_are_paginated_in_a_stable_order(analyst_client, data):
    first = analyst_client.get("/api/v1/countries/?page_size=5").json()
    second = analyst_client.get(first["next"]).json()
    names = [row["name"] for row in first["results"] + second["results"]]
    assert names == sorted(names) and len(set(names)) == 10
    assert first["count"] > 100


def test_recommendation_list_query_count(analyst_client, data, django_assert_num_queries):
    # session, user, years of the year filter, count, page (with countries), the page's
    # themes (prefetched).
    with django_assert_num_queries(6):
        assert analyst_client.get("/api/v1/recommendations/").status_code == 200


def test_change_feed_newest_first_with_cursor_and_since(analyst_client, data):
    rec = data["rec"]
    for day in range(3):
        make_status(rec, note=f"Check {day}.")
    changes = list(StatusChange.objects.order_by("id"))
    body = analyst_client.get("/api/v1/changes/?page_size=2").json()
    assert [row["id"] for row in body["results"]] == [changes[-1].pk, changes[-2].pk]
    rest = analyst_client.get(body["next"]).json()
    assert [row["id"] for row in rest["results"]] == [changes[-3].pk, changes[-4].pk]
    assert body["results"][0]["recommendation"]["country"]["iso3"] == "NOR"
    since = changes[-2].recorded_at.isoformat()
    newer = analyst_client.get("/api/v1/changes/", {"since": since}).json()
    assert [row["id"] for row in newer["results"]] == [changes[-1].pk]
    assert analyst_client.get("/api/v1/changes/?since=yesterday").status_code == 400
    assert analyst_client.get("/api/v1/changes/?cursor=garbage").status_code == 400


def test_public_read_only_opens_reads_to_anonymous(client, settings, data):
    assert client.get("/api/v1/countries/").status_code == 401
    settings.PUBLIC_READ_ONLY = True
    assert client.get("/api/v1/countries/").status_code == 200
    rec = data["rec"]
    answer = client.post(f"/api/v1/recommendations/{rec.pk}/statuses/", {})
    assert answer.status_code == 401


def test_the_year_filter_still_works_after_the_schema_was_made(analyst_client, data):
    # The schema generator builds the FilterSets' form fields; the year's choices are the
    # request's, not those of the moment the schema was made.
    assert analyst_client.get("/api/v1/schema/").status_code == 200
    make_recommendation(get_country("TCD"), year=2024, text="A new year.")
    answer = analyst_client.get("/api/v1/recommendations/?year=2024")
    assert answer.status_code == 200 and answer.json()["count"] == 1
    assert analyst_client.get("/recommendations/?year=2024").status_code == 200


def test_public_readers_see_no_account_names(client, settings, data, admin_user):
    make_status(data["rec"], note="By a person.", user=admin_user)
    settings.PUBLIC_READ_ONLY = True
    feed = client.get("/api/v1/changes/").json()["results"]
    names = {row["recorded_by"] for row in feed}
    assert PUBLIC_RECORDER in names and admin_user.username not in names  # as the pages say
    detail = client.get(f"/api/v1/recommendations/{data['rec'].pk}/").json()
    names = {row["recorded_by"] for row in detail["history"]}
    assert PUBLIC_RECORDER in names and admin_user.username not in names
    client.force_login(admin_user)
    feed = client.get("/api/v1/changes/").json()["results"]
    assert feed[0]["recorded_by"] == admin_user.username


@pytest.mark.parametrize(
    "url, queries",
    [
        # session, user, count, page (latest tier by subqueries)
        ("/api/v1/countries/", 4),
        # session, user, count, page (with countries)
        ("/api/v1/tiers/", 4),
        # session, user, page (with recommendation, country and recorder): no count
        ("/api/v1/changes/", 3),
        # session, user, recommendation with country, its themes, history with recorders,
        # chain links
        ("/api/v1/recommendations/{rec}/", 6),
    ],
)
def test_api_query_counts_do_not_grow_with_rows(
    analyst_client, data, django_assert_num_queries, url, queries
):
    for n in range(5):  # more rows than before: the counts stay
        make_status(data["older"], note=f"More {n}.")
        make_recommendation(get_country("SWE"), year=2023)
    with django_assert_num_queries(queries):
        assert analyst_client.get(url.format(rec=data["rec"].pk)).status_code == 200
