"""Each country-side page runs the same number of queries at 3 and at 30 countries of data,
and a page served from the page cache only the few every page needs."""

import pytest

from tests.pages_data import AUTH, NAV, VERSION, WARM, assert_fixed_queries


@pytest.mark.django_db
def test_dashboard_queries(analyst_client, django_assert_num_queries):
    # years on record, countries with the year's rating, recommendations per status,
    # the ten latest status changes
    assert_fixed_queries(
        analyst_client, django_assert_num_queries, "/?year=2023", AUTH + NAV + VERSION + 4, WARM
    )


@pytest.mark.django_db
def test_country_page_queries(analyst_client, django_assert_num_queries):
    # the country, its ratings, the report years on record (first and last), its
    # recommendations, their themes (prefetched), its status tally by month; cold only:
    # whether the user follows it (the Follow button, in the user's cached response:
    # following bumps the country's version);
    # from the cache: nothing more than every page (the whole response, before the lookup)
    def url(countries):
        return f"/countries/{countries[-1].slug}/"

    assert_fixed_queries(
        analyst_client, django_assert_num_queries, url, AUTH + NAV + VERSION + 7, WARM
    )


@pytest.mark.django_db
def test_year_changes_queries(analyst_client, django_assert_num_queries):
    # the country, its ratings, its recommendations up to the year; from the cache: nothing
    # more than every page
    def url(countries):
        return f"/countries/{countries[-1].slug}/changes/2023/"

    assert_fixed_queries(
        analyst_client, django_assert_num_queries, url, AUTH + NAV + VERSION + 3, WARM
    )


@pytest.mark.django_db
def test_trends_queries(analyst_client, django_assert_num_queries):
    # country choices, ratings per year (coverage), tier distribution, region scores, moves
    # per year, Watch List and Tier 3 years (longest runs), chosen countries' ratings, the
    # status tally summed by year and status
    def url(countries):
        chosen = "&".join(f"countries={c.slug}" for c in countries[:3])
        return f"/trends/?region=EUR&{chosen}"

    assert_fixed_queries(
        analyst_client, django_assert_num_queries, url, AUTH + NAV + VERSION + 8, WARM
    )
