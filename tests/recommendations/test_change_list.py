import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from recommendations.models import Status, StatusChange
from tests.factories import get_country, make_recommendation, make_status, page_main
from tests.pages import field_errors, parse

pytestmark = pytest.mark.django_db

URL = "/changes/"


def listed_notes(response):
    """The notes of the changes the page lists, in its order."""
    cells = parse(response).find_all("td", class_="note")
    # the note is the cell's own text; an evidence link follows it
    return ["".join(cell.find_all(string=True, recursive=False)).strip() for cell in cells]


def test_anonymous_is_sent_to_login(client):
    for url in (URL, f"{URL}?format=csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_nav_links_to_changes(analyst_client):
    html = analyst_client.get(URL).content.decode()
    assert '<a href="/changes/" aria-current="page">Changes</a>' in html


def test_every_change_newest_recorded_first(analyst_client):
    rec = make_recommendation(year=2023)
    make_status(rec, Status.NO_PROGRESS, as_of=datetime.date(2023, 9, 1), note="first")
    make_status(rec, Status.PARTIAL, as_of=datetime.date(2023, 7, 1), note="second")
    make_status(make_recommendation(get_country("KEN")), note="third")
    response = analyst_client.get(URL)
    assert response.status_code == 200
    assert listed_notes(response) == ["third", "second", "first"]
    html = response.content.decode()
    assert f'href="/recommendations/{rec.pk}/"><span class="rec-ref">2023 #1</span>' in html
    assert 'class="status status-partial"' in html


def test_each_change_shows_its_recommendations_text_linked_and_shortened(analyst_client):
    long_text = "Increase efforts to investigate and prosecute trafficking cases " * 6
    short = make_recommendation(year=2023, text="Adopt a national action plan.")
    long = make_recommendation(year=2023, text=long_text.strip())
    make_status(short, note="a")
    make_status(long, note="b")
    soup = BeautifulSoup(analyst_client.get(URL).content, "html.parser")
    links = {
        link["href"]: link.find("span", class_="rec-excerpt").get_text()
        for link in soup.select("table.changes a.rec-link")
    }
    assert links[short.get_absolute_url()] == "Adopt a national action plan."
    excerpt = links[long.get_absolute_url()]
    assert excerpt.split()[-1] == "…" and len(excerpt.split()) == 25  # 24 whole words, then …
    assert long_text.startswith(excerpt.removesuffix(" …"))


def recorded_days_ago(rec, days_ago, *, as_of, note, user=None):
    """A history row recorded some days ago. Inserted directly: the service stamps the current
    time, and the append-only history (a trigger on PostgreSQL) cannot be back-dated later."""
    return StatusChange.objects.create(
        recommendation=rec,
        status=Status.IN_PROGRESS,
        as_of=as_of,
        note=note,
        recorded_by=user,
        recorded_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


@pytest.fixture
def changes(admin_user):
    norway = make_recommendation(get_country("NOR"), year=2022)
    kenya = make_recommendation(get_country("KEN"), year=2022)
    return {
        "nor-aug": recorded_days_ago(norway, 30, as_of=datetime.date(2022, 8, 1), note="nor-aug"),
        "ken-sep": recorded_days_ago(
            kenya, 10, as_of=datetime.date(2022, 9, 1), note="ken-sep", user=admin_user
        ),
        "nor-jan": recorded_days_ago(
            norway, 1, as_of=datetime.date(2023, 1, 10), note="nor-jan", user=admin_user
        ),
    }


def _day(days_ago):
    return (timezone.now() - datetime.timedelta(days=days_ago)).date().isoformat()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=norway", ["nor-jan", "nor-aug"]),
        ("country={ken_id}", ["ken-sep"]),
        ("recorded_by={admin}", ["nor-jan", "ken-sep"]),
        ("as_of_from=2022-09-01", ["nor-jan", "ken-sep"]),
        ("as_of_to=2022-09-01", ["ken-sep", "nor-aug"]),
        ("as_of_from=2022-08-02&as_of_to=2022-12-31", ["ken-sep"]),
        ("recorded_from={d10}", ["nor-jan", "ken-sep"]),
        ("recorded_to={d10}", ["ken-sep", "nor-aug"]),
        ("recorded_from={d10}&recorded_to={d10}", ["ken-sep"]),
        ("country=norway&recorded_by={admin}", ["nor-jan"]),
    ],
)
def test_each_filter_narrows(analyst_client, admin_user, changes, query, expected):
    query = query.format(ken_id=get_country("KEN").pk, admin=admin_user.username, d10=_day(10))
    response = analyst_client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert listed_notes(response) == expected


