"""Phone-first reading at 390x844: the page never scrolls sideways, no table cell is cut (a
wide table scrolls inside a labelled, focusable box), chart tick labels do not overlap each
other or the axis title, chart titles stay inside the chart, and every control is at least
44 px tall; on the country page a folded report year opens with its recommendations fetched
into place."""

import datetime
import os

import pytest
from playwright.sync_api import expect

from countries.models import Country
from tests.factories import make_ratings, make_recommendation, make_status
from tests.pages_data import populate

PHONE = {"width": 390, "height": 844}
# PHONE_SCREENSHOTS=<folder>: also save each page's full-page screenshot there, to look at.
SCREENSHOTS = os.environ.get("PHONE_SCREENSHOTS")
TIERS = ["1", "2", "2WL", "3", "2WL", "2"]
SUMMARY = "Norway made efforts to prosecute traffickers and protect victims this year. " * 6
PAGES = {
    "dashboard": "/?year=2025",
    "country page": "/countries/norway/",
    "recommendations list": "/recommendations/",
    "trends": "/trends/?countries=norway&countries=brazil",
}

# Every measure is taken in the page; each returns a list of what is wrong (empty when fine).
CUT_CELLS = """() => [...document.querySelectorAll("td, th")].filter(cell => {
    if (!cell.offsetParent) return false;  // in a closed <details>
    if (cell.scrollWidth > cell.clientWidth + 1) return true;  // its own text overflows it
    const right = cell.getBoundingClientRect().right;
    const box = cell.closest(".table-scroll");
    const marked = box && box.getAttribute("role") === "region" && box.tabIndex === 0
        && box.getAttribute("aria-label");
    return right > window.innerWidth + 1 && !marked;  // runs off the screen, no scroll box
}).map(cell => cell.textContent.trim().slice(0, 40))"""
OVERLAPS = """() => {
    const problems = [];
    const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1
        && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    document.querySelectorAll(".chart-drawn").forEach(chart => {
        const name = chart.dataset.figure;
        const frame = chart.getBoundingClientRect();
        chart.querySelectorAll("text.gtitle").forEach(title => {
            const box = title.getBoundingClientRect();
            if (box.left < frame.left - 1 || box.right > frame.right + 1) {
                problems.push(`${name}: title runs off the chart: ${title.textContent}`);
            }
        });
        for (const axis of ["x", "y"]) {
            const labels = [...chart.querySelectorAll(`.${axis}tick text`)]
                .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0);
            const title = chart.querySelector(`.g-${axis}title text`);
            const boxes = labels.map(t => [t.textContent, t.getBoundingClientRect()]);
            if (title && title.textContent.trim()) {
                boxes.push(["title " + title.textContent, title.getBoundingClientRect()]);
            }
            boxes.forEach(([a, boxA], i) => boxes.slice(i + 1).forEach(([b, boxB]) => {
                if (overlap(boxA, boxB)) problems.push(`${name}: ${a} overlaps ${b}`);
            }));
        }
    });
    return problems;
}"""
SMALL_TARGETS = """() => [...document.querySelectorAll(
    ".site-header a, .site-header button, .pagination a, th a, main button, main summary, "
    + "main select, main input:not([type=hidden]):not([type=checkbox]):not([type=radio])"
)].filter(el => el.getClientRects().length && el.offsetParent)
  .map(el => [el.textContent.trim().slice(0, 30) || el.outerHTML.slice(0, 50),
              el.getBoundingClientRect().height])
  .filter(([, height]) => height < 43.5)"""


@pytest.fixture
def data(reference_data):
    norway = Country.objects.get(iso3="NOR")
    make_ratings(norway, {y: TIERS[y % 6] for y in range(2001, 2026)}, summary=SUMMARY)
    for year in range(2019, 2026):
        for n in (1, 2, 3):
            rec = make_recommendation(
                norway, year=year, text=f"Ask {n} of the {year} report: convict traffickers."
            )
            make_status(rec, "in_progress", as_of=datetime.date(year, 7, 1))
    make_ratings(Country.objects.get(iso3="BRA"), {2024: "2", 2025: "2WL"})
    return populate(3)


def test_every_page_reads_on_a_phone(data, analyst_page, live_server):
    page = analyst_page
    page.set_viewport_size(PHONE)
    problems = {}
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        charts = page.locator(".chart[data-figure]")
        expect(page.locator(".chart-drawn")).to_have_count(charts.count(), timeout=30000)
        found = {
            "page scrolls sideways": page.evaluate(
                "() => document.documentElement.scrollWidth > window.innerWidth"
            ),
            "cells cut": page.evaluate(CUT_CELLS),
            "overlapping chart labels": page.evaluate(OVERLAPS),
            "targets under 44 px": page.evaluate(SMALL_TARGETS),
        }
        problems[name] = {what: value for what, value in found.items() if value}
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/{name.replace(' ', '-')}.png", full_page=True)
        assert charts.count() or name == "recommendations list"
    assert problems == {name: {} for name in PAGES}


def test_a_folded_year_opens_with_its_recommendations(data, analyst_page, live_server):
    page = analyst_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/countries/norway/")
    assert page.locator("ol.recs li").count() == 3  # 2025's
    folded = page.locator("#recs-2019")
    expect(folded.locator("ol.recs li")).to_have_count(0)
    folded.locator("summary").click()
    expect(folded.locator("ol.recs li")).to_have_count(3, timeout=10000)
    assert "Ask 1 of the 2019 report" in folded.locator("ol.recs").text_content()
    folded.locator("summary").click()  # closed and opened again: fetched once
    folded.locator("summary").click()
    expect(folded.locator("ol.recs")).to_have_count(1)
