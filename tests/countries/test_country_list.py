"""The countries list: its filters, sort links, CSV export and queries."""

import csv
import io

import pytest

from tests.factories import get_country, make_country, make_ratings
from tests.pages import field_errors, tables
from tests.pages_data import AUTH, NAV, VERSION, WARM, assert_fixed_queries, populate


@pytest.fixture
def norway(db):
    country = get_country("NOR")
    make_ratings(country, {2022: "1", 2023: "2"}, summary="Norway <script>alert(1)</script>")
    return country


def listed_names(response):
    """The countries the page lists, in its order."""
    return [row[0] for row in tables(response)["Countries in the 2023 report"][1:]]


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_csv_export_equals_the_filtered_rows_on_every_page(analyst_client, db):
    populate(3, region="AF")
    populate(55, region="EUR")  # more than one page
    query = "year=2023&region=EUR&tier=2WL&at_risk=on"
    listed = listed_names(analyst_client.get(f"/countries/?{query}"))
    listed += listed_names(analyst_client.get(f"/countries/?{query}&page=2"))
    exported = csv_rows(analyst_client.get(f"/countries/?{query}&format=csv"))
    assert len(listed) == 55
    assert [row["country"] for row in exported] == listed
    assert {row["tier"] for row in exported} == {"Tier 2 Watch List"}
    assert {row["at_risk"] for row in exported} == {"yes"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tier=2&name=norway", {"Norway"}),
        ("tier=1", {"France"}),
        ("tier=none&region=EUR&name=swe", {"Sweden"}),
        ("movement=down", {"Norway"}),
        ("movement=up", {"The Gambia"}),
        ("movement=first", {"Libya", "Burma", "France"}),
        ("movement=special", set()),
        ("special_watch_list=on", {"The Gambia", "Moldova"}),
        ("at_risk=on", {"Moldova"}),
        ("name=myanmar", {"Burma"}),  # an alias,
    ],
)
def test_country_filters(analyst_client, db, query, expected):
    make_ratings(get_country("NOR"), {2022: "1", 2023: "2"})
    make_ratings(get_country("GMB"), {2022: "3", 2023: "2WL"})
    make_ratings(get_country("MDA"), {2022: "2WL", 2023: "2WL"})
    make_ratings(get_country("LBY"), {2023: "SC"})
    make_ratings(get_country("MMR"), {2023: "3"})
    make_ratings(get_country("FRA"), {2023: "1"})
    names = {
        row["country"] for row in csv_rows(analyst_client.get(f"/countries/?{query}&format=csv"))
    }
    assert names == expected


def test_invalid_filter_shows_the_form_error(analyst_client, norway):
    response = analyst_client.get("/countries/?tier=9")
    assert field_errors(response)["tier"] == [
        "Select a valid choice. 9 is not one of the available choices."
    ]


def test_sort_links_keep_the_filters_and_toggle_the_direction(analyst_client, norway):
    content = analyst_client.get("/countries/?region=EUR&year=2023").content.decode()
    assert "?region=EUR&amp;year=2023&amp;sort=tier" in content
    content = analyst_client.get("/countries/?region=EUR&sort=tier").content.decode()
    assert "?region=EUR&amp;sort=-tier" in content
    assert 'aria-sort="ascending"' in content


def test_sort_by_tier_descending(analyst_client, db):
    make_ratings(get_country("NOR"), {2023: "1"})
    make_ratings(get_country("SWE"), {2023: "3"})
    response = analyst_client.get("/countries/?sort=-tier&region=EUR&format=csv")
    tiers = [row["tier"] for row in csv_rows(response) if row["tier"] != "no data"]
    assert tiers == ["Tier 3", "Tier 1"]


@pytest.mark.django_db
def test_country_list_queries(analyst_client, django_assert_num_queries):
    # years on record, count of filtered countries, the page of countries
    url = "/countries/?year=2023&region=EUR&at_risk=on&sort=-tier"
    assert_fixed_queries(
        analyst_client, django_assert_num_queries, url, AUTH + NAV + VERSION + 3, WARM
    )


@pytest.mark.django_db
def test_country_list_csv_queries(analyst_client, django_assert_num_queries):
    # years on record, every filtered country
    url = "/countries/?year=2023&format=csv"
    assert_fixed_queries(analyst_client, django_assert_num_queries, url, AUTH + 2)


def test_csv_export_neutralises_formula_cells(analyst_client, db):
    """The countries CSV goes through the one CSV writer: a name a spreadsheet would run as a
    formula is written with a leading apostrophe."""
    country = make_country(name='=HYPERLINK("http://evil.example","x")', slug="formula", iso3="QFX")
    make_ratings(country, {2023: "2"})
    response = analyst_client.get("/countries/?year=2023&name=hyperlink&format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="countries-2023.csv"'
    assert [row["country"] for row in csv_rows(response)] == [
        '\'=HYPERLINK("http://evil.example","x")'
    ]


def test_with_no_rating_on_record_the_list_and_its_csv_show_every_country(analyst_client, db):
    page = analyst_client.get("/countries/")
    assert page.status_code == 200 and "Afghanistan" in page.content.decode()  # 50 a page
    export = analyst_client.get("/countries/?format=csv")
    assert export.status_code == 200
    assert "NOR" in {row["iso3"] for row in csv_rows(export)}
