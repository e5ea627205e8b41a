import csv
import io

import pytest
from bs4 import BeautifulSoup

from recommendations.models import Pillar, Recommendation, Status
from recommendations.services import set_carried_over
from tests.factories import get_country, make_recommendation, make_status, page_main
from tests.pages import field_errors, parse, rows, tables

pytestmark = pytest.mark.django_db

URL = "/recommendations/"


def listed_ids(response):
    """The ids of the rows the page lists, in its order."""
    return [int(row["data-id"]) for row in parse(response).select("tr[data-id]")]


def csv_rows(response):
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_anonymous_is_sent_to_login(client):
    for url in (URL, f"{URL}?format=csv", f"{URL}?format=json"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_rows_show_country_year_position_pillar_status_and_recurrence(analyst_client):
    earlier = make_recommendation(year=2022, text="Fund shelters for adult victims.")
    rec = make_recommendation(
        year=2023,
        text="Fund shelters for adult victims, including men.",
        pillar=Pillar.PROTECTION,
        carried_over_from=earlier,
        recurrence_years=2,
    )
    make_status(rec, Status.PARTIAL)
    response = analyst_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert listed_ids(response) == [rec.pk, earlier.pk]  # newest year first
    assert "Fund shelters for adult victims, including men." in html
    assert "Protection" in html
    assert 'class="status status-partial">Partially implemented' in html
    assert html.count("years running") == 1
    assert "2 years running" in html
    assert f'href="/recommendations/{rec.pk}/"' in html
    assert 'href="/countries/norway/"' in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=norway", {"nor-2023-1", "nor-2022-1"}),
        ("country={nor_id}", {"nor-2023-1", "nor-2022-1"}),
        ("region=AF", {"ken-2023-1"}),
        ("year=2022", {"nor-2022-1"}),
        ("pillar=prosecution", {"nor-2023-1", "ken-2023-1"}),
        ("status=implemented", {"ken-2023-1"}),
        ("recurrence_years__gte=2", {"nor-2023-1"}),
        ("q=shelters", {"nor-2022-1"}),
        ("q=SHELTERS+adults", {"nor-2022-1"}),
        ("q=judges", set()),
        ("country=norway&year=2023", {"nor-2023-1"}),
    ],
)
def test_each_filter_narrows(analyst_client, query, expected):
    norway, kenya = get_country("NOR"), get_country("KEN")
    made = {
        "nor-2022-1": make_recommendation(
            norway, 2022, 1, text="Open shelters for adults.", pillar=Pillar.PROTECTION
        ),
        "ken-2023-1": make_recommendation(
            kenya, 2023, 1, text="Prosecute labour traffickers.", pillar=Pillar.PROSECUTION
        ),
    }
    made["nor-2023-1"] = make_recommendation(
        norway,
        2023,
        1,
        text="Convict traffickers and sentence them.",
        pillar=Pillar.PROSECUTION,
        carried_over_from=made["nor-2022-1"],
        recurrence_years=2,
    )
    make_status(made["ken-2023-1"], Status.IMPLEMENTED)
    response = analyst_client.get(f"{URL}?{query.format(nor_id=norway.pk)}")
    assert response.status_code == 200
    names = {key for key, rec in made.items() if rec.pk in listed_ids(response)}
    assert names == expected


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("", ["nor-2023-2", "nor-2023-3", "alb-2022-1"]),  # year desc, then country, priority
        ("country", ["alb-2022-1", "nor-2023-2", "nor-2023-3"]),
        ("-position", ["nor-2023-3", "nor-2023-2", "alb-2022-1"]),
        ("year", ["alb-2022-1", "nor-2023-2", "nor-2023-3"]),
        ("-status", ["nor-2023-3", "alb-2022-1", "nor-2023-2"]),  # by progress, not by name
    ],
)
def test_sorting(analyst_client, sort, expected):
    made = {
        "nor-2023-2": make_recommendation(get_country("NOR"), 2023, 2),
        "nor-2023-3": make_recommendation(get_country("NOR"), 2023, 3),
        "alb-2022-1": make_recommendation(get_country("ALB"), 2022, 1),
    }
    make_status(made["nor-2023-3"], Status.IMPLEMENTED)
    make_status(made["alb-2022-1"], Status.NO_PROGRESS)
    by_id = {rec.pk: key for key, rec in made.items()}
    response = analyst_client.get(f"{URL}?sort={sort}")
    assert [by_id[pk] for pk in listed_ids(response)] == expected


