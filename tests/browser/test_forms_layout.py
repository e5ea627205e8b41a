"""Forms as a reader sees them: filter checkboxes beside their labels; the trends picker finds
countries by name and keeps the chosen ones in view after "Show"."""

import pytest

from countries.models import Country
from tests.factories import make_ratings

pytestmark = pytest.mark.browser


def test_filter_checkboxes_sit_beside_their_labels(analyst_page, live_server):
    make_ratings(Country.objects.get(iso3="NOR"), {2023: "2"})
    analyst_page.goto(f"{live_server.url}/countries/")
    boxes = analyst_page.locator("form.filters input[type=checkbox]")
    assert boxes.count() >= 2
    for index in range(boxes.count()):
        box = boxes.nth(index)
        label = analyst_page.locator(f"label[for='{box.get_attribute('id')}']")
        box_at, label_at = box.bounding_box(), label.bounding_box()
        middle = box_at["y"] + box_at["height"] / 2
        assert label_at["y"] <= middle <= label_at["y"] + label_at["height"]  # one line
        assert 0 <= label_at["x"] - (box_at["x"] + box_at["width"]) < 16


def test_trends_picker_finds_and_keeps_the_chosen_in_view(analyst_page, live_server):
    for iso3 in ("NOR", "ZWE"):
        make_ratings(Country.objects.get(iso3=iso3), {2022: "1", 2023: "2"})
    analyst_page.goto(f"{live_server.url}/trends/")
    find = analyst_page.locator("#picker-find")
    find.fill("zimb")
    shown = analyst_page.locator("label.picker-option:visible").all_text_contents()
    assert [text.strip() for text in shown] == ["Zimbabwe"]
    analyst_page.check("label.picker-option:has-text('Zimbabwe') input")
    find.fill("norw")
    analyst_page.check("label.picker-option:has-text('Norway') input")
    analyst_page.click("form.filters button[type=submit]")
    analyst_page.wait_for_load_state("networkidle")
    assert "countries=zimbabwe" in analyst_page.url and "countries=norway" in analyst_page.url
    box = analyst_page.locator(".picker-options")
    for name in ("Norway", "Zimbabwe"):
        option = analyst_page.locator(f"label.picker-option:has-text('{name}')")
        assert option.locator("input").is_checked()
        option_at, box_at = option.bounding_box(), box.bounding_box()
        assert box_at["y"] <= option_at["y"] and option_at["y"] + option_at["height"] <= (
            box_at["y"] + box_at["height"]
        )  # inside the box's visible part, no scrolling needed
