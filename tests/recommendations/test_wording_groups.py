"""Groups of near-identical asks across countries (recommendations/wording_groups.py), held to
pairs of real wording from tests/fixtures/themes/labelled.csv, and their write
(services.refresh_wording_groups)."""

import pytest

from recommendations.models import Recommendation
from recommendations.services import refresh_wording_groups
from recommendations.wording_groups import Ask, group_year, keys_for_years, same_ask
from tests.factories import make_country, make_recommendation, remove_from_report

# Real asks of different countries (labelled.csv): the same ask, its examples aside.
SAME = [
    (
        "Amend the anti-trafficking law to remove sentencing provisions that allow fines in "
        "lieu of imprisonment for sex trafficking crimes.",
        "Amend the anti-trafficking act to remove sentencing provisions that allow fines in "
        "lieu of imprisonment.",
    ),
    (
        "Investigate, prosecute and convict officials complicit in trafficking, including "
        "those who obstruct investigations.",
        "Investigate, prosecute, and convict officials complicit in trafficking, including "
        "police officers who protect brothels.",
    ),
    (
        "Increase efforts to investigate and prosecute labor trafficking, including of Thai "
        "agricultural workers.",
        "Increase efforts to investigate and prosecute labor trafficking cases, including of "
        "migrant workers.",
    ),
    (
        "Ensure victims are not punished for unlawful acts committed as a direct result of "
        "being trafficked, such as immigration violations.",
        "Ensure victims are not penalized for acts committed as a result of being trafficked, "
        "such as moral crimes.",
    ),
]
# Real asks that share their verbs, not their ask.
DIFFERENT = [
    (
        "Enact legislation to criminalize all forms of trafficking.",
        "Enact legislation to prohibit and punish all forms of trafficking.",
    ),
    (
        "Extend labor law protections to domestic workers.",
        "Extend the flexible work permit and wage protection system to domestic workers.",
    ),
    (
        "Increase specialized services and shelters for male and labor trafficking victims.",
        "Increase specialized services and shelters for victims, particularly outside the capital.",
    ),
    (
        "Proactively identify victims among vulnerable groups, including people in commercial sex.",
        "Train officials to identify victims among vulnerable groups, including returning "
        "migrant workers.",
    ),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_the_same_ask_in_other_words(a, b):
    assert same_ask(a, b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_asks(a, b):
    assert not same_ask(a, b)


def test_groups_need_two_countries_and_come_largest_first():
    a, b = SAME[1]
    asks = [
        Ask(1, 10, a),
        Ask(2, 11, b),
        Ask(3, 12, a),  # three countries
        Ask(4, 10, SAME[0][0]),
        Ask(5, 11, SAME[0][1]),  # two
        Ask(6, 10, DIFFERENT[0][0]),
        Ask(7, 10, DIFFERENT[0][0]),  # one country twice
    ]
    groups = group_year(asks)
    assert [[ask.id for ask in group.members] for group in groups] == [[1, 2, 3], [4, 5]]
    assert groups[0].leader.id == 1


def test_a_group_keeps_its_key_over_years():
    a, b = SAME[2]
    keys = keys_for_years(
        {
            2020: [Ask(1, 10, a), Ask(2, 11, b)],
            2021: [Ask(5, 10, b), Ask(6, 12, a), Ask(7, 13, SAME[0][0]), Ask(8, 14, SAME[0][1])],
        }
    )
    assert keys == {1: 1, 2: 1, 5: 1, 6: 1, 7: 7, 8: 7}


@pytest.mark.django_db
def test_refresh_writes_the_groups_and_outdates_their_countries_pages():
    countries = [make_country() for _ in range(3)]
    first = make_recommendation(countries[0], year=2023, text=SAME[1][0])
    second = make_recommendation(countries[1], year=2023, text=SAME[1][1])
    alone = make_recommendation(countries[2], year=2023, text=DIFFERENT[1][0])
    assert refresh_wording_groups() == 2
    assert refresh_wording_groups() == 0  # idempotent
    versions = {
        c.pk: c.cache_version
        for c in type(countries[0]).objects.filter(pk__in=[c.pk for c in countries])
    }
    third = make_recommendation(countries[2], year=2023, text=SAME[1][0])
    assert refresh_wording_groups(from_year=2023) == 1
    groups = dict(Recommendation.objects.values_list("pk", "wording_group"))
    assert groups[first.pk] == groups[second.pk] == groups[third.pk] == first.pk
    assert groups[alone.pk] is None
    # The group grew: every member's country shows a new count.
    for country in countries:
        country.refresh_from_db()
        assert country.cache_version > versions[country.pk]
    remove_from_report(second)
    refresh_wording_groups()
    assert Recommendation.objects.get(pk=second.pk).wording_group is None
