import pytest

from countries.models import Country
from recommendations.models import Recommendation, Status
from tests.factories import (
    get_country,
    make_country,
    make_ratings,
    make_recommendation,
    make_status,
)
from tests.pages import figure, parse, tables, text
from tests.pages_data import populate

PAGES = ["/", "/countries/", "/countries/norway/", "/trends/", "/countries/norway/changes/2023/"]


@pytest.fixture
def norway(db):
    country = get_country("NOR")
    make_ratings(country, {2022: "1", 2023: "2"}, summary="Norway <script>alert(1)</script>")
    return country


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_login(client, norway, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", PAGES)
def test_analyst_sees_each_page(analyst_client, norway, url):
    assert analyst_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/?year=abc",
        "/?year=1800",
        "/?year=99999999999999999999",
        "/countries/?year=zz&tier=bad&movement=sideways&region=XX&sort=evil&page=abc",
        "/countries/?page=99999999999999999999999",
        "/countries/?at_risk=maybe&special_watch_list=%00",
        "/countries/?format=csv&year=nope",
        "/trends/?region=Mars&countries=nowhere",
        "/trends/?countries=" + "&countries=".join(["x"] * 50),
    ],
)
def test_bad_query_strings_never_fail(analyst_client, norway, url):
    assert analyst_client.get(url).status_code == 200


def test_unknown_slug_and_year_without_earlier_are_404(analyst_client, norway):
    assert analyst_client.get("/countries/atlantis/").status_code == 404
    assert analyst_client.get("/countries/norway/changes/2022/").status_code == 404
    assert analyst_client.get("/countries/norway/changes/2030/").status_code == 404


def test_dashboard_shows_a_bad_year_as_an_error(analyst_client, norway):
    response = analyst_client.get("/?year=1999")
    assert b"not on record" in response.content
    assert b"The 2023 report at a glance" in response.content


def test_dashboard_counts_movements_risk_and_completeness(analyst_client, db):
    norway, sweden = get_country("NOR"), get_country("SWE")
    make_ratings(norway, {2022: "1", 2023: "2"})
    make_ratings(sweden, {2021: "2WL", 2022: "2WL", 2023: "2WL"})
    make_ratings(get_country("LBY"), {2023: "SC"})
    response = analyst_client.get("/")
    page = parse(response)
    assert text(page.find("h1")) == "The 2023 report at a glance"
    counts = {
        text(card.find("span", class_="tier")): int(text(card.find("span", class_="card-number")))
        for card in page.find_all("div", class_="card")
    }
    assert counts["Tier 2"] == 1 and counts["Tier 2 Watch List"] == 1
    assert counts["Special Case"] == 1
    assert counts["No data"] == Country.objects.existing_in(2023).count() - 3
    completeness = text(page.find("p", class_="completeness"))
    assert "The 2023 report: 3 of the" in completeness
    # The "No data" card and the sentence count the same countries.
    assert f"{counts['No data']} of the {counts['No data'] + 3} countries" in completeness
    shown = tables(response)
    assert [row[0] for row in shown["Changes since 2022"][1:]] == ["Norway ▼ downgrade"]
    at_risk = shown["At risk of automatic downgrade"]
    assert at_risk[0][0] == "Country" and at_risk[0][3] == "Waivers left"
    assert [(row[0], row[3]) for row in at_risk[1:]] == [("Sweden", "1")]
    traces = {trace["name"]: trace for trace in figure(response, "map-figure")["data"]}
    assert "NOR" in traces["Tier 2"]["locations"]
    assert "LBY" in traces["Special Case"]["locations"]


def test_imported_text_is_escaped(analyst_client, norway):
    make_recommendation(norway, year=2023, text="Prosecute <img src=x onerror=alert(1)>")
    make_recommendation(norway, year=2022, text="Old ask")
    for url in ["/countries/norway/", "/countries/norway/changes/2023/"]:
        content = analyst_client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "<img src=x" not in content
        assert "&lt;img src=x" in content


