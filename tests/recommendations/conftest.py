import datetime

import pytest

from recommendations.models import Pillar, Status
from tests.factories import make_country, make_recommendation, make_status

PILLARS = [Pillar.PROSECUTION, Pillar.PROTECTION, Pillar.PREVENTION]


def populate(countries, years=(2022, 2023), per_year=3, user=None):
    """countries fictional countries, each with per_year recommendations a year (the later
    year's repeating the earlier's) and one or two status changes on each of the latest."""
    made = []
    for n in range(countries):
        country = make_country(region="AF" if n % 2 else "EUR")
        previous = {}
        for year in years:
            for position in range(1, per_year + 1):
                earlier = previous.get(position)
                rec = make_recommendation(
                    country,
                    year=year,
                    position=position,
                    text=f"Ask {position} of {country.name} in {year}.",
                    pillar=PILLARS[position % len(PILLARS)],
                    carried_over_from=earlier,
                    recurrence_years=earlier.recurrence_years + 1 if earlier else 1,
                )
                previous[position] = rec
                made.append(rec)
        for position, rec in previous.items():
            make_status(rec, Status.NO_PROGRESS, as_of=datetime.date(rec.year, 7, 1), user=user)
            if position == 1:
                make_status(rec, Status.IN_PROGRESS, as_of=datetime.date(rec.year, 9, 1))
    return made


@pytest.fixture
def world(db):
    return populate
