"""The dropped recommendations page: what the next report does not repeat, for review."""

import io

import pytest
from django.core.management import call_command

from recommendations.models import Recommendation
from recommendations.services import save_recommendation, set_carried_over
from tests.factories import (
    carry_over_row,
    get_country,
    make_country,
    make_recommendation,
    page_main,
    remove_from_report,
)
from tests.pages import parse, result_count, text
from tests.recommendations.chapter_files import SEED

pytestmark = pytest.mark.django_db

URL = "/recommendations/dropped/"


@pytest.fixture
def norway():
    """2021: a, b. 2022 repeats a (not b). 2024 (2023 missing) repeats nothing of 2022."""
    country = get_country("NOR")
    a = make_recommendation(country, 2021, text="Ask A.")
    b = make_recommendation(country, 2021, text="Ask B.")
    a2 = make_recommendation(country, 2022, text="Ask A again.")
    carry_over_row(a2, a)
    c = make_recommendation(country, 2022, text="Ask C.")
    gone = make_recommendation(country, 2022, text="Ask D, no longer listed.")
    remove_from_report(gone)
    e = make_recommendation(country, 2024, text="Ask E.")
    return {"a": a, "b": b, "a2": a2, "c": c, "e": e}


def listed(response):
    """(report that dropped it, text) of each row, as the page shows them under their headings."""
    rows, year = [], None
    for element in parse(response).find_all(["h2", "td"]):
        if element.name == "h2" and text(element).startswith("Dropped from the "):
            year = int(text(element).split()[3])
        elif element.name == "td" and "rec-text" in element.get("class", []):
            rows.append((year, text(element).split(": ", 1)[1]))
    return rows


def test_lists_what_the_next_report_year_does_not_repeat(admin_role_client, norway):
    response = admin_role_client.get(URL)
    assert response.status_code == 200
    assert listed(response) == [
        (2024, "Ask A again."),
        (2024, "Ask C."),
        (2022, "Ask B."),
    ]
    page = response.content.decode()
    assert "Dropped from the 2024 report: possibly addressed, review" in page
    assert "Dropped from the 2022 report: possibly addressed, review" in page
    review = f"/recommendations/{norway['b'].pk}/?note=Not+repeated+in+the+2022+report."
    assert review in page


def test_filters_by_year_and_country(admin_role_client, norway):
    sweden = get_country("SWE")
    make_recommendation(sweden, 2021, text="Swedish ask.")
    make_recommendation(sweden, 2022, text="Another Swedish ask.")
    assert listed(admin_role_client.get(URL, {"year": 2022})) == [
        (2022, "Ask B."),
        (2022, "Swedish ask."),
    ]
    assert listed(admin_role_client.get(URL, {"year": 2022, "country": "sweden"})) == [
        (2022, "Swedish ask.")
    ]
    bad = admin_role_client.get(URL, {"year": "nope", "country": "atlantis"})
    assert bad.status_code == 400
    assert "fix them to see dropped recommendations" in bad.content.decode()
    assert listed(bad) == [] and 'class="result-count"' not in bad.content.decode()


def test_record_status_link_prefills_the_note(admin_role_client, norway):
    page = admin_role_client.get(
        norway["b"].get_absolute_url(), {"note": "Not repeated in the 2022 report."}
    ).content.decode()
    assert "Not repeated in the 2022 report.</textarea>" in page


def test_nav_link_only_for_users_who_record_statuses(logged_in, norway):
    assert f'href="{URL}"' in logged_in("Admin").get("/recommendations/").content.decode()
    client = logged_in("Analyst")
    assert f'href="{URL}"' not in client.get("/recommendations/").content.decode()
    assert client.get(URL).status_code == 403


def test_paginates_fifty_a_page(admin_role_client):
    country = make_country()
    for position in range(1, 56):
        make_recommendation(country, 2022, position=position, text=f"Ask {position}.")
    make_recommendation(country, 2023, text="A new ask.")
    first = admin_role_client.get(URL)
    assert result_count(first) == "55 dropped recommendations; showing 1–50."
    assert len(listed(first)) == 50
    second = admin_role_client.get(URL, {"page": 2})
    assert result_count(second) == "55 dropped recommendations; showing 51–55."
    assert len(listed(second)) == 5


@pytest.mark.parametrize("countries", [2, 12])
def test_runs_a_fixed_number_of_queries(admin_role_client, django_assert_num_queries, countries):
    for _ in range(countries):
        country = make_country()
        for year in (2021, 2022, 2023):
            for position in (1, 2, 3):
                make_recommendation(country, year, position=position)
    # session, user, the years of the year select, the country looked up by its slug, COUNT,
    # the page's rows with their countries, the countries of the country select, the user's
    # and their groups' permissions (view check and navigation); the cache versions (the
    # permissions' cache key) come with the user
    with django_assert_num_queries(9):
        response = admin_role_client.get(URL, {"country": country.slug})
    assert result_count(response) == "6 dropped recommendations; showing 1–6."
    # asked again: the whole response from the page cache (session, user with the versions)
    with django_assert_num_queries(2):
        again = admin_role_client.get(URL, {"country": country.slug})
    assert page_main(again) == page_main(response)


def test_an_analyst_never_gets_the_page_an_admin_had_cached(logged_in, admin_role_client, norway):
    assert admin_role_client.get(URL).status_code == 200  # cached now
    assert logged_in("Analyst").get(URL).status_code == 403


def test_bad_filters_stay_a_400_from_the_cache(admin_role_client, norway):
    for _ in range(2):
        response = admin_role_client.get(URL, {"year": "nope"})
        assert response.status_code == 400
        assert "The filter has errors" in response.content.decode()


def test_a_link_set_by_an_admin_takes_it_off_the_list(admin_role_client, norway):
    set_carried_over(recommendation=norway["e"], target=norway["c"])
    assert listed(admin_role_client.get(URL)) == [(2024, "Ask A again."), (2022, "Ask B.")]
    set_carried_over(recommendation=norway["e"], target=None)
    assert (2024, "Ask C.") in listed(admin_role_client.get(URL))


def test_importing_the_next_report_drops_what_it_does_not_repeat(admin_role_client):
    norway = get_country("NOR")
    repeated = make_recommendation(
        norway,
        2022,
        text="Expand efforts to investigate, prosecute, and convict traffickers with an "
        "increased focus on pursuing labor trafficking cases.",
    )
    make_recommendation(norway, 2022, text="Ratify a convention on something else entirely.")
    assert listed(admin_role_client.get(URL)) == []
    call_command("import_report", str(SEED), stdout=io.StringIO(), stderr=io.StringIO())
    assert Recommendation.objects.get(year=2023, position=1).carried_over_from_id == repeated.pk
    assert listed(admin_role_client.get(URL)) == [
        (2023, "Ratify a convention on something else entirely.")
    ]


def test_a_recommendation_an_admin_adds_or_moves_changes_what_is_dropped(admin_role_client, norway):
    added = Recommendation(country=get_country("NOR"), year=2023, position=1, text="Ask F.")
    save_recommendation(recommendation=added)
    assert listed(admin_role_client.get(URL)) == [
        (2024, "Ask F."),
        (2023, "Ask A again."),
        (2023, "Ask C."),
        (2022, "Ask B."),
    ]
    added.country = get_country("SWE")
    save_recommendation(recommendation=added)  # Norway's 2023 has no list again
    assert listed(admin_role_client.get(URL))[:2] == [(2024, "Ask A again."), (2024, "Ask C.")]
