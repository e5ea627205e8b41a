"""Data for the page tests: n fictional countries with a few years of everything, and the
queries every page runs."""

import datetime

from django.core.cache import cache

from tests.factories import make_country, make_ratings, make_recommendation, make_status

YEARS = {2021: "2", 2022: "2WL", 2023: "2WL"}


def populate(n, region="EUR"):
    """n countries, each with three ratings, two recommendations a year and a status each."""
    countries = []
    for _ in range(n):
        country = make_country(region=region)
        make_ratings(country, YEARS, summary="Efforts <b>increased</b>.")
        for year in YEARS:
            for _ in range(2):
                rec = make_recommendation(country, year=year)
                make_status(rec, "in_progress", as_of=datetime.date(year, 7, 1))
        countries.append(country)
    return countries


# Every request of a logged-in user: 1. the session, 2. the user, with the cache versions that
# key the cached pages (tipwatch.core.auth).
AUTH = 2
# Every HTML page: the user's permissions and their groups' (the navigation asks once), read
# once per permissions version (tipwatch.core.auth); the cache is emptied before each cold request.
NAV = 2
# Every cached page: the cache versions (part of the cache key), read with the user.
VERSION = 0
# A page served from the cache (the same URL again, no write in between): the permissions
# come from the cache too.
WARM = AUTH + VERSION


def assert_fixed_queries(client, django_assert_num_queries, url, expected, warm=None):
    """`expected` queries at 3 and at 30 countries, with nothing cached, then `warm` when the
    same page is asked again."""
    first = populate(3)
    cache.clear()
    with django_assert_num_queries(expected):
        assert client.get(url(first) if callable(url) else url).status_code == 200
    more = first + populate(27)
    cache.clear()
    with django_assert_num_queries(expected):
        assert client.get(url(more) if callable(url) else url).status_code == 200
    if warm is not None:
        with django_assert_num_queries(warm):
            assert client.get(url(more) if callable(url) else url).status_code == 200