def test_fifty_per_page_and_page_links_keep_the_filters(analyst_client):
    for position in range(1, 56):
        make_recommendation(year=2023, position=position)
    make_recommendation(get_country("KEN"), year=2023, position=1)
    first = analyst_client.get(f"{URL}?country=norway&sort=position")
    assert len(listed_ids(first)) == 50
    html = first.content.decode()
    assert 'href="?country=norway&amp;sort=position&amp;page=2"' in html
    second = analyst_client.get(f"{URL}?country=norway&sort=position&page=2")
    header, *listed = rows(parse(second).find("table", class_="recommendations"))
    assert [row[header.index("#")] for row in listed] == ["51", "52", "53", "54", "55"]


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-3",
        "page=0",
        "page=99999999999999999999999999999",
        "page=" + "9" * 5000,
        "page=1.5",
    ],
)
def test_odd_page_numbers_still_show_a_page(analyst_client, query):
    make_recommendation()
    response = analyst_client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert len(listed_ids(response)) == 1


@pytest.mark.parametrize(
    "query, field",
    [
        ("country=atlantis", "country"),
        ("country=99999999999999999999999", "country"),
        ("region=MARS", "region"),
        ("year=abc", "year"),
        ("year=1999", "year"),
        ("pillar=poetry", "pillar"),
        ("status=done", "status"),
        ("recurrence_years__gte=two", "recurrence_years__gte"),
        ("recurrence_years__gte=-1", "recurrence_years__gte"),
        ("recurrence_years__gte=99999999999999999999", "recurrence_years__gte"),
        ("sort=text", "sort"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_filter_values_show_the_form_error(analyst_client, query, field):
    make_recommendation()
    response = analyst_client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert field in field_errors(response)
    assert "fix them to see recommendations" in response.content.decode()
    json_response = analyst_client.get(f"{URL}?{query}&format=json", follow=True)
    assert json_response.status_code == 400
    assert field in json_response.json()
    assert analyst_client.get(f"{URL}?{query}&format=csv").status_code == 400


@pytest.mark.parametrize(
    "query", ["q=%00", "q=%27%22%3B--", "q=a%26b%7Cc!(d)", "q=%3A*", "format=xml", "year="]
)
def test_odd_query_strings_never_fail(analyst_client, query):
    make_recommendation(text="Train judges.")
    response = analyst_client.get(f"{URL}?{query}")
    assert response.status_code in (200, 400)


def test_html_in_imported_text_is_escaped(analyst_client):
    make_recommendation(text="<script>alert(1)</script> Train judges.")
    html = analyst_client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Train judges." in html


def test_csv_holds_exactly_the_filtered_rows_of_all_pages(analyst_client):
    for position in range(1, 61):
        make_recommendation(year=2023, position=position, pillar=Pillar.PROTECTION)
    make_recommendation(year=2023, position=61, pillar=Pillar.PREVENTION)
    make_recommendation(get_country("KEN"), year=2023, position=1, pillar=Pillar.PROTECTION)
    response = analyst_client.get(f"{URL}?country=norway&pillar=protection&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="recommendations-')
    rows = csv_rows(response)
    expected = Recommendation.objects.filter(country__iso3="NOR", pillar=Pillar.PROTECTION)
    assert sorted(int(row["id"]) for row in rows) == sorted(expected.values_list("id", flat=True))
    assert len(rows) == 60
    assert rows[0]["country"] == "Norway"
    assert rows[0]["pillar"] == "Protection"
    assert rows[0]["status"] == "Not assessed"


def test_csv_keeps_the_sort_and_neutralises_formulas(analyst_client):
    make_recommendation(year=2023, position=1, text='=HYPERLINK("http://x")')
    make_recommendation(year=2023, position=2, text="Plain text, with a comma.")
    rows = csv_rows(analyst_client.get(f"{URL}?sort=-position&format=csv"))
    assert [row["position"] for row in rows] == ["2", "1"]
    assert rows[0]["text"] == "Plain text, with a comma."
    assert rows[1]["text"] == '\'=HYPERLINK("http://x")'


def test_csv_names_recurrence_years_as_the_model_and_the_api_do(analyst_client):
    old = make_recommendation(year=2022, position=1)
    new = make_recommendation(year=2023, position=1)
    set_carried_over(recommendation=new, target=old)
    rows = {int(row["id"]): row for row in csv_rows(analyst_client.get(f"{URL}?format=csv"))}
    assert (rows[old.pk]["recurrence_years"], rows[new.pk]["recurrence_years"]) == ("1", "2")
    assert analyst_client.get(f"/api/v1/recommendations/{new.pk}/").json()["recurrence_years"] == 2


def test_json_is_the_apis_page_of_the_same_filters_and_sort(analyst_client):
    for position in range(1, 53):
        make_recommendation(year=2023, position=position)
    make_recommendation(get_country("KEN"))
    response = analyst_client.get(f"{URL}?country=norway&sort=position&format=json&page=2")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/recommendations/?country=norway&sort=position&page=2"
    data = analyst_client.get(response["Location"]).json()
    assert data["count"] == 52
    assert [row["position"] for row in data["results"]] == [51, 52]
    assert data["next"] is None
    assert "country=norway" in data["previous"] and "sort=position" in data["previous"]
    assert data["results"][0]["country"] == {"iso3": "NOR", "name": "Norway", "slug": "norway"}
    assert data["results"][0]["pillar"] == {"code": "general", "label": "General"}


def test_the_pages_json_link_is_the_apis_with_the_pages_query(analyst_client):
    make_recommendation(year=2023)
    page = BeautifulSoup(analyst_client.get(f"{URL}?year=2023&page=1").content, "html.parser")
    link = page.find("a", string=lambda text: text and text.startswith("JSON"))
    assert link["href"] == "/api/v1/recommendations/?year=2023&page=1"


def test_status_composition_counts_the_filtered_rows(analyst_client):
    first, second, _ = (make_recommendation(year=2023, position=p) for p in (1, 2, 3))
    make_status(first, Status.IMPLEMENTED)
    make_status(second, Status.IMPLEMENTED)
    make_status(make_recommendation(get_country("KEN")), Status.NO_PROGRESS)
    response = analyst_client.get(f"{URL}?country=norway")
    header, *shown = tables(response)["Status of the matching recommendations"]
    assert header[:2] == ["Status", "Recommendations"]
    assert {row[0]: row[1] for row in shown} == {
        "Not assessed": "1",
        "No progress": "0",
        "In progress": "0",
        "Partially implemented": "0",
        "Implemented": "2",
    }


@pytest.mark.parametrize("countries", [3, 30])
def test_list_runs_a_fixed_number_of_queries(
    analyst_client, django_assert_num_queries, world, countries
):
    slug = world(countries)[0].country.slug
    # session, user, the years of the year select, the counts by pillar and status (one GROUP
    # BY: the total, the status composition and the open share per pillar), the page's rows
    # with their countries, the countries of the country select, the user's and their groups'
    # permissions (navigation and selection boxes), the page's themes (prefetched: one query
    # for all 50 rows); the cache versions come with the user
    with django_assert_num_queries(9):
        response = analyst_client.get(URL)
    assert len(listed_ids(response)) == min(50, countries * 6)
    # the same, plus the country looked up by its slug, less the permissions (cached for
    # this permissions version)
    with django_assert_num_queries(8):
        response = analyst_client.get(f"{URL}?country={slug}&q=ask&sort=status&region=EUR")
    assert len(listed_ids(response)) == 6
    # from the page cache: session, user with the cache versions (the response is cached)
    with django_assert_num_queries(2):
        again = analyst_client.get(f"{URL}?country={slug}&q=ask&sort=status&region=EUR")
    assert page_main(again) == page_main(response)


@pytest.mark.parametrize("countries", [3, 30])
def test_exports_run_a_fixed_number_of_queries(
    analyst_client, django_assert_num_queries, world, countries
):
    world(countries)
    # session, user, the years of the year select, the rows (read in chunks of 2,000), the
    # themes of each chunk (one chunk here)
    with django_assert_num_queries(5):
        b"".join(analyst_client.get(f"{URL}?format=csv").streaming_content)
    # the API's page: session, user, years, COUNT, the page's rows, the page's themes
    with django_assert_num_queries(6):
        analyst_client.get("/api/v1/recommendations/")