@pytest.mark.parametrize(
    "query, field",
    [
        ("as_of_from=2022-13-01", "as_of_from"),
        ("as_of_to=yesterday", "as_of_to"),
        ("recorded_from=99999-01-01", "recorded_from"),
        ("as_of_from=2023-01-01&as_of_to=2022-01-01", "as_of_to"),
        ("recorded_from=2023-01-01&recorded_to=2022-01-01", "recorded_to"),
        ("country=atlantis", "country"),
        ("recorded_by=nobody-at-all", "recorded_by"),
    ],
)
def test_bad_filters_are_form_errors(analyst_client, changes, query, field):
    response = analyst_client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert field in field_errors(response)
    assert "fix them to see status changes" in response.content.decode()
    assert analyst_client.get(f"{URL}?{query}&format=csv").status_code == 400


@pytest.mark.parametrize(
    "query",
    ["recorded_from=0001-01-01", "recorded_to=9999-12-31", "as_of_to=9999-12-31", "format=pdf"],
)
def test_extreme_dates_and_formats_never_fail(analyst_client, changes, query):
    assert analyst_client.get(f"{URL}?{query}").status_code in (200, 400)


def test_fifty_per_page_with_links_that_keep_the_filters(analyst_client):
    rec = make_recommendation(year=2023)
    for n in range(52):
        make_status(rec, note=f"change {n}")
    make_status(make_recommendation(get_country("KEN")), note="elsewhere")
    first = analyst_client.get(f"{URL}?country=norway")
    assert len(listed_notes(first)) == 50
    assert 'href="?country=norway&amp;page=2"' in first.content.decode()
    second = analyst_client.get(f"{URL}?country=norway&page=2")
    assert listed_notes(second) == ["change 1", "change 0"]
    assert "Older" not in second.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "0", "9" * 30, "9" * 5000, "400", "2001"])
def test_odd_page_numbers_never_fail(analyst_client, page):
    make_status(make_recommendation(), note="only")
    response = analyst_client.get(f"{URL}?page={page}")
    assert response.status_code == 200
    notes = listed_notes(response)
    assert notes == (["only"] if page in ("abc", "-1", "0") else [])
    if page not in ("abc", "-1", "0", "400"):
        assert "Only the first 2,000 pages are shown" in response.content.decode()


def test_html_in_notes_and_texts_is_escaped(analyst_client):
    make_status(make_recommendation(), note="<script>alert(1)</script> checked")
    html = analyst_client.get(URL).content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; checked" in html


def test_csv_holds_exactly_the_filtered_changes(analyst_client, admin_user):
    rec = make_recommendation(year=2023)
    for n in range(60):
        make_status(rec, note=f"norway {n}", user=admin_user)
    make_status(make_recommendation(get_country("KEN")), note="kenya")
    response = analyst_client.get(f"{URL}?country=norway&format=csv")
    assert response["Content-Disposition"].startswith('attachment; filename="status-changes-')
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    expected = StatusChange.objects.filter(recommendation__country__iso3="NOR")
    assert [int(row["id"]) for row in rows] == list(
        expected.order_by("-recorded_at", "-id").values_list("id", flat=True)
    )
    assert rows[0]["country"] == "Norway"
    assert rows[0]["recorded_by"] == admin_user.username
    assert rows[0]["status"] == "In progress"
    assert rows[0]["recommendation_text"] == rec.text


@pytest.mark.parametrize("countries", [3, 30])
def test_page_runs_a_fixed_number_of_queries(
    analyst_client, admin_user, django_assert_num_queries, world, countries
):
    user = admin_user  # the recorder
    slug = world(countries, user=user)[0].country.slug
    # session, user, the page of changes with recommendation, country and recorder, the
    # countries of the country select, the users of the recorder select, the user's and
    # their groups' permissions (navigation); the cache versions come with the user
    with django_assert_num_queries(7):
        analyst_client.get(URL)
    # the same, plus the country and the user named in the filters, less the permissions
    # (cached for this permissions version)
    with django_assert_num_queries(7):
        response = analyst_client.get(f"{URL}?country={slug}&recorded_by={user.username}")
    assert len(listed_notes(response)) == 3
    # from the page cache: session, user with the cache versions (the response is cached)
    with django_assert_num_queries(2):
        again = analyst_client.get(f"{URL}?country={slug}&recorded_by={user.username}")
    assert page_main(again) == page_main(response)
    # session, user, the rows (read in chunks)
    with django_assert_num_queries(3):
        b"".join(analyst_client.get(f"{URL}?format=csv").streaming_content)