def test_country_page_shows_risk_banner_chains_and_auto_downgrade(analyst_client, db):
    country = make_country(name="Riskland")
    make_ratings(country, {2019: "2WL", 2020: "2WL", 2021: "3", 2022: "2WL", 2023: "2WL"})
    earlier = make_recommendation(country, year=2022, text="Convict traffickers.")
    make_recommendation(
        country, year=2023, text="Convict more traffickers.", carried_over_from=earlier
    )
    from recommendations.models import Recommendation

    Recommendation.objects.filter(year=2023, country=country).update(recurrence_years=2)
    content = analyst_client.get(country.get_absolute_url()).content.decode()
    assert "At risk of automatic downgrade" in content
    assert "Waivers left: 2" in content
    assert "Automatic downgrade" in content  # 2021 followed two Watch List years
    assert "recommended 2 years running" in content


def test_year_changes_marks_repeated_dropped_and_new(analyst_client, db):
    country = make_country(name="Changeland")
    make_ratings(country, {2022: "2WL", 2023: "2"})
    country.ratings.filter(year=2022).update(summary="The government made modest efforts.")
    country.ratings.filter(year=2023).update(summary="The government made significant efforts.")
    kept = make_recommendation(country, year=2022, text="Train judges.")
    make_status(kept, "no_progress")
    make_recommendation(country, year=2022, text="Adopt a plan.")
    make_recommendation(country, year=2023, text="Train more judges.", carried_over_from=kept)
    make_recommendation(country, year=2023, text="Open shelters.")
    response = analyst_client.get(f"/countries/{country.slug}/changes/2023/")
    page = parse(response)
    repeat = Recommendation.objects.get(text="Train more judges.")
    verdicts = {}
    for row in page.select("tbody tr"):
        cells = row.find_all("td")
        if len(cells) == 4:
            verdicts[text(cells[1])] = cells[3]
    assert text(verdicts["Train judges."]) == f"Repeated as #{repeat.position}"
    assert verdicts["Train judges."].a["href"] == repeat.get_absolute_url()
    assert text(verdicts["Adopt a plan."]) == "Dropped (possibly addressed)"
    new = [item.a for item in page.select("li") if item.find(class_="verdict-new")]
    assert [text(link) for link in new] == ["Open shelters."]
    summaries = page.find("div", class_="summaries")
    assert [text(word) for word in summaries.find_all("del")] == ["modest"]
    assert [text(word) for word in summaries.find_all("ins")] == ["significant"]


def test_trends_rejects_more_than_eight_countries(analyst_client, db):
    slugs = ["norway", "sweden", "france", "spain", "italy", "germany", "poland", "greece", "chad"]
    for slug in slugs:
        make_ratings(get_country_by_slug(slug), {2023: "2"})
    query = "&".join(f"countries={slug}" for slug in slugs)
    response = analyst_client.get(f"/trends/?{query}")
    assert "at most 8" in response.content.decode()
    assert 'id="trajectory-figure"' not in response.content.decode()
    ok = analyst_client.get("/trends/?" + "&".join(f"countries={s}" for s in slugs[:8]))
    assert len(figure(ok, "trajectory-figure")["data"]) == 8


def get_country_by_slug(slug):
    from countries.models import Country

    return Country.objects.get(slug=slug)


def test_trends_region_filter_and_status_composition(analyst_client, db):
    populate(2, region="AF")
    populate(1, region="EUR")
    response = analyst_client.get("/trends/?region=AF")
    shown = tables(response)
    header, *rows = shown["Tier distribution per year: Africa"]
    table = {row[0].rstrip("*"): row[2:] for row in rows}  # * marks a partial year
    assert header[2:] == ["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3", "Special Case"]
    assert table["2023"] == ["0", "0", "2", "0", "0"]  # two African countries on the Watch List
    header, *rows = shown["Implementation status over time: Africa"]
    composition = {row[0]: row[1:] for row in rows}
    assert header[1:] == Status.labels  # Not assessed ... Implemented
    assert composition["2023"] == ["0", "0", "12", "0", "0"]  # 2 countries x 3 years x 2 recs
    assert composition["2021"] == ["0", "0", "4", "0", "0"]
