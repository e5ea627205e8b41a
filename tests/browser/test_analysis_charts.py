"""Each analysis page's charts draw in a real browser, from the project's own plotly file
(the page fixture fails the test on any off-site request or console error)."""

import pytest
from playwright.sync_api import expect

from recommendations.models import Theme
from recommendations.services import refresh_wording_groups
from recommendations.themes import THEMES
from tests.factories import make_country, make_ratings, make_recommendation, make_status

ASK = "Vigorously investigate, prosecute, and convict traffickers, including officials."


@pytest.fixture
def data(reference_data):
    # The themes are made by a migration: back after another transactional test's flush.
    for position, (slug, label) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(slug=slug, defaults={"label": label, "position": position})
    theme = Theme.objects.get(slug="prosecution")
    countries = [make_country(region=region) for region in ("EUR", "AF")]
    make_ratings(countries[0], {2022: "2", 2023: "1"})
    make_ratings(countries[1], {2022: "3", 2023: "3"})
    for country in countries:
        for year in (2022, 2023):
            rec = make_recommendation(country, year=year, text=ASK)
            rec.themes.set([theme])
            make_status(rec, "partial")
    refresh_wording_groups()
    return countries


@pytest.mark.parametrize(
    ("path", "charts"),
    [
        ("/analysis/?year=2023", 2),  # the heat map, the shares over the years
        ("/analysis/themes/prosecution/", 2),  # countries per year, status composition
        ("/analysis/countries/{slug}/?year=2023", 1),  # the country beside its region
        ("/analysis/upgrades/", 1),  # upgraded against not upgraded
    ],
)
def test_analysis_charts_draw(data, analyst_page, live_server, path, charts):
    analyst_page.goto(live_server.url + path.format(slug=data[0].slug))
    expect(analyst_page.locator(".chart-drawn")).to_have_count(charts, timeout=20000)
    assert analyst_page.locator(".chart-drawn .point").count() > 0
