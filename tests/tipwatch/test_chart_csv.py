"""Every chart's numbers out: the trends page, the dashboard and the country page give the CSV
of each chart for the same filters, its numbers those of the page's tables, each code next to
its label; the countries CSV gives region names next to their codes."""

import csv
import io

import pytest
from bs4 import BeautifulSoup

from tests.factories import get_country, make_ratings
from tests.pages import tables
from tests.pages_data import populate


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def csv_links(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a["href"] for a in soup.select("p.exports a[download]")]


@pytest.fixture
def rated(db):
    make_ratings(get_country("NOR"), {2021: "1", 2022: "2WL", 2023: "2WL"})
    make_ratings(get_country("BRA"), {2022: "2", 2023: "3"})
    make_ratings(get_country("KEN"), {2023: "2"})
    return populate(2, region="AF")


def test_trends_offers_each_charts_csv_with_its_filters(analyst_client, rated):
    response = analyst_client.get("/trends/?region=AF&countries=norway&countries=brazil")
    charts = ["distribution", "scores", "moves", "longest-runs", "compare", "statuses"]
    assert csv_links(response) == [
        f"?region=AF&countries=norway&countries=brazil&format=csv&chart={chart}" for chart in charts
    ]
    for link in csv_links(response):
        assert read_csv(analyst_client.get(f"/trends/{link}"))


def test_trends_distribution_csv_equals_the_table_with_labels(analyst_client, rated):
    shown = tables(analyst_client.get("/trends/?region=EUR"))["Tier distribution per year: Europe"]
    rows = read_csv(analyst_client.get("/trends/?region=EUR&format=csv&chart=distribution"))
    header, *body = shown
    table = {
        (row[0].rstrip("*"), label): count
        for row in body
        for label, count in zip(header[2:], row[2:], strict=True)
    }
    exported = {(row["year"], row["tier"]): row["countries"] for row in rows}
    assert exported == table
    norway_2023 = next(r for r in rows if r["year"] == "2023" and r["tier_code"] == "2WL")
    assert (norway_2023["region_code"], norway_2023["region"]) == ("EUR", "Europe")
    assert norway_2023["tier"] == "Tier 2 Watch List" and norway_2023["countries"] == "1"


def test_trends_compare_and_scores_csv(analyst_client, rated):
    query = "countries=norway&countries=brazil&format=csv"
    compare = read_csv(analyst_client.get(f"/trends/?{query}&chart=compare"))
    assert {(r["country"], r["year"], r["tier_code"], r["tier"]) for r in compare} >= {
        ("Norway", "2023", "2WL", "Tier 2 Watch List"),
        ("Brazil", "2023", "3", "Tier 3"),
    }
    scores = read_csv(analyst_client.get("/trends/?format=csv&chart=scores"))
    africa = next(r for r in scores if r["year"] == "2023" and r["region_code"] == "AF")
    assert africa["region"] == "Africa" and africa["countries"] == "3"  # Kenya, 2 test countries


def test_an_unknown_chart_is_a_400_naming_the_charts(analyst_client, rated):
    for url in ("/trends/?format=csv", "/?format=csv&chart=x", "/countries/norway/?format=csv"):
        response = analyst_client.get(url)
        assert response.status_code == 400
        assert "chart= one of" in response.content.decode()


def test_dashboard_csv_of_the_cards_the_map_and_the_statuses(analyst_client, rated):
    response = analyst_client.get("/?year=2023")
    assert csv_links(response) == [
        f"?year=2023&format=csv&chart={chart}" for chart in ("tiers", "map", "statuses")
    ]
    cards = read_csv(analyst_client.get("/?year=2023&format=csv&chart=tiers"))
    counts = {row["tier"]: int(row["countries"]) for row in cards}
    assert counts["Tier 2 Watch List"] == 3 and counts["Tier 3"] == 1  # Norway, 2 test countries
    world = read_csv(analyst_client.get("/?year=2023&format=csv&chart=map"))
    brazil = next(row for row in world if row["iso3"] == "BRA")
    assert (brazil["region_code"], brazil["region"]) == ("WHA", "Western Hemisphere")
    assert (brazil["tier_code"], brazil["tier"]) == ("3", "Tier 3")
    statuses = read_csv(analyst_client.get("/?year=2023&format=csv&chart=statuses"))
    assert {row["status_code"]: row["recommendations"] for row in statuses}["in_progress"] == "4"


def test_country_page_csv_of_each_chart(analyst_client, rated):
    country = rated[0]
    response = analyst_client.get(country.get_absolute_url())
    assert csv_links(response) == [
        f"?format=csv&chart={chart}" for chart in ("tiers", "statuses", "pillars")
    ]
    url = country.get_absolute_url()
    tiers = read_csv(analyst_client.get(f"{url}?format=csv&chart=tiers"))
    assert [(r["year"], r["tier_code"], r["tier"]) for r in tiers[:3]] == [
        ("2023", "2WL", "Tier 2 Watch List"),
        ("2022", "2WL", "Tier 2 Watch List"),
        ("2021", "2", "Tier 2"),
    ]
    statuses = read_csv(analyst_client.get(f"{url}?format=csv&chart=statuses"))
    assert statuses and {r["status"] for r in statuses} >= {"In progress", "Implemented"}
    pillars = read_csv(analyst_client.get(f"{url}?format=csv&chart=pillars"))
    assert {(r["year"], r["pillar_code"], r["open"], r["recommendations"]) for r in pillars} >= {
        ("2023", "general", "2", "2")
    }


def test_countries_csv_gives_region_names_next_to_codes(analyst_client, rated):
    rows = read_csv(analyst_client.get("/countries/?year=2023&format=csv"))
    norway = next(row for row in rows if row["iso3"] == "NOR")
    assert (norway["region_code"], norway["region"]) == ("EUR", "Europe")
    assert (norway["tier_code"], norway["tier"]) == ("2WL", "Tier 2 Watch List")
    assert (norway["previous_tier_code"], norway["previous_tier"]) == ("2WL", "Tier 2 Watch List")
    afghanistan = next(row for row in rows if row["iso3"] == "AFG")
    assert (afghanistan["region"], afghanistan["tier_code"], afghanistan["tier"]) == (
        "South and Central Asia",
        "",
        "no data",
    )
