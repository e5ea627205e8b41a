import pytest
from django.db import connection

from recommendations.models import (
    DigestFrequency,
    DigestSubscription,
    Follow,
    Recommendation,
    Status,
    StatusChange,
)
from recommendations.services import follow, set_frequency
from tests.factories import get_country, make_recommendation, make_status, make_user

pytestmark = pytest.mark.django_db

TEXTS = [
    "Increase shelters for adult victims of trafficking.",
    "Vigorously investigate and prosecute traffickers, including officials.",
    "Train labor inspectors to identify forced labor.",
    "Amend the law to criminalise all forms of sex trafficking.",
    "Provide SHELTER and legal aid to foreign victims.",
]


@pytest.fixture
def texts():
    return {make_recommendation(year=2023, text=text).pk: text for text in TEXTS}


def contains_all(text, words):
    return all(word.casefold() in text.casefold() for word in words.split())


@pytest.mark.parametrize(
    "words",
    [
        "victims",
        "Victims",
        "shelters",
        "traffickers",
        "labor inspectors",
        "forced labor",
        "officials",
        "legal aid",
        "prosecute",
        "criminalise",
        "judges",
    ],
)
def test_search_matches_what_a_contains_search_finds_for_simple_words(texts, words):
    """Full-text search on PostgreSQL, contains on SQLite: the same rows for plain words."""
    expected = {pk for pk, text in texts.items() if contains_all(text, words)}
    found = set(Recommendation.objects.matching(words).values_list("pk", flat=True))
    assert found == expected


def test_blank_search_keeps_every_row(texts):
    assert Recommendation.objects.matching("   ").count() == len(TEXTS)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL only")
def test_full_text_search_can_use_the_gin_index(texts):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        query = Recommendation.objects.matching("shelters").values("pk")
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "rec_text_search" in plan


def test_recurring_keeps_chains_of_at_least_n_years():
    short = make_recommendation(year=2022)
    long = make_recommendation(year=2023, carried_over_from=short, recurrence_years=2)
    assert list(Recommendation.objects.recurring(2)) == [long]
    assert set(Recommendation.objects.recurring(1)) == {short, long}


def test_status_rank_sorts_by_progress():
    implemented, untouched, stalled = (make_recommendation(position=p) for p in (1, 2, 3))
    make_status(implemented, Status.IMPLEMENTED)
    make_status(stalled, Status.NO_PROGRESS)
    ranked = Recommendation.objects.with_status_rank().order_by("status_rank")
    assert list(ranked) == [untouched, stalled, implemented]


def test_status_counts_in_one_query(django_assert_num_queries):
    for position, status in enumerate(["partial", "partial", "implemented"], start=1):
        make_status(make_recommendation(position=position), status)
    make_recommendation(position=4)
    with django_assert_num_queries(1):  # one GROUP BY status
        counts = Recommendation.objects.status_counts()
    assert counts == {"partial": 2, "implemented": 1, "not_assessed": 1}


def test_in_list_order_is_newest_year_then_country_then_priority():
    kenya = get_country("KEN")
    rows = [
        make_recommendation(kenya, 2022, 1),
        make_recommendation(kenya, 2023, 2),
        make_recommendation(kenya, 2023, 1),
    ]
    assert list(Recommendation.objects.in_list_order()) == [rows[2], rows[1], rows[0]]


def test_recurrence_rows_in_one_query(django_assert_num_queries):
    first = make_recommendation(year=2022)
    second = make_recommendation(year=2023, carried_over_from=first)
    with django_assert_num_queries(1):  # (id, year, carried_over_from_id) of each row
        rows = set(Recommendation.objects.recurrence_rows())
    assert rows == {(first.pk, 2022, None), (second.pk, 2023, first.pk)}


def test_status_change_feed_and_timeline_read_their_relations_in_one_query(
    django_assert_num_queries, admin_user
):
    rec = make_recommendation()
    for _ in range(3):
        make_status(rec, user=admin_user)
    with django_assert_num_queries(1):  # changes joined to recommendation, country, recorder
        feed = list(StatusChange.objects.with_context().newest_first())
        assert {change.recommendation.country.name for change in feed} == {"Norway"}
        assert {change.recorded_by.username for change in feed} == {admin_user.username}
    with django_assert_num_queries(1):  # one recommendation's changes with their recorders
        timeline = list(rec.status_changes.timeline())
        assert [change.recorded_by for change in timeline] == [admin_user] * 3
    assert [change.pk for change in feed] == sorted((c.pk for c in feed), reverse=True)


@pytest.fixture
def two_years():
    """Norway: three asks in 2022, two in 2023 (the first repeating 2022's first)."""
    norway = get_country("NOR")
    earlier = [make_recommendation(norway, year=2022) for _ in range(3)]
    later = [make_recommendation(norway, year=2023, carried_over_from=earlier[0])]
    later.append(make_recommendation(norway, year=2023))
    return norway, earlier, later


