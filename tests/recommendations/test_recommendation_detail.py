import datetime

import pytest
from bs4 import BeautifulSoup

from recommendations.models import Status
from tests.factories import get_country, make_recommendation, make_status, page_main

pytestmark = pytest.mark.django_db


def make_chain(years, country=None):
    chain, previous = [], None
    for n, year in enumerate(years, start=1):
        previous = make_recommendation(
            country, year=year, carried_over_from=previous, recurrence_years=n
        )
        chain.append(previous)
    return chain


def shown_notes(html):
    """The status history's notes, as the page lists them."""
    return [note.get_text() for note in BeautifulSoup(html, "html.parser").select("p.note")]


def shown_chain(html, current):
    """(id, year) of each year of the recurrence chain the page shows; the year of the page's
    own recommendation (`current`, not a link) is marked aria-current."""
    line = BeautifulSoup(html, "html.parser").find("p", class_="chain")
    if line is None:
        return []
    years = []
    for year in line.select('a[href^="/recommendations/"], strong[aria-current="page"]'):
        pk = int(year["href"].split("/")[2]) if year.name == "a" else current
        years.append((pk, int(year.get_text())))
    return years


def test_anonymous_is_sent_to_login(client):
    rec = make_recommendation()
    response = client.get(f"/recommendations/{rec.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999999"])
def test_unknown_recommendation_is_404(analyst_client, pk):
    assert analyst_client.get(f"/recommendations/{pk}/").status_code == 404


def test_page_shows_the_facts_and_current_status(analyst_client):
    rec = make_recommendation(
        year=2023, position=2, text="Adopt a national action plan.", source="TIP Report 2023"
    )
    make_status(rec, Status.IN_PROGRESS, as_of=datetime.date(2023, 9, 1))
    html = analyst_client.get(f"/recommendations/{rec.pk}/").content.decode()
    assert "Adopt a national action plan." in html
    assert 'href="/countries/norway/"' in html
    assert "TIP Report 2023" in html
    assert "General" in html
    assert '<section id="status"' in html
    status_section = html[html.index('<section id="status"') : html.index('<section id="history"')]
    assert "In progress" in status_section and "1 September 2023" in status_section


def test_history_is_a_timeline_newest_first_with_note_evidence_and_who(analyst_client, admin_user):
    rec = make_recommendation(year=2022)
    make_status(rec, Status.NO_PROGRESS, as_of=datetime.date(2022, 8, 1), note="First look.")
    make_status(rec, Status.PARTIAL, as_of=datetime.date(2023, 3, 1), note="Law passed.")
    from recommendations.services import record_status

    record_status(
        recommendation=rec,
        status=Status.IMPLEMENTED,
        as_of=datetime.date(2024, 1, 5),
        note="Fully in force.",
        evidence_url="https://example.org/gazette?a=1&b=2",
        user=admin_user,
    )
    response = analyst_client.get(f"/recommendations/{rec.pk}/")
    html = response.content.decode()
    assert shown_notes(html) == ["Fully in force.", "Law passed.", "First look."]
    assert html.index("Fully in force.") < html.index("Law passed.") < html.index("First look.")
    assert (
        '<a href="https://example.org/gazette?a=1&amp;b=2" rel="noopener noreferrer nofollow">'
        in html
    )
    assert f"Recorded by {admin_user.username}" in html
    assert "Recorded by an import command" in html
    assert "5 January 2024" in html


def test_page_with_no_history_says_not_assessed(analyst_client):
    rec = make_recommendation()
    html = analyst_client.get(f"/recommendations/{rec.pk}/").content.decode()
    assert "No status recorded yet" in html


def test_chain_lists_every_year_and_links_the_others(analyst_client):
    first, middle, last = make_chain([2021, 2022, 2023])
    make_recommendation(get_country("KEN"), year=2022)  # another country's: not in the chain
    response = analyst_client.get(f"/recommendations/{middle.pk}/")
    html = response.content.decode()
    assert shown_chain(html, middle.pk) == [(first.pk, 2021), (middle.pk, 2022), (last.pk, 2023)]
    assert f'<a href="/recommendations/{first.pk}/">2021</a>' in html
    assert f'<a href="/recommendations/{last.pk}/">2023</a>' in html
    assert '<strong aria-current="page">2022</strong>' in html
    assert "(3 years running)" in html


def test_unlinked_recommendation_has_no_chain(analyst_client):
    rec = make_recommendation()
    response = analyst_client.get(f"/recommendations/{rec.pk}/")
    html = response.content.decode()
    assert shown_chain(html, rec.pk) == []
    assert "years running" not in html
    assert "Not carried over from or into another report year." in html


def test_imported_html_is_escaped(analyst_client):
    rec = make_recommendation(text="<script>alert(1)</script> Fund shelters.")
    make_status(rec, note="<script>alert(2)</script> Checked.")
    html = analyst_client.get(f"/recommendations/{rec.pk}/").content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Fund shelters." in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt; Checked." in html


@pytest.mark.parametrize("chain_length", [2, 8])
def test_page_runs_a_fixed_number_of_queries(
    analyst_client, admin_user, django_assert_num_queries, chain_length
):
    chain = make_chain(range(2016, 2016 + chain_length))
    user = admin_user  # the recorder
    for rec in chain:
        for month in range(1, chain_length + 1):
            make_status(rec, Status.IN_PROGRESS, as_of=datetime.date(rec.year, month, 1), user=user)
    # session, user, the recommendation with its country, its themes, its theme corrections
    # with who made them, its history with the recorders, the country's (id, year,
    # carried_over_from) for the chain, the user's and their groups' permissions
    # (navigation); the cache versions come with the user. (One in a wording group also
    # counts the other countries asked the same: tests/tipwatch/test_analysis_pages.py.)
    with django_assert_num_queries(9):
        response = analyst_client.get(f"/recommendations/{chain[-1].pk}/")
    html = response.content.decode()
    assert len(shown_chain(html, chain[-1].pk)) == chain_length
    assert len(shown_notes(html)) == chain_length
    # from the page cache: session, user, the recommendation (its title, its current status,
    # or a 404; its country's version keys the page); the response itself is cached
    with django_assert_num_queries(3):
        again = analyst_client.get(f"/recommendations/{chain[-1].pk}/")
    assert page_main(again) == page_main(response)
