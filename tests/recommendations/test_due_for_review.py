"""Review reminders: the rule's edges (exactly REVIEW_AFTER_DAYS old is due, Implemented never,
never assessed counts from 30 June of the report year) and the admins' "Due for review" page."""

import datetime

import pytest

from recommendations.models import Recommendation
from tests.factories import get_country, make_country, make_recommendation, make_status
from tests.pages import result_count, tables

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)
CUTOFF = TODAY - datetime.timedelta(days=180)  # 2026-06-04


def due_ids(today=TODAY, days=180):
    return set(Recommendation.objects.due_for_review(today, days).values_list("id", flat=True))


def test_a_status_exactly_the_period_old_is_due_one_day_younger_is_not():
    exactly = make_recommendation(year=2026)
    make_status(exactly, as_of=CUTOFF)
    younger = make_recommendation(year=2026)
    make_status(younger, as_of=CUTOFF + datetime.timedelta(days=1))
    assert due_ids() == {exactly.pk}


def test_implemented_is_never_due_and_any_other_status_is():
    done = make_recommendation(year=2025)
    make_status(done, status="implemented", as_of=datetime.date(2025, 7, 1))
    partial = make_recommendation(year=2025)
    make_status(partial, status="partial", as_of=datetime.date(2025, 7, 1))
    assert due_ids() == {partial.pk}


def test_the_latest_status_counts_by_its_as_of_date():
    rec = make_recommendation(year=2025)
    make_status(rec, status="no_progress", as_of=datetime.date(2025, 7, 1))
    assert due_ids() == {rec.pk}
    make_status(rec, status="in_progress", as_of=CUTOFF + datetime.timedelta(days=10))
    assert due_ids() == set()


def test_never_assessed_counts_from_the_30_june_of_its_report_year():
    this_year = make_recommendation(year=2026)
    last_year = make_recommendation(year=2025)
    # 180 days before 27 December 2026 is 30 June 2026: the 2026 report is exactly due.
    assert due_ids(datetime.date(2026, 12, 27)) == {this_year.pk, last_year.pk}
    assert due_ids(datetime.date(2026, 12, 26)) == {last_year.pk}
    assert due_ids(datetime.date(2025, 12, 27)) == {last_year.pk}
    assert due_ids(datetime.date(2025, 12, 26)) == set()


def test_removed_from_the_report_is_not_due():
    make_recommendation(year=2024, removed_from_report=True)
    assert due_ids() == set()


def test_the_setting_gives_the_period(settings):
    rec = make_recommendation(year=2026)
    make_status(rec, as_of=TODAY - datetime.timedelta(days=30))
    settings.REVIEW_AFTER_DAYS = 30
    assert set(Recommendation.objects.due_for_review(TODAY).values_list("id", flat=True)) == {
        rec.pk
    }


def test_oldest_first():
    newer = make_recommendation(year=2025)
    make_status(newer, as_of=datetime.date(2025, 9, 1))
    never = make_recommendation(year=2024)
    older = make_recommendation(year=2025)
    make_status(older, as_of=datetime.date(2025, 3, 1))
    order = list(Recommendation.objects.due_for_review(TODAY).values_list("id", flat=True))
    assert order == [never.pk, older.pk, newer.pk]


def listed(response):
    """The rows of the page's table of recommendations due for review."""
    return tables(response)["Due for review"][1:]


def test_page_lists_filters_and_pages(admin_role_client):
    norway, chad = get_country("NOR"), get_country("TCD")
    for position in range(1, 56):
        make_recommendation(norway, year=2024, position=position, pillar="protection")
    make_recommendation(chad, year=2024, pillar="prosecution", text="Convict traffickers.")
    page = admin_role_client.get("/recommendations/due/")
    assert page.status_code == 200
    assert result_count(page) == "56 recommendations due for review; showing 1–50."
    assert len(listed(page)) == 50
    second = admin_role_client.get("/recommendations/due/?page=2")
    assert result_count(second) == "56 recommendations due for review; showing 51–56."
    assert len(listed(second)) == 6
    by_region = admin_role_client.get("/recommendations/due/?region=AF")
    assert "Convict traffickers." in by_region.content.decode()
    assert result_count(by_region) == "1 recommendation due for review; showing 1–1."
    by_pillar = admin_role_client.get("/recommendations/due/?pillar=protection&country=norway")
    assert result_count(by_pillar).startswith("55 recommendations due for review;")
    assert admin_role_client.get("/recommendations/due/?pillar=magic").status_code == 400


def test_page_query_count_does_not_grow(admin_role_client, django_assert_num_queries):
    countries = [make_country() for _ in range(3)]
    for country in countries:
        for position in range(1, 21):
            make_recommendation(country, year=2024, position=position)
    admin_role_client.get("/recommendations/due/")  # warm the session and permission caches
    # session, user with the cache versions (the permissions cache key), country choices,
    # count, page with countries.
    with django_assert_num_queries(5):
        assert admin_role_client.get("/recommendations/due/").status_code == 200
