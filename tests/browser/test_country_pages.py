"""The dashboard map, the country tier chart and a trends chart draw in a real browser, with
nothing fetched from another host (the page fixture fails the test on any off-site request or
console error)."""

import pytest
from playwright.sync_api import expect

from countries.models import Country
from tests.factories import make_ratings
from tests.pages_data import populate


@pytest.fixture
def data(reference_data):
    make_ratings(Country.objects.get(iso3="NOR"), {2021: "1", 2022: "1", 2023: "2"})
    make_ratings(Country.objects.get(iso3="BRA"), {2023: "2WL"})
    make_ratings(Country.objects.get(iso3="LBY"), {2023: "SC"})
    return populate(2)


def test_dashboard_map_draws_and_a_click_opens_the_country(data, analyst_page, live_server):
    analyst_page.goto(f"{live_server.url}/")
    analyst_page.wait_for_selector(".chart-map.chart-drawn", timeout=20000)
    assert analyst_page.locator(".choroplethlayer path").count() >= 3
    assert "Special Case" in analyst_page.locator(".legend").text_content()
    # Brazil is the only Watch List country drawn (the test countries are not on the map).
    brazil = analyst_page.locator(".choroplethlayer .trace").nth(1).locator("path").first
    box = brazil.bounding_box()
    analyst_page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    analyst_page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    analyst_page.wait_for_url(f"{live_server.url}/countries/brazil/")


def test_country_tier_chart_draws(data, analyst_page, live_server):
    analyst_page.goto(f"{live_server.url}/countries/norway/")
    analyst_page.wait_for_selector(".chart.chart-drawn", timeout=20000)
    assert analyst_page.locator(".chart.chart-drawn .scatterlayer .trace").count() >= 1
    assert "Tier 1" in analyst_page.locator(".chart.chart-drawn .ytick").all_text_contents()


def test_trends_charts_draw(data, analyst_page, live_server):
    # distribution, regional scores, moves, the comparison, status composition. (A locator,
    # not wait_for_function: the site's CSP forbids the eval that a string expression needs.)
    analyst_page.goto(f"{live_server.url}/trends/?countries=norway&countries=brazil")
    expect(analyst_page.locator(".chart-drawn")).to_have_count(5, timeout=20000)
    assert analyst_page.locator(".barlayer .point").count() > 0
    analyst_page.set_viewport_size({"width": 390, "height": 800})
    analyst_page.reload()
    expect(analyst_page.locator(".chart-drawn")).to_have_count(5, timeout=20000)


def test_country_pillar_chart_draws(data, analyst_page, live_server):
    country = data[0]
    analyst_page.goto(f"{live_server.url}{country.get_absolute_url()}")
    chart = analyst_page.locator('.chart[data-figure="pillar-figure"]')
    chart.and_(analyst_page.locator(".chart-drawn")).wait_for(timeout=20000)
    assert chart.locator(".barlayer .point").count() > 0
    assert "Prosecution" in chart.locator(".legend").text_content()
