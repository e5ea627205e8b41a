"""Data for the country page tests: n fictional countries with a few years of everything."""

import datetime

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
