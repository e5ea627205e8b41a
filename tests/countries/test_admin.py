"""The Django admin saves and deletes tier ratings through countries.services, so the
country's derived facts (movement, the downgrade clock) follow every change."""

import pytest

from countries.models import TierRating
from tests.factories import make_country, make_ratings

pytestmark = pytest.mark.django_db


@pytest.fixture
def runland():
    country = make_country(name="Runland")
    make_ratings(country, {2020: "2", 2021: "2WL", 2022: "2WL"})
    return country


@pytest.fixture
def superuser_client(client, superuser):
    """A superuser: the Admin role may change ratings but not delete them."""
    client.force_login(superuser)
    return client


def facts(country):
    return [(r.year, r.movement, r.watch_list_years, r.at_risk) for r in country.ratings.all()]


def test_a_tier_changed_in_the_admin_recomputes_the_later_years(superuser_client, runland):
    rating = runland.ratings.get(year=2021)
    response = superuser_client.post(
        f"/admin/countries/tierrating/{rating.pk}/change/",
        {"country": runland.pk, "year": 2021, "tier": "2", "source": "", "basis": ""},
    )
    assert response.status_code == 302
    # 2022 is now a first Watch List year: no longer at risk.
    assert facts(runland) == [
        (2022, "down", 1, False),
        (2021, "same", 0, False),
        (2020, "first", 0, False),
    ]


def test_a_rating_deleted_in_the_admin_recomputes_the_later_years(superuser_client, runland):
    rating = runland.ratings.get(year=2021)
    response = superuser_client.post(
        f"/admin/countries/tierrating/{rating.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not TierRating.objects.filter(pk=rating.pk).exists()
    assert facts(runland) == [(2022, "down", 1, False), (2020, "first", 0, False)]
