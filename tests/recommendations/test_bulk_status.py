"""Recording one status for many recommendations: confirmation, all or nothing, permission."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from recommendations.models import Recommendation, Status, StatusChange
from recommendations.selection import BULK_LIMIT, matching_recommendations
from tests.factories import form_token, get_country, make_recommendation, make_status

pytestmark = pytest.mark.django_db

BULK = reverse("recommendations:bulk_status")


def form_fields(**fields):
    return {
        "status": Status.PARTIAL,
        "as_of": "2024-05-01",
        "note": "Ministry report of May 2024.",
        "evidence_url": "",
        "submission": form_token(),
        **fields,
    }


def test_confirmation_page_counts_the_selected_rows(logged_in):
    recs = [make_recommendation(year=2023) for _ in range(3)]
    query = urlencode([("id", recs[0].pk), ("id", recs[2].pk)])
    page = logged_in("Admin").get(f"{BULK}?{query}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 recommendations will change." in html
    assert recs[0].text in html and recs[1].text not in html
    assert 'name="expected_count" value="2"' in html
    assert '<option value="" selected>Choose a status</option>' in html  # nothing preselected


def test_all_that_match_the_filter_counts_what_the_filter_matches(logged_in):
    norway, sweden = get_country("NOR"), get_country("SWE")
    for _ in range(3):
        make_recommendation(norway, year=2023)
    make_recommendation(norway, year=2022)
    make_recommendation(sweden, year=2023)
    page = logged_in("Admin").get(f"{BULK}?country=norway&year=2023&all=1&page=2")
    assert "3 recommendations will change." in page.content.decode()


def test_posting_records_every_selected_row_and_returns_to_the_filtered_list(logged_in):
    norway = get_country("NOR")
    chosen = [make_recommendation(norway, year=2023) for _ in range(2)]
    other = make_recommendation(norway, year=2022)
    client = logged_in("Admin")
    response = client.post(
        BULK,
        {"selection": "country=norway&year=2023&all=1", "expected_count": "2", **form_fields()},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("recommendations:list") + "?country=norway&year=2023"
    message = client.get(response["Location"]).content.decode()
    assert "Recorded “Partially implemented” as of 1 May 2024 for 2 recommendations." in message
    for rec in chosen:
        rec.refresh_from_db()
        assert (rec.status, rec.status_as_of) == (Status.PARTIAL, datetime.date(2024, 5, 1))
    other.refresh_from_db()
    assert other.status == Status.NOT_ASSESSED
    assert StatusChange.objects.filter(note="Ministry report of May 2024.").count() == 2


def test_a_date_before_one_recommendations_year_refuses_all_of_them(logged_in):
    older = make_recommendation(year=2022)
    newer = make_recommendation(year=2024)
    response = logged_in("Admin").post(
        BULK,
        {
            "selection": f"id={older.pk}&id={newer.pk}",
            "expected_count": "2",
            **form_fields(as_of="2023-06-01"),
        },
    )
    assert response.status_code == 400
    assert "cannot be before 1 January 2024" in response.content.decode()
    assert not StatusChange.objects.exists()


def test_a_failure_part_way_writes_nothing(logged_in, monkeypatch):
    recs = [make_recommendation(year=2023) for _ in range(3)]
    from recommendations.services import status as services

    real_moves = services._moves
    calls = []

    def fail_on_third(history, change):
        calls.append(change.recommendation_id)
        if len(calls) == 3:
            raise services.ValidationError("Simulated failure on the third row.")
        return real_moves(history, change)

    monkeypatch.setattr(services, "_moves", fail_on_third)
    response = logged_in("Admin").post(
        BULK,
        {
            "selection": "&".join(f"id={rec.pk}" for rec in recs),
            "expected_count": "3",
            **form_fields(),
        },
    )
    assert response.status_code == 400
    assert "Simulated failure on the third row." in response.content.decode()
    assert len(calls) == 3
    assert not StatusChange.objects.exists()
    assert set(Recommendation.objects.values_list("status_version", flat=True)) == {0}


def test_a_selection_that_changed_since_the_confirmation_is_refused_with_the_new_count(logged_in):
    norway = get_country("NOR")
    for _ in range(2):
        make_recommendation(norway, year=2023)
    client = logged_in("Admin")
    make_recommendation(norway, year=2023)  # a third one matches by the time of the POST
    response = client.post(
        BULK, {"selection": "country=norway&all=1", "expected_count": "2", **form_fields()}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "3 recommendations match now, not 2" in html
    assert 'name="expected_count" value="3"' in html
    assert not StatusChange.objects.exists()


def test_a_status_must_be_chosen(logged_in):
    rec = make_recommendation(year=2023)
    response = logged_in("Admin").post(
        BULK, {"selection": f"id={rec.pk}", "expected_count": "1", **form_fields(status="")}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize(
    "query, message",
    [
        ("", "Select at least one recommendation"),
        ("id=abc", "not a recommendation"),
        ("all=1&year=twenty", "year: Select a valid choice. twenty"),
        ("all=1&status=finished", "status: Select a valid choice. finished"),
        ("all=1&year=2023&status=implemented", "No recommendation matches"),
    ],
)
def test_bad_selections_are_refused_with_a_message(logged_in, query, message):
    make_recommendation(year=2023)
    response = logged_in("Admin").get(f"{BULK}?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_more_than_the_limit_is_refused(logged_in, monkeypatch):
    monkeypatch.setattr("recommendations.views.bulk_status.BULK_LIMIT", 2)
    for _ in range(3):
        make_recommendation(year=2023)
    response = logged_in("Admin").get(f"{BULK}?all=1")
    assert response.status_code == 400
    assert "one update can change at most 2" in response.content.decode()
    assert BULK_LIMIT >= 100  # the real limit still allows a country's decade of asks


@pytest.mark.parametrize("role", ["Analyst", "Manager"])
def test_readers_can_neither_see_nor_post_the_bulk_form(logged_in, role):
    rec = make_recommendation(year=2023)
    client = logged_in(role)
    assert client.get(f"{BULK}?id={rec.pk}").status_code == 403
    response = client.post(
        BULK, {"selection": f"id={rec.pk}", "expected_count": "1", **form_fields()}
    )
    assert response.status_code == 403
    assert not StatusChange.objects.exists()


def test_list_offers_selection_only_to_those_who_may_change_status(logged_in):
    rec = make_recommendation(year=2023)
    admin_html = logged_in("Admin").get(reverse("recommendations:list")).content.decode()
    assert f'name="id" value="{rec.pk}" form="bulk-select"' in admin_html
    assert "that match the filter" in admin_html
    analyst_html = logged_in("Analyst").get(reverse("recommendations:list")).content.decode()
    assert 'form="bulk-select"' not in analyst_html and BULK not in analyst_html


def test_matching_recommendations_filters_by_country_year_and_status():
    norway = get_country("NOR")
    wanted = make_recommendation(norway, year=2023)
    make_status(wanted, Status.IN_PROGRESS)
    make_recommendation(norway, year=2023)
    make_recommendation(get_country("SWE"), year=2023)
    from django.http import QueryDict

    rows = matching_recommendations(QueryDict("country=norway&year=2023&status=in_progress"))
    assert list(rows) == [wanted]
