"""The country brief: its page (read with BeautifulSoup) and its PDF (read back with pypdfium2):
what it says, that it fits on two pages of A4 and of Letter, its bad addresses, its cache."""

from io import StringIO
from unittest import mock

import pypdfium2
import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from countries.models import Country
from recommendations.models import Recommendation, Status
from recommendations.services import record_status
from tests.factories import get_country, make_country, make_ratings, make_recommendation
from tests.pages_data import AUTH, NAV, VERSION, WARM
from tests.recommendations.chapter_files import SEED
from tipwatch.core import pdf
from tipwatch.views import brief

pytestmark = pytest.mark.django_db

NORWAY = "/countries/norway/brief/"


def pdf_pages(response):
    """The text of each page of a PDF response."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    document = pypdfium2.PdfDocument(response.content)
    return [" ".join(page.get_textpage().get_text_range().split()) for page in document]


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def section(page, heading):
    """The text of the <section> under an <h2> whose text starts with `heading`."""
    h2 = next(h for h in page.find_all("h2") if h.get_text().startswith(heading))
    return " ".join(h2.find_parent("section").get_text(" ").split())


@pytest.fixture
def norway_2023():
    """Norway's tiers 2021-2023 and the seed chapter (2023: summary and ten recommendations),
    the first recommendation assessed, the second repeating one of 2022."""
    norway = get_country("NOR")
    make_ratings(
        norway, {2021: "2", 2022: "2WL", 2023: "2"}, source="https://www.ecoi.net/en/document/1"
    )
    call_command("import_report", str(SEED), stdout=StringIO(), stderr=StringIO())
    first = Recommendation.objects.get(country=norway, year=2023, position=1)
    record_status(
        recommendation=first,
        status=Status.IN_PROGRESS,
        as_of=timezone.localdate(),
        note="Bill tabled.",
        evidence_url="",
        user=None,
        expected_version=0,
    )
    return norway


def test_the_pdf_says_the_year_summary_asks_statuses_clock_and_sources(logged_in, norway_2023):
    pages = pdf_pages(logged_in("Analyst").get(NORWAY + "?year=2023&format=pdf"))
    assert len(pages) <= 2
    text = " ".join(pages)
    assert "Norway · 2023 report" in text
    # The summary, whole (it is shorter than the brief's cut).
    assert "The Government of Norway does not fully meet the minimum standards" in text
    assert "leaving them vulnerable to re-victimization." in text
    # The ten asks in priority order, each with its status.
    assert "Prioritized recommendations of 2023 (10)" in text
    assert text.index("Expand efforts to investigate") < text.index("Develop an updated NAP")
    assert "In progress as of" in text and text.count("Not assessed") == 9
    assert "and 0 more" not in text and "more — see the site" not in text
    # Due for review: the nine never assessed since 30 June 2023 (the other was just assessed).
    assert "9 of the 10 recommendations of 2023 are due for review" in text
    assert text.count("due for review") >= 9
    # The clock, and the sources: the chapter file for 2023, the earlier years' site.
    assert "2023: Tier 2, not on the Tier 2 Watch List; the clock is not running." in text
    assert "Tier and summary, 2023: NOR_2023.txt." in text
    assert "Recommendations, 2023: NOR_2023.txt." in text
    assert "2021 Tier 2 ecoi.net" in text and "2022 Tier 2 Watch List ecoi.net" in text
    assert "page 1 of" in pages[0]


def test_the_html_brief_shows_the_same(logged_in, norway_2023):
    page = soup(logged_in("Manager").get(NORWAY))  # the latest year with a tier: 2023
    assert page.h1.get_text() == "Norway · 2023 report"
    assert "Norway: country brief, 2023 report" in page.title.get_text()
    assert "not on the Tier 2 Watch List" in section(page, "Downgrade clock")
    asks = page.select(".brief-asks li")
    assert len(asks) == 10 and asks[0].get("value") == "1"
    assert "In progress" in asks[0].get_text() and "due for review" not in asks[0].get_text()
    assert "Not assessed" in asks[1].get_text() and "due for review" in asks[1].get_text()
    assert "first asked in 2023" in asks[1].get_text()
    themed = Recommendation.objects.get(country=norway_2023, year=2023, position=2)
    labels = [str(theme) for theme in themed.themes.all()]  # given by the import's rules
    assert labels and ", ".join(labels) in asks[1].select_one(".ask-facts").get_text()
    history = page.select_one(".brief-history")
    assert history.select_one("svg[role=img] title").get_text().startswith("Norway: tier per")
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in history.select("tbody tr")
    ]
    assert rows[-3:] == [
        ["2021", "Tier 2", "ecoi.net"],
        ["2022", "Tier 2 Watch List", "ecoi.net"],
        ["2023", "Tier 2", "NOR_2023.txt"],
    ]
    tools = page.select_one(".brief-tools")
    assert tools.find("a", string="A4")["href"] == NORWAY + "?year=2023&format=pdf&paper=a4"
    assert tools.find("a", string="2022")["href"] == NORWAY + "?year=2022"


def test_another_year_and_a_recurring_ask(logged_in, norway_2023):
    earlier = make_recommendation(norway_2023, year=2022, text="Train judges on trafficking.")
    later = Recommendation.objects.filter(country=norway_2023, year=2023, position=3)
    later.update(carried_over_from=earlier, recurrence_years=2)  # as refresh_recurrence keeps it
    page = soup(logged_in("Analyst").get(NORWAY + "?year=2022"))
    assert page.h1.get_text() == "Norway · 2022 report"
    assert "Watch List for 1" not in section(page, "Downgrade clock")
    assert "first consecutive year on the Tier 2 Watch List" in section(page, "Downgrade clock")
    assert "Train judges on trafficking." in section(page, "Prioritized recommendations")
    page = soup(logged_in("Analyst").get(NORWAY + "?year=2023"))
    assert "asked 2 years running" in section(page, "Prioritized recommendations")


def long_country():
    """A country with 25 years of changing tiers, each from its own long address, a long
    summary and twelve long asks: what the cut rules must fit on two pages."""
    country = make_country(name="Longland")
    tiers = ["1", "2", "2WL", "3", "2WL", "2"]
    history = {year: tiers[year % len(tiers)] for year in range(2001, 2026)}
    for rating in make_ratings(country, history):
        rating.source = f"https://archive.example.org/{'very-long-path/' * 8}{rating.year}.html"
        rating.basis = "news summary of the report, not the report itself"
        rating.summary = "The government made uneven efforts in every area. " * 120
        rating.save()
    for n in range(12):
        make_recommendation(country, year=2025, text=f"Ask {n + 1}: " + "strengthen efforts " * 80)
    return country


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_long_brief_fits_on_two_pages_and_says_what_was_cut(logged_in, paper):
    country = long_country()
    url = f"/countries/{country.slug}/brief/?format=pdf&paper={paper}"
    response = logged_in("Analyst").get(url)
    pages = pdf_pages(response)
    assert len(pages) == 2
    text = " ".join(pages)
    assert "Shortened for the brief: the whole summary is on the country page." in text
    assert "…" in text  # each ask cut at a word
    # The first asks in priority order, then how many more: at least the two past MAX_ASKS.
    shown = [n for n in range(1, 13) if f"Ask {n}:" in text]
    assert shown == list(range(1, len(shown) + 1)) and 3 <= len(shown) <= brief.MAX_ASKS
    assert f"and {12 - len(shown)} more — see the site" in text
    document = pypdfium2.PdfDocument(response.content)
    width, height = document[0].get_size()  # points
    assert (round(width), round(height)) == {"a4": (595, 842), "letter": (612, 792)}[paper]


def test_at_most_max_asks_then_how_many_more(logged_in):
    country = make_country(name="Shortland")
    make_ratings(country, {2025: "2"})
    for n in range(12):
        make_recommendation(country, year=2025, text=f"Ask {n + 1}: train judges.")
    text = " ".join(
        pdf_pages(logged_in("Analyst").get(f"/countries/{country.slug}/brief/?format=pdf"))
    )
    assert "Ask 10: train judges." in text and "Ask 11:" not in text
    assert "and 2 more — see the site" in text
    page = soup(logged_in("Analyst").get(f"/countries/{country.slug}/brief/"))
    assert len(page.select(".brief-asks li")) == brief.MAX_ASKS
    assert "and 2 more — see the site" in page.select_one(".brief-asks .more").get_text()


def test_shorten_cuts_at_a_word():
    assert brief.shorten("one two three", 50) == "one two three"
    assert brief.shorten("one two, three four", 12) == "one two…"
    assert brief.shorten("  spaced\n out  ", 50) == "spaced out"


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("year=abc", "Year must be a whole number"),
        ("year=1999", "Year must be between 2001 and 2100, not 1999."),
        ("year=٢٠٢٣", "Year must be a whole number"),
        ("year=2010", "Norway has nothing on record for 2010 (tiers on record: 2021–2023)"),
        ("paper=a3", "paper must be one of a4, letter, not 'a3'"),
        ("format=docx", "format must be one of html, pdf"),
        ("year=2010&format=pdf", "Norway has nothing on record for 2010"),
    ],
)
def test_bad_addresses_are_a_400_that_says_why(logged_in, norway_2023, query, problem):
    client = logged_in("Analyst")
    for _ in range(2):  # never cached
        response = client.get(f"{NORWAY}?{query}")
        assert response.status_code == 400
        alert = BeautifulSoup(response.content, "html.parser").select_one("[role=alert]")
        assert problem in alert.get_text()


def test_a_country_with_nothing_on_record_has_no_brief(logged_in):
    country = make_country()
    response = logged_in("Analyst").get(f"/countries/{country.slug}/brief/")
    assert response.status_code == 400
    assert "has no report year on record yet" in response.content.decode()
    assert logged_in("Analyst").get("/countries/no-such-country/brief/").status_code == 404


def test_the_pdf_is_made_once_per_version_and_again_after_a_write(logged_in, norway_2023):
    client = logged_in("Analyst")
    with mock.patch.object(brief, "pdf_document", wraps=brief.pdf_document) as made:
        first = client.get(NORWAY + "?format=pdf")
        assert client.get(NORWAY + "?format=pdf&year=").content == first.content
        assert made.call_count == 1
        client.get(NORWAY + "?format=pdf&paper=letter")
        assert made.call_count == 2
        rec = Recommendation.objects.get(country=norway_2023, year=2023, position=2)
        record_status(
            recommendation=rec,
            status=Status.IMPLEMENTED,
            as_of=timezone.localdate(),
            note="Done.",
            evidence_url="",
            user=None,
            expected_version=0,
        )
        text = " ".join(pdf_pages(client.get(NORWAY + "?format=pdf")))
        assert made.call_count == 3
    assert "Implemented as of" in text


def test_a_pdf_too_large_is_served_but_not_cached(logged_in, norway_2023):
    client = logged_in("Analyst")
    with (
        mock.patch.object(brief, "MAX_PDF_BYTES", 100),
        mock.patch.object(brief, "pdf_document", wraps=brief.pdf_document) as made,
    ):
        client.get(NORWAY + "?format=pdf")
        client.get(NORWAY + "?format=pdf")
    assert made.call_count == 2


def test_the_pdf_reads_static_files_and_refuses_any_other_address(settings):
    css = pdf.static_file_path(f"{pdf.BASE_URL}static/css/brief.css")
    assert css.endswith("brief.css")
    for url in [
        "https://example.org/static/css/brief.css",
        "http://tipwatch.invalid/static/css/brief.css",
        f"{pdf.BASE_URL}media/secret.txt",
        f"{pdf.BASE_URL}static/../tipwatch/settings.py",
        f"{pdf.BASE_URL}static/css/no-such.css",
        "file:///etc/passwd",
    ]:
        with pytest.raises(pdf.Refused):
            pdf.static_file_path(url)


def test_a_document_linking_elsewhere_is_made_without_fetching_it():
    html = (
        '<link rel="stylesheet" href="https://example.org/x.css">'
        '<img src="http://127.0.0.1:9/secret.png"><p>Only this.</p>'
    )
    with mock.patch("urllib.request.OpenerDirector.open", side_effect=AssertionError("fetched")):
        document = pdf.pdf_document(html)
    text = pypdfium2.PdfDocument(document.write_pdf())[0].get_textpage().get_text_range()
    assert "Only this." in text


def test_the_country_page_links_to_its_brief(logged_in, norway_2023):
    page = soup(logged_in("Analyst").get("/countries/norway/"))
    links = {a.get_text(): a["href"] for a in page.select(".brief-links a")}
    assert links == {
        "read": NORWAY,
        "A4": NORWAY + "?format=pdf",
        "Letter": NORWAY + "?format=pdf&paper=letter",
    }


def test_brief_queries(analyst_client, django_assert_num_queries, norway_2023):
    analyst_client.get(NORWAY)  # sets the CSRF cookie, part of the whole response's key
    cache.clear()
    # the country; its ratings; its recommendations of the year and their themes; those due
    # for review of the year, and the count of the others; the report years on record (first)
    with django_assert_num_queries(AUTH + NAV + VERSION + 7):
        assert analyst_client.get(NORWAY).status_code == 200
    # from the cache: nothing more than every page (the whole response, before the lookup)
    with django_assert_num_queries(WARM):
        assert analyst_client.get(NORWAY).status_code == 200
    # the PDF, from its own cache: the country, then one cache read
    analyst_client.get(NORWAY + "?format=pdf")
    with django_assert_num_queries(AUTH + VERSION + 1):
        assert analyst_client.get(NORWAY + "?format=pdf").status_code == 200


def test_many_countries_do_not_change_the_queries(analyst_client, django_assert_num_queries):
    country = long_country()
    for _ in range(5):
        make_ratings(make_country(), {2024: "2", 2025: "2WL"})
    assert Country.objects.count() > 5
    analyst_client.get(f"/countries/{country.slug}/brief/")
    cache.clear()
    with django_assert_num_queries(AUTH + NAV + VERSION + 7):
        assert analyst_client.get(f"/countries/{country.slug}/brief/").status_code == 200
