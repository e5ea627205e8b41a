"""The one sortable-header helper, and the two list pages that draw their headers with it."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import get_country, make_ratings, make_recommendation
from tipwatch.core.sorting import Column, sortable_headers

COLUMNS = [Column("Country", "country"), Column("Text"), Column("Year", "year")]


@pytest.mark.parametrize(
    "sort, expected",
    [
        (None, [("country", None), (None, None), ("year", None)]),
        ("country", [("-country", "ascending"), (None, None), ("year", None)]),
        ("-year,country", [("country", None), (None, None), ("year", "descending")]),
        ("year,-country", [("country", None), (None, None), ("-year", "ascending")]),
    ],
)
def test_the_first_key_sets_the_direction_and_its_link_reverses_it(sort, expected):
    cells = sortable_headers(COLUMNS, sort)
    assert [cell["label"] for cell in cells] == ["Country", "Text", "Year"]
    assert [(cell["next"], cell["direction"]) for cell in cells] == expected


def headers(response):
    """(text, aria-sort, link) of each header cell of the sorted table."""
    table = BeautifulSoup(response.content, "html.parser").select_one("table:has(th[aria-sort])")
    return [
        (
            th.get_text(" ", strip=True),
            th.get("aria-sort"),
            th.a["href"] if th.a else None,
        )
        for th in table.thead.find_all("th")
    ]


@pytest.mark.django_db
def test_both_lists_mark_the_sorted_column_the_same_way(analyst_client):
    norway = get_country("NOR")
    make_ratings(norway, {2023: "2"})
    make_recommendation(norway, year=2023)

    countries = headers(analyst_client.get("/countries/?year=2023&sort=-tier"))
    assert countries[:3] == [
        ("Country", None, "?year=2023&sort=name"),
        ("Region", None, "?year=2023&sort=region"),
        ("Tier 2023", "descending", "?year=2023&sort=tier"),
    ]
    assert countries[3:] == [("Change", None, None), ("Downgrade clock", None, None)]

    recommendations = headers(analyst_client.get("/recommendations/?sort=year"))
    assert ("Year", "ascending", "?sort=-year") in recommendations
    assert ("Recommendation", None, None) in recommendations
