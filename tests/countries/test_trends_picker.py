"""The trends page's compare picker: checkboxes, the chosen countries first and named, so that
after "Show" they are in view (no Ctrl-click list box); it works without JavaScript."""

from bs4 import BeautifulSoup

from tests.factories import get_country, make_ratings


def test_the_picker_is_checkboxes_with_the_chosen_first(analyst_client, db):
    for iso3 in ("NOR", "ZWE", "AFG"):
        make_ratings(get_country(iso3), {2023: "2"})
    response = analyst_client.get("/trends/?countries=zimbabwe&countries=norway")
    soup = BeautifulSoup(response.content, "html.parser")
    picker = soup.find("fieldset", class_="picker")
    assert soup.find("select", attrs={"name": "countries"}) is None
    boxes = picker.find_all("input", attrs={"type": "checkbox", "name": "countries"})
    assert len(boxes) > 150  # every country
    assert [box["value"] for box in boxes[:2]] == ["norway", "zimbabwe"]
    assert all(box.has_attr("checked") for box in boxes[:2])
    assert not any(box.has_attr("checked") for box in boxes[2:])
    assert [box["value"] for box in boxes[2:4]] == ["afghanistan", "albania"]
    assert "Chosen: Norway, Zimbabwe" in picker.find(class_="picker-chosen").get_text()
    label = picker.find("label", attrs={"for": boxes[0]["id"]})
    assert label.get_text(strip=True) == "Norway"
