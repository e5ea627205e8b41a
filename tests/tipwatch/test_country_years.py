"""The country page stays small: the latest report years' recommendations listed, older years
folded, each a link to a page of its own (and, with ?fragment=1, its list alone, which the
page's script fetches into place); long tier summaries folded."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.utils import timezone

from recommendations.models import Status
from recommendations.services import record_status
from tests.factories import get_country, make_ratings, make_recommendation, make_status
from tests.pages_data import AUTH, NAV, VERSION, WARM
from tipwatch.core.pagecache import local_responses
from tipwatch.views.country_page import OPEN_YEARS

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.content[:300]
    return BeautifulSoup(response.content, "html.parser")


def history(country, years):
    """Two recommendations a year, worded with their year."""
    for year in years:
        for n in (1, 2):
            make_recommendation(country, year=year, text=f"Ask {n} of the {year} report.")


def asks(page):
    return [a.get_text(strip=True) for a in page.select("ol.recs li > a")]


def test_the_latest_years_are_listed_and_older_ones_folded(analyst_client):
    norway = get_country("NOR")
    history(norway, range(2016, 2024))
    page = soup(analyst_client.get("/countries/norway/"))
    assert OPEN_YEARS == 1
    assert asks(page) == ["Ask 1 of the 2023 report.", "Ask 2 of the 2023 report."]
    folded = page.select("details.folded-year")
    assert [d["id"] for d in folded] == [f"recs-{year}" for year in range(2022, 2015, -1)]
    first = folded[0]
    assert first.summary.get_text(" ", strip=True) == "2022 report · 2 recommendations"
    assert first["data-fragment"] == "/countries/norway/years/2022/?fragment=1"
    link = first.select_one(".folded-links a")
    assert link["href"] == "/countries/norway/years/2022/"
    assert "Ask 1 of the 2022 report." not in page.get_text()  # fetched when opened
    assert page.select_one('script[src*="folded"]') is not None


def test_a_folded_years_link_shows_that_years_asks_without_javascript(analyst_client):
    history(get_country("NOR"), range(2019, 2024))
    page = soup(analyst_client.get("/countries/norway/"))
    link = page.select_one("#recs-2019 .folded-links a")["href"]
    year_page = soup(analyst_client.get(link))
    assert year_page.h1.get_text(strip=True) == "Norway: 2019 report recommendations"
    assert year_page.title.get_text().startswith("Norway: 2019 report recommendations")
    assert asks(year_page) == ["Ask 1 of the 2019 report.", "Ask 2 of the 2019 report."]
    assert year_page.select_one(".breadcrumbs a")["href"] == "/countries/norway/"


def test_the_fragment_is_the_years_list_alone(analyst_client):
    history(get_country("NOR"), range(2019, 2024))
    response = analyst_client.get("/countries/norway/years/2019/?fragment=1")
    fragment = soup(response)
    assert fragment.find("html") is None and fragment.find("header") is None
    assert fragment.select_one("ol")["id"] == "recs-2019"
    assert asks(fragment) == ["Ask 1 of the 2019 report.", "Ask 2 of the 2019 report."]


@pytest.mark.parametrize("year", ["20x9", "1800", "2101", "٢٠١٩", "99999999999999999999"])
def test_a_bad_year_is_refused_with_400(analyst_client, year):
    get_country("NOR")
    response = analyst_client.get(f"/countries/norway/years/{year}/")
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert "report year must be" in page.select_one(".message-error").get_text()


def test_a_year_without_recommendations_or_an_unknown_country_is_404(analyst_client):
    history(get_country("NOR"), [2023])
    assert analyst_client.get("/countries/norway/years/2019/").status_code == 404
    assert analyst_client.get("/countries/norway/years/2019/?fragment=1").status_code == 404
    assert analyst_client.get("/countries/no-such-country/years/2019/").status_code == 404


def test_the_year_page_and_fragment_follow_the_countrys_writes(analyst_client):
    norway = get_country("NOR")
    history(norway, range(2019, 2024))
    url = "/countries/norway/years/2019/?fragment=1"
    assert "Implemented" not in analyst_client.get(url).content.decode()  # now cached
    rec = norway.recommendations.get(year=2019, position=1)
    record_status(
        recommendation=rec,
        status=Status.IMPLEMENTED,
        as_of=datetime.date(2024, 1, 2),
        note="Done.",
        evidence_url="",
        user=None,
        expected_version=rec.status_version,
    )
    assert "Implemented" in analyst_client.get(url).content.decode()
    assert "Implemented" in analyst_client.get("/countries/norway/years/2019/").content.decode()


def test_a_long_tier_summary_is_folded_after_its_first_sentences(analyst_client):
    lead = "Norway fully meets the minimum standards for the elimination of trafficking. " * 3
    rest = "The government also funded shelters for victims in every county. " * 3
    make_ratings(get_country("NOR"), {2023: "1"}, summary=lead + rest)
    page = soup(analyst_client.get("/countries/norway/"))
    cell = page.select_one("td.summary")
    more = cell.select_one("details.more")
    assert more.summary.get_text(strip=True) == "More of the 2023 summary"
    assert rest.strip() in more.get_text()
    more.extract()
    assert cell.get_text(strip=True) == lead.strip()


def clear_caches():
    cache.clear()
    local_responses.clear()


def test_country_page_and_year_queries_do_not_grow_with_the_years(
    analyst_client, django_assert_num_queries
):
    norway = get_country("NOR")
    make_ratings(norway, {2019: "2", 2020: "2", 2021: "2"})
    for years in (range(2019, 2022), range(2001, 2022)):
        history(norway, years)
        clear_caches()
        # the country, its ratings, the report years on record (first and last), its
        # recommendations counted per year, pillar and status, the latest years'
        # recommendations, their themes, its status tally by month, whether the user follows it
        with django_assert_num_queries(AUTH + NAV + VERSION + 8):
            assert analyst_client.get("/countries/norway/").status_code == 200
        clear_caches()
        # the country, the year's recommendations, their themes
        with django_assert_num_queries(AUTH + NAV + VERSION + 3):
            assert analyst_client.get("/countries/norway/years/2019/").status_code == 200
        clear_caches()
        # the same, without the page around it (no navigation)
        with django_assert_num_queries(AUTH + VERSION + 3):
            assert analyst_client.get("/countries/norway/years/2019/?fragment=1").status_code == 200
        norway.recommendations.all().delete()
    history(norway, [2019])
    clear_caches()
    analyst_client.get("/countries/norway/years/2019/?fragment=1")
    # the page after its fragment: the country's version, then the list from the cache
    with django_assert_num_queries(AUTH + NAV + VERSION + 1):
        assert analyst_client.get("/countries/norway/years/2019/").status_code == 200
    with django_assert_num_queries(WARM):  # asked again: the whole response from the cache
        assert analyst_client.get("/countries/norway/years/2019/?fragment=1").status_code == 200


def test_the_status_numbers_are_given_at_each_years_end_and_the_last_date(analyst_client):
    rec = make_recommendation(get_country("NOR"), year=2021)
    make_status(rec, "in_progress", as_of=datetime.date(2021, 3, 1))
    make_status(rec, "implemented", as_of=datetime.date(2022, 5, 1))
    page = soup(analyst_client.get("/countries/norway/"))
    rows = page.select('[aria-label="Status over time, numbers"] tbody tr')
    today = timezone.localdate()
    ends = [f"{year}-12-31" for year in range(2021, today.year)]
    assert [row.td.get_text() for row in rows] == [*ends, today.isoformat()]
    implemented = [status.label for status in Status].index("Implemented")
    assert [row.select("td")[1 + implemented].get_text() for row in rows[:2]] == ["0", "1"]
