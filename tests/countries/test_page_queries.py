"""Each country-side page runs the same number of queries at 3 and at 30 countries of data,
and a page served from the page cache only the few every page needs."""

import pytest

from tests.countries.pages_data import populate

# Every request of a logged-in user: 1. the session, 2. the user.
AUTH = 2
# Every HTML page: the user's permissions and their groups' (the navigation asks once), read
# once per data version (tipwatch.auth): each write below outdates them.
NAV = 2
# Every cached page: the data version (part of the cache key).
VERSION = 1
# A page served from the cache (the same URL again, no write in between): the permissions
# come from the cache too.
WARM = AUTH + VERSION


def assert_fixed_queries(client, django_assert_num_queries, url, expected, warm=None):
    """`expected` queries at 3 and at 30 countries (each write outdates the cache), then
    `warm` when the same page is asked again."""
    first = populate(3)
    with django_assert_num_queries(expected):
        assert client.get(url(first) if callable(url) else url).status_code == 200
    more = first + populate(27)
    with django_assert_num_queries(expected):
        assert client.get(url(more) if callable(url) else url).status_code == 200
    if warm is not None:
        with django_assert_num_queries(warm):
            assert client.get(url(more) if callable(url) else url).status_code == 200


@pytest.mark.django_db
def test_dashboard_queries(analyst_client, django_assert_num_queries):
    # years on record, countries with the year's rating, recommendations per status,
    # the ten latest status changes
    assert_fixed_queries(
        analyst_client, django_assert_num_queries, "/?year=2023", AUTH + NAV + VERSION + 4, WARM
    )


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


@pytest.mark.django_db
def test_country_page_queries(analyst_client, django_assert_num_queries):
    # the country, its ratings, its recommendations, their status changes (three columns);
    # from the cache: the country alone (a missing one is a 404, and it names the page)
    def url(countries):
        return f"/countries/{countries[-1].slug}/"

    assert_fixed_queries(
        analyst_client, django_assert_num_queries, url, AUTH + NAV + VERSION + 4, WARM + 1
    )


@pytest.mark.django_db
def test_year_changes_queries(analyst_client, django_assert_num_queries):
    # the country, its ratings, its recommendations up to the year
    def url(countries):
        return f"/countries/{countries[-1].slug}/changes/2023/"

    assert_fixed_queries(
        analyst_client, django_assert_num_queries, url, AUTH + NAV + VERSION + 3, WARM
    )


@pytest.mark.django_db
def test_trends_queries(analyst_client, django_assert_num_queries):
    # country choices, tier distribution, region scores, chosen countries' ratings,
    # recommendations per year, status changes (streamed)
    def url(countries):
        chosen = "&".join(f"countries={c.slug}" for c in countries[:3])
        return f"/trends/?region=EUR&{chosen}"

    assert_fixed_queries(
        analyst_client, django_assert_num_queries, url, AUTH + NAV + VERSION + 6, WARM
    )
