"""The trends page over the whole span: coverage per year, partial years marked, averages over
the countries on record, moves, the longest runs, and gaps shown as no data."""

import pytest

from countries.models import Country
from tests.factories import make_ratings
from tests.pages import figure, parse, tables, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def span(db):
    """2001-2004: 2001 and 2002 complete against a made-up report size, 2004 partial, 2003
    with no rating at all. The report sizes are those of countries/coverage.py: 80 in 2001,
    88 in 2002, 120 in 2003, 138 in 2004."""
    countries = list(Country.objects.existing_in(2001).filter(region="EUR").order_by("iso3"))
    countries += list(Country.objects.existing_in(2001).exclude(region="EUR").order_by("iso3"))
    for index, country in enumerate(countries[:88]):
        history = {2002: "2WL"}
        if index < 80:
            history[2001] = "2WL" if index < 3 else "2"
        if index < 10:
            history[2004] = "3" if index < 2 else "1"
        make_ratings(country, history)
    return countries


def test_coverage_per_year_with_the_partial_and_empty_years_marked(analyst_client, span):
    response = analyst_client.get("/trends/")
    header, *rows = tables(response)["Tier distribution per year: All regions"]
    assert header[:2] == ["Year", "Coverage (all regions)"]
    assert [row[:2] for row in rows] == [
        ["2001", "80 of 80 countries on record (100%)"],
        ["2002", "88 of 88 countries on record (100%)"],
        ["2003*", "0 of 120 countries on record (0%)"],  # kept in its place: no data, not left out
        ["2004*", "10 of 138 countries on record (7%)"],
    ]
    assert rows[2][2:] == ["0", "0", "0", "0", "0"]
    content = response.content.decode()
    assert "Report years 2001–2004" in content
    assert "2003 (0 of 120), 2004 (10 of 138)" in content
    assert (
        '<tr class="partial"><td>2004*</td><td>10 of 138 countries on record (7%)</td>' in content
    )
    distribution = figure(response, "distribution-figure")
    assert distribution["layout"]["xaxis"]["ticktext"] == ["2001", "2002", "2003*", "2004*"]
    ranked = [trace for trace in distribution["data"] if trace["type"] == "scatter"]
    assert ranked[0]["y"] == [80, 88, 120, 138]


def test_region_averages_are_over_the_countries_on_record_and_say_how_many(analyst_client, span):
    response = analyst_client.get("/trends/")
    header, *rows = tables(response)["Average tier score per region"]
    by_year = {row[0].rstrip("*"): dict(zip(header, row, strict=True)) for row in rows}
    # 2 on Tier 3, 8 on Tier 1: ten on record
    assert by_year["2004"]["Europe (countries)"] == "1.40 (10)"
    assert by_year["2003"]["Europe (countries)"] == "no data"


def test_moves_and_longest_runs(analyst_client, span):
    response = analyst_client.get("/trends/?region=EUR")
    shown = tables(response)
    header, *rows = shown["Upgrades and downgrades per year: Europe"]
    assert header[2:] == ["Upgrades", "Downgrades"]
    moves = {row[0].rstrip("*"): row[2:] for row in rows}
    europe = sum(country.region == "EUR" for country in span[:80])
    # 2002: from Tier 2 to the Watch List, but for the three already on it
    assert moves["2002"] == ["0", str(europe - 3)]
    assert moves["2004"] == ["8", "2"]  # against 2002, the previous rating on record
    header, first, *_ = shown["Tier 2 Watch List"]
    assert header[1:3] == ["Longest run", "Reports"]
    assert first[1:3] == ["2001–2002", "2"]
    header, *tier_3 = shown["Tier 3"]
    assert [run[2] for run in tier_3] == ["1", "1"]
    assert f'href="{span[0].get_absolute_url()}"' in response.content.decode()


def test_compare_shows_every_year_of_the_span_with_no_data_where_none(analyst_client, span):
    response = analyst_client.get(f"/trends/?countries={span[0].slug}")
    header, *rows = tables(response)["Compare countries"]
    assert header == ["Year", span[0].name]
    assert [row[0] for row in rows] == ["2001", "2002", "2003", "2004"]
    assert rows[2][1:] == ["No data / not assessed"]
    trajectory = figure(response, "trajectory-figure")
    assert trajectory["data"][0]["y"][2] is None  # a gap, not a line drawn through 2003


def test_dashboard_year_selector_reaches_the_first_year(analyst_client, span):
    response = analyst_client.get("/?year=2001")
    assert text(parse(response).find("h1")) == "The 2001 report at a glance"
    assert '<option value="2001"' in response.content.decode()


def test_dashboard_says_how_complete_the_year_is(analyst_client, span):
    partial = analyst_client.get("/?year=2004").content.decode()
    assert "The 2004 report: 10 of the 138 countries it ranked are on record (7%)." in partial
    assert "Partial year" in partial
    complete = analyst_client.get("/?year=2002").content.decode()
    assert "88 of the 88 countries it ranked are on record (100%)" in complete
    assert "Partial year" not in complete
