"""The analysis pages (/analysis/): their numbers against hand-computed ones on a small
fixture, their links to the recommendations behind each number, bad years, public mode, and a
fixed number of queries at 3 and at 30 countries of data."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache

from recommendations.models import Recommendation, Theme
from recommendations.services import refresh_recurrence, refresh_wording_groups
from tests.factories import make_country, make_ratings, make_recommendation, make_status
from tests.pages_data import AUTH, NAV, VERSION, WARM, assert_fixed_queries, populate
from tipwatch.core.pagecache import local_responses

pytestmark = pytest.mark.django_db

PROSECUTE = "Vigorously investigate, prosecute, and convict traffickers"


def _ask(country, year, text, themes=()):
    rec = make_recommendation(country, year=year, text=text)
    rec.themes.set(Theme.objects.filter(slug__in=themes))
    return rec


@pytest.fixture
def asks():
    """Three countries (two in Europe, one in Africa), asks of 2022 and 2023.

    2023: A: prosecute (prosecution), train on identification (identification, training);
          B: prosecute (prosecution); C: prosecute (prosecution), open shelters (no theme).
    2022: A: prosecute (prosecution); C: prosecute (prosecution), fund shelters (services).
    Tiers 2022 -> 2023: A 2 -> 1 (upgrade), B 1 -> 1 (left out), C 3 -> 3 (not upgraded).
    """
    a, b = make_country(name="Aland", region="EUR"), make_country(name="Bland", region="EUR")
    c = make_country(name="Cland", region="AF")
    make_ratings(a, {2022: "2", 2023: "1"})
    make_ratings(b, {2022: "1", 2023: "1"})
    make_ratings(c, {2022: "3", 2023: "3"})
    made = {
        "a22": _ask(a, 2022, f"{PROSECUTE}.", ["prosecution"]),
        "c22": _ask(c, 2022, f"{PROSECUTE}, including complicit officials.", ["prosecution"]),
        "c22s": _ask(c, 2022, "Fund shelters for victims of trafficking.", ["services"]),
        "a23": _ask(a, 2023, f"{PROSECUTE}, including officials.", ["prosecution"]),
        "a23t": _ask(
            a,
            2023,
            "Train judges on victim identification procedures.",
            ["identification", "training"],
        ),
        "b23": _ask(b, 2023, f"{PROSECUTE}, including labor traffickers.", ["prosecution"]),
        "c23": _ask(
            c, 2023, "Vigorously investigate, prosecute and convict traffickers.", ["prosecution"]
        ),
        "c23s": _ask(c, 2023, "Open shelters.", []),
    }
    Recommendation.objects.filter(pk=made["a23"].pk).update(carried_over_from=made["a22"])
    refresh_recurrence(country_ids=[a.pk])
    # Before the 2023 report's cut-off (31 March 2023): A's 2022 ask partly implemented (a
    # later change does not count); C's prosecution ask in progress (implemented only after
    # the cut-off), its shelters implemented on the day.
    make_status(made["a22"], "partial", as_of=datetime.date(2023, 3, 1))
    make_status(made["a22"], "no_progress", as_of=datetime.date(2023, 5, 1))
    make_status(made["c22"], "in_progress", as_of=datetime.date(2022, 8, 1))
    make_status(made["c22"], "implemented", as_of=datetime.date(2023, 4, 15))
    make_status(made["c22s"], "implemented", as_of=datetime.date(2023, 3, 31))
    make_status(made["a23"], "implemented", as_of=datetime.date(2024, 1, 10))
    refresh_wording_groups()
    return {"countries": (a, b, c), **made}


def _soup(response):
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def _rows(soup, table_id):
    """{row heading: [(cell text, link or None)]} of a table."""
    rows = {}
    for tr in soup.find(id=table_id).find("tbody").find_all("tr"):
        cells = tr.find_all(["th", "td"])
        rows[cells[0].get_text(strip=True)] = [
            (cell.get_text(" ", strip=True), cell.a["href"] if cell.a else None)
            for cell in cells[1:]
        ]
    return rows


def test_themes_by_region_counts_countries_and_shares(analyst_client, asks):
    soup = _soup(analyst_client.get("/analysis/?year=2023"))
    heat = _rows(soup, "heat-table")
    # Columns: Africa, East Asia and Pacific, Europe, Near East, South and Central Asia,
    # Western Hemisphere, all regions.
    assert [text for text, _ in heat["Investigations and prosecutions"]] == list("1020003")
    assert heat["Investigations and prosecutions"][2][1] == (
        "/recommendations/?theme=prosecution&region=EUR&year=2023"
    )
    assert [text for text, _ in heat["Identifying victims"]] == list("0010001")
    assert [text for text, _ in heat["Shelter and services"]] == list("0000000")
    totals = [td.get_text(strip=True) for td in soup.find(id="heat-table").tfoot.find_all("td")]
    assert totals == list("1020003")
    shares = _rows(soup, "shares-table")
    # All asks, then one cell per theme in DESIGN.md's order (law, prosecution, ...).
    assert shares["2023"][0] == ("5", "/recommendations/?year=2023")
    assert shares["2023"][2] == ("3 (60.0%)", "/recommendations/?theme=prosecution&year=2023")
    assert shares["2022"][0][0] == "3"
    assert shares["2022"][2][0] == "2 (66.7%)"
    assert shares["2022"][6][0] == "1 (33.3%)"  # services
    figure = json.loads(soup.find(id="heat-figure").string)
    # Six regions per theme row: law (none), then prosecution (1 in Africa, 2 in Europe).
    assert figure["data"][0]["marker"]["color"][:12] == [0] * 6 + [1, 0, 2, 0, 0, 0]


def test_the_year_defaults_to_the_latest(analyst_client, asks):
    soup = _soup(analyst_client.get("/analysis/"))
    assert "2023 report" in soup.h1.get_text()


@pytest.mark.parametrize("year", ["abc", "２０２３", "1999", "2024", "2023x", "99999999999"])
@pytest.mark.parametrize("page", ["/analysis/", "/analysis/repeated/", "/analysis/countries/{a}/"])
def test_bad_years_are_refused(analyst_client, asks, page, year):
    response = analyst_client.get(page.format(a=asks["countries"][0].slug), {"year": year})
    assert response.status_code == 400
    alert = BeautifulSoup(response.content, "html.parser").find(role="alert")
    assert "year" in alert.get_text()


def test_repeated_asks_group_countries_and_count_years(analyst_client, asks):
    soup = _soup(analyst_client.get("/analysis/repeated/?year=2023"))
    rows = soup.find(id="groups-table").tbody.find_all("tr")
    assert len(rows) == 1
    cells = rows[0].find_all("td")
    assert cells[0].get_text(strip=True) == asks["a23"].text  # the first wording (lowest id)
    key = asks["a23"].__class__.objects.get(pk=asks["a23"].pk).wording_group
    assert cells[1].get_text(strip=True) == "3"
    assert cells[1].a["href"] == f"/recommendations/?year=2023&wording_group={key}"
    assert cells[2].get_text(" ", strip=True) == "2 (since 2022)"
    assert [a.get_text() for a in cells[3].find_all("a")] == ["Aland", "Bland", "Cland"]
    # The list behind the number shows those three asks.
    listed = analyst_client.get(cells[1].a["href"])
    assert listed.status_code == 200
    for name in ("a23", "b23", "c23"):
        assert f'href="/recommendations/{asks[name].pk}/"' in listed.content.decode()
    assert f'href="/recommendations/{asks["a22"].pk}/"' not in listed.content.decode()


def test_a_recommendation_names_the_countries_asked_the_same(analyst_client, asks):
    soup = _soup(analyst_client.get(f"/recommendations/{asks['b23'].pk}/"))
    similar = soup.find(class_="similar")
    assert similar.get_text(" ", strip=True).startswith("Asked of 2 other countries in 2023")
    assert "wording_group=" in similar.a["href"]
    alone = _soup(analyst_client.get(f"/recommendations/{asks['c23s'].pk}/"))
    assert alone.find(class_="similar") is None


def test_theme_page(analyst_client, asks):
    soup = _soup(analyst_client.get("/analysis/themes/prosecution/"))
    assert _rows(soup, "per-year-table") == {
        "2023": [("3", "/recommendations/?theme=prosecution&year=2023")],
        "2022": [("2", "/recommendations/?theme=prosecution&year=2022")],
    }
    longest = soup.find(id="longest-table").tbody.find_all("tr")
    # A's 2023 ask repeats its 2022 ask: one chain of two years; C's and B's asks run one year.
    first = [td.get_text(" ", strip=True) for td in longest[0].find_all("td")]
    assert first[:3] == ["Aland", "2 (since 2022)", "2023"]
    assert len(longest) == 4  # a23 (ending the chain), b23, c23, c22 (a22 is repeated)
    composition = _rows(soup, "composition-table")
    # Not assessed, No progress, In progress, Partially implemented, Implemented
    assert [text for text, _ in composition["2023"]] == ["2", "0", "0", "0", "1"]
    assert [text for text, _ in composition["2022"]] == ["0", "1", "0", "0", "1"]
    assert composition["2023"][4][1] == (
        "/recommendations/?theme=prosecution&year=2023&status=implemented"
    )


def test_unknown_theme_is_404(analyst_client, asks):
    assert analyst_client.get("/analysis/themes/no-such-theme/").status_code == 404


def test_country_beside_its_region(analyst_client, asks):
    a = asks["countries"][0]
    soup = _soup(analyst_client.get(f"/analysis/countries/{a.slug}/?year=2023"))
    rows = _rows(soup, "beside-table")
    # A: 2 asks; Europe (A and B): 3 asks.
    assert [text for text, _ in rows["Investigations and prosecutions"]] == [
        "1",
        "50.0%",
        "2",
        "66.7%",
    ]
    assert [text for text, _ in rows["Training of officials"]] == ["1", "50.0%", "1", "33.3%"]
    assert [text for text, _ in rows["Shelter and services"]] == ["0", "0.0%", "0", "0.0%"]
    assert rows["Training of officials"][0][1] == (
        f"/recommendations/?country={a.slug}&year=2023&theme=training"
    )
    assert rows["Training of officials"][2][1] == (
        "/recommendations/?region=EUR&year=2023&theme=training"
    )
    assert "3 asks of 2 countries" in soup.find(class_="note").get_text(" ", strip=True)


def test_upgrades_compare_statuses_at_the_cutoff(analyst_client, asks):
    soup = _soup(analyst_client.get("/analysis/upgrades/"))
    rows = _rows(soup, "upgrades-table")
    # Upgraded: A's one 2022 ask, partly implemented by 31 March 2023. Not upgraded: C's two
    # (prosecution in progress then, shelters implemented on 31 March). B was on Tier 1.
    assert [text for text, _ in rows["All asks"]] == ["1 of 1", "100.0%", "1 of 2", "50.0%"]
    assert [text for text, _ in rows["Investigations and prosecutions"]] == [
        "1 of 1",
        "100.0%",
        "0 of 1",
        "0.0%",
    ]
    assert [text for text, _ in rows["Shelter and services"]] == [
        "0 of 0",
        "–%",
        "1 of 1",
        "100.0%",
    ]
    each = soup.find(id="each-upgrade-table").tbody.find_all("tr")
    assert len(each) == 1
    cells = [td.get_text(" ", strip=True) for td in each[0].find_all("td")]
    assert cells == ["2023", "Aland", "Tier 2", "Tier 1", "1 (2022)", "1", "100.0%"]
    assert "describes, it does not prove" in soup.get_text()


def test_synthetic_asks_are_said(analyst_client, asks):
    assert (
        _soup(analyst_client.get("/analysis/upgrades/")).find(
            class_="message", string=lambda t: t and "synthetic" in t
        )
        is None
    )
    Recommendation.objects.filter(pk=asks["a22"].pk).update(is_synthetic=True)
    cache.clear()  # (an update() behind the services bumps no version)
    local_responses.clear()
    note = _soup(analyst_client.get("/analysis/upgrades/")).find(
        string=lambda t: "synthetic demo asks" in t
    )
    assert note is not None


def test_nav_links_to_analysis(analyst_client, asks):
    soup = _soup(analyst_client.get("/"))
    assert soup.find("nav", class_="site-nav").find("a", string="Analysis")["href"] == "/analysis/"


@pytest.mark.parametrize(
    "path",
    ["/analysis/", "/analysis/repeated/", "/analysis/upgrades/", "/analysis/themes/prosecution/"],
)
def test_public_mode_opens_the_pages(client, settings, asks, path):
    settings.PUBLIC_READ_ONLY = True
    assert client.get(path).status_code == 200
    settings.PUBLIC_READ_ONLY = False
    assert client.get(path).status_code == 302


# -- queries -----------------------------------------------------------------------------------


def test_themes_by_region_queries(analyst_client, django_assert_num_queries):
    # report years, themes, countries per theme and region, countries per region, asks per
    # year and theme, asks per year, whether any ask is synthetic
    assert_fixed_queries(
        analyst_client,
        django_assert_num_queries,
        "/analysis/?year=2023",
        AUTH + NAV + VERSION + 7,
        WARM,
    )


def test_repeated_queries(analyst_client, django_assert_num_queries):
    # report years, the year's grouped asks with their countries, the years of those groups,
    # whether any ask is synthetic (at 3 and 30 countries asked the same; the groups are
    # written before the page is read)
    for n in (3, 27):
        populate(n)
        assert refresh_wording_groups()
        cache.clear()
        with django_assert_num_queries(AUTH + NAV + VERSION + 4):
            assert analyst_client.get("/analysis/repeated/?year=2023").status_code == 200
    with django_assert_num_queries(WARM):
        assert analyst_client.get("/analysis/repeated/?year=2023").status_code == 200


def test_theme_queries(analyst_client, django_assert_num_queries):
    # the theme, countries asked per year, the longest-running chains, asks per year and
    # status, whether any ask is synthetic
    assert_fixed_queries(
        analyst_client,
        django_assert_num_queries,
        "/analysis/themes/prosecution/",
        AUTH + NAV + VERSION + 5,
        WARM,
    )


def test_country_queries(analyst_client, django_assert_num_queries):
    # the country, its report years, themes, asks per theme (its and its region's), totals,
    # whether any ask is synthetic
    def url(countries):
        return f"/analysis/countries/{countries[-1].slug}/?year=2023"

    assert_fixed_queries(
        analyst_client, django_assert_num_queries, url, AUTH + NAV + VERSION + 6, WARM
    )


def test_upgrades_queries(analyst_client, django_assert_num_queries):
    # themes, asks done by the next cut-off by theme and group, the same whatever the theme,
    # the asks before each upgrade with its tiers, whether any ask is synthetic
    assert_fixed_queries(
        analyst_client,
        django_assert_num_queries,
        "/analysis/upgrades/",
        AUTH + NAV + VERSION + 5,
        WARM,
    )
