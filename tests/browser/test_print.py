"""Printing from the browser (static/css/print.css, static/js/print.js): the content alone, the
charts' tables opened, links to other sites with their address; and the country brief prints
its own chart (SVG, no script) with nothing fetched from another host."""

import pytest

from recommendations.models import Status
from tests.factories import get_country, make_ratings, make_recommendation, make_status


@pytest.fixture
def norway(reference_data):
    norway = get_country("NOR")
    make_ratings(norway, {2022: "2", 2023: "2"}, source="https://www.ecoi.net/en/document/1")
    rec = make_recommendation(norway, year=2023, text="Train judges.")
    make_status(rec, Status.IN_PROGRESS)
    return norway


def shown(page, selector):
    return page.eval_on_selector(selector, "e => getComputedStyle(e).display") != "none"


def test_a_printed_country_page_shows_the_content_and_the_numbers(
    norway, analyst_page, live_server
):
    analyst_page.goto(f"{live_server.url}/countries/norway/")
    analyst_page.emulate_media(media="print")
    analyst_page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert not shown(analyst_page, ".site-header")
    assert not shown(analyst_page, ".brief-links")
    assert not analyst_page.locator("main form").first.is_visible()  # the Follow button
    assert analyst_page.locator("main h1").is_visible()
    # The status-over-time numbers are in a closed <details> on screen: open when printed.
    assert analyst_page.locator("details").first.get_attribute("open") is not None
    assert analyst_page.locator("details table").first.is_visible()
    source = analyst_page.locator("main a[href^='https://www.ecoi.net']").first
    after = source.evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://www.ecoi.net/en/document/1" in after
    analyst_page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert analyst_page.locator("details").first.get_attribute("open") is None
    analyst_page.emulate_media(media="screen")
    assert shown(analyst_page, ".site-header")


def test_a_printed_brief_has_its_chart_and_no_tools(norway, analyst_page, live_server):
    analyst_page.goto(f"{live_server.url}/countries/norway/brief/")
    analyst_page.emulate_media(media="print")
    assert analyst_page.locator(".brief-chart svg").is_visible()
    assert not shown(analyst_page, ".brief-tools")
    assert analyst_page.locator(".brief-asks li").count() == 1
    analyst_page.pdf()  # Chromium's own print to PDF lays the page out without an error
