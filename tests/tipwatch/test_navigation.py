"""The main navigation marks exactly one item as the current page."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import get_country, make_ratings, make_recommendation


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/", "Dashboard"),
        ("/countries/", "Countries"),
        ("/countries/norway/", "Countries"),
        ("/recommendations/", "Recommendations"),
        ("/recommendations/due/", "Due for review"),
        ("/recommendations/dropped/", "Dropped"),
        ("/trends/", "Trends"),
        ("/changes/", "Changes"),
        ("/imports/", "Imports"),
    ],
)
def test_one_navigation_item_is_current(admin_role_client, url, current):
    make_ratings(get_country("NOR"), {2022: "1", 2023: "2"})
    make_recommendation(year=2023)
    response = admin_role_client.get(url)
    assert response.status_code == 200
    nav = BeautifulSoup(response.content, "html.parser").find("nav", class_="site-nav")
    assert [a.get_text(strip=True) for a in nav.select("a[aria-current=page]")] == [current]