def test_years_by_country(two_years, django_assert_num_queries):
    norway, _, _ = two_years
    make_recommendation(norway, year=2024, removed_from_report=True)
    make_recommendation(get_country("AFG"), year=2021)
    with django_assert_num_queries(1):  # the distinct (country, year) pairs
        years = Recommendation.objects.years_by_country({norway.pk})
    assert years == {norway.pk: {2022, 2023, 2024}}
    # What the import's preview and match_carried_over read: the years on record in the report.
    with django_assert_num_queries(1):
        years = Recommendation.objects.in_report().years_by_country({norway.pk})
    assert years == {norway.pk: {2022, 2023}}


def test_matching_rows_groups_by_country_and_year(two_years, django_assert_num_queries):
    norway, earlier, later = two_years
    with django_assert_num_queries(1):  # the rows, with only the matching fields
        rows = Recommendation.objects.carried_over_rows(country_ids={norway.pk}, years={2022, 2023})
    assert rows[norway.pk, 2022] == earlier
    assert rows[norway.pk, 2023] == later


def test_carried_over_candidates_are_the_nearest_earlier_year(two_years, django_assert_num_queries):
    _, earlier, later = two_years
    with django_assert_num_queries(1):  # the candidates, the nearest year in a subquery
        candidates = list(Recommendation.objects.carried_over_candidates(later[1]))
    assert candidates == earlier


def test_repeating_and_stored_carried_over(two_years, django_assert_num_queries):
    _, earlier, later = two_years
    with django_assert_num_queries(2):  # the rival; the stored carried_over_from
        rival = Recommendation.objects.repeating(earlier[0], year=2023, besides=later[1])
        stored = Recommendation.objects.stored(later[0].pk, "carried_over_from_id", "year")
    assert rival == later[0]
    assert stored == (earlier[0].pk, 2023)
    assert Recommendation.objects.stored(10**9, "country_id") == (None,)
    assert Recommendation.objects.repeating(earlier[0], year=2023, besides=later[0]) is None


def test_find_selection_summary_and_preview(two_years, django_assert_num_queries):
    _, earlier, later = two_years
    rows = Recommendation.objects.all()
    with django_assert_num_queries(3):  # find; count and latest year; the preview with countries
        found = Recommendation.objects.find(earlier[1].pk)
        summary = rows.selection_summary()
        preview = list(rows.preview(2))
        assert [rec.country.iso3 for rec in preview] == ["NOR", "NOR"]
    assert found == earlier[1]
    assert summary == (5, 2023)
    assert preview == later
    assert Recommendation.objects.find(10**9) is None


def test_page_order_and_up_to(two_years, django_assert_num_queries):
    norway, earlier, later = two_years
    with django_assert_num_queries(1):  # the country's recommendations up to 2022
        rows = list(norway.recommendations.up_to(2022).in_page_order())
    assert rows == earlier
    assert list(Recommendation.objects.in_id_order()) == earlier + later


def test_report_years_newest_first(two_years, django_assert_num_queries):
    with django_assert_num_queries(1):  # the distinct years
        assert Recommendation.objects.report_years() == [2023, 2022]
    make_recommendation(get_country("SWE"), 2009)
    make_recommendation(get_country("SWE"), 2023)
    assert Recommendation.objects.report_years() == [2023, 2022, 2009]  # each year once


def test_report_years_refuses_a_filtered_set(two_years):
    with pytest.raises(TypeError, match="unfiltered"):
        Recommendation.objects.filter(year=2022).report_years()


def test_report_years_are_none_without_recommendations():
    assert Recommendation.objects.report_years() == []


def test_follows_of_a_user_by_country_name_in_one_query(django_assert_num_queries):
    user, other = make_user(), make_user()
    norway, chad = get_country("NOR"), get_country("TCD")
    follow(user=user, country=norway)
    follow(user=user, country=get_country("AFG"))
    follow(user=other, country=chad)
    with django_assert_num_queries(1):  # the follows with their countries
        assert [c.iso3 for c in Follow.objects.countries_of(user)] == ["AFG", "NOR"]
    with django_assert_num_queries(1):
        assert Follow.objects.following(user, norway) is True
    with django_assert_num_queries(1):
        assert Follow.objects.following(user, chad) is False


def test_digest_frequency_of_a_user_in_one_query(django_assert_num_queries):
    subscribed, never_followed = make_user(), make_user()
    set_frequency(user=subscribed, frequency=DigestFrequency.DAILY)
    with django_assert_num_queries(1):
        assert DigestSubscription.objects.frequency_of(subscribed) == DigestFrequency.DAILY
    with django_assert_num_queries(1):
        assert DigestSubscription.objects.frequency_of(never_followed) == DigestFrequency.NEVER
