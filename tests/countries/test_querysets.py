"""The countries' reads: each QuerySet method's rows and its number of queries."""

import pytest

from countries.models import Country, TierRating
from tests.factories import get_country, make_ratings

pytestmark = pytest.mark.django_db


@pytest.fixture
def histories():
    """Norway on the Watch List in 2022, Tier 1 in 2023; The Gambia upgraded to it in 2023."""
    norway, gambia = get_country("NOR"), get_country("GMB")
    make_ratings(norway, {2022: "2WL", 2023: "1"})
    make_ratings(gambia, {2022: "3", 2023: "2WL"})
    return norway, gambia


def test_histories_are_oldest_first_per_country(histories, django_assert_num_queries):
    norway, gambia = histories
    with django_assert_num_queries(1):  # every rating of both countries
        found = TierRating.objects.histories([norway.pk, gambia.pk])
    assert [(r.year, r.tier) for r in found[norway.pk]] == [(2022, "2WL"), (2023, "1")]
    assert [r.year for r in found[gambia.pk]] == [2022, 2023]


def test_newest_first_and_watch_list_years(histories, django_assert_num_queries):
    norway, gambia = histories
    with django_assert_num_queries(2):  # Norway's ratings; The Gambia's Watch List years
        assert [r.year for r in norway.ratings.newest_first()] == [2023, 2022]
        assert [r.year for r in gambia.ratings.on_watch_list().newest_first()] == [2023]


def test_special_watch_list_of_a_year(histories, django_assert_num_queries):
    with django_assert_num_queries(2):  # the 2023 list; the 2022 list
        names_2023 = {c.name for c in Country.objects.in_year(2023).on_special_watch_list()}
        names_2022 = {c.name for c in Country.objects.in_year(2022).on_special_watch_list()}
    # 2023: The Gambia is on the Watch List (and upgraded); Norway upgraded to Tier 1.
    assert names_2023 == {"The Gambia", "Norway"}
    assert names_2022 == {"Norway"}


def test_with_slugs(histories, django_assert_num_queries):
    with django_assert_num_queries(1):  # the chosen countries
        names = {c.name for c in Country.objects.with_slugs(["norway", "atlantis"])}
    assert names == {"Norway"}


def test_years_on_record_newest_first(histories, django_assert_num_queries):
    with django_assert_num_queries(1):  # the distinct years
        assert TierRating.objects.years() == [2023, 2022]
