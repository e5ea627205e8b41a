"""The tier history drawn as SVG on the server (the country brief): pure, no database."""

import xml.etree.ElementTree as ET

import pytest

from countries.svg_charts import (
    LABEL_CHAR_WIDTH,
    ROW_LABELS,
    labelled_years,
    tier_history_svg,
    year_step,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(svg)


def markers(root):
    """{year: (tier label, the marker's centre y)} from each marker's <title> and shape."""
    found = {}
    for group in root.iter(f"{SVG}g"):
        year, label = group.find(f"{SVG}title").text.split(": ", 1)
        shape = [child for child in group if child.tag != f"{SVG}title"][0]
        found[int(year)] = (label, shape.tag.removeprefix(SVG))
    return found


def test_each_year_gets_a_marker_of_its_tier_and_missing_years_are_no_data():
    root = parse(tier_history_svg([(2020, "1"), (2021, "2WL"), (2023, "3")], 2019, 2023))
    found = markers(root)
    assert {year: label for year, (label, _) in found.items()} == {
        2019: "No data",
        2020: "Tier 1",
        2021: "Tier 2 Watch List",
        2022: "No data",
        2023: "Tier 3",
    }
    # Each tier has its own shape, so the chart reads without colour.
    assert found[2020][1] == "circle" and found[2021][1] == "polygon"
    assert found[2019][1] == "path"


def test_the_chart_names_itself_and_every_row():
    root = parse(tier_history_svg([(2023, "SC")], title="Norway: tier per report year"))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Norway: tier per report year"
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert all(label in texts for label in ROW_LABELS.values())


def test_a_missing_year_breaks_the_line():
    root = parse(tier_history_svg([(2001, "1"), (2002, "1"), (2004, "1"), (2005, "2")]))
    steps = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == "#757575"]
    assert len(steps) == 2  # 2001-2002 and 2004-2005, nothing across 2003


def test_labels_escape_what_they_are_given():
    svg = tier_history_svg([(2023, "1")], title='A <b>"title"</b> & more')
    assert parse(svg).find(f"{SVG}title").text == 'A <b>"title"</b> & more'


def test_nothing_to_draw_is_no_chart():
    assert tier_history_svg([]) == ""


@pytest.mark.parametrize(
    ("first", "last"), [(2001, 2025), (2001, 2003), (2023, 2023), (1990, 2100)]
)
def test_year_labels_never_overlap_and_the_last_year_is_labelled(first, last):
    root = parse(tier_history_svg([(last, "1")], first, last))
    axis = [t for t in root.iter(f"{SVG}text") if t.text.isdigit()]
    xs = [float(t.get("x")) for t in axis]
    assert int(axis[-1].text) == last
    label_width = 4 * LABEL_CHAR_WIDTH
    assert all(b - a >= label_width for a, b in zip(xs, xs[1:], strict=False))


def test_label_steps():
    assert year_step(2020, 2025) == 1
    assert year_step(2001, 2025) == 2
    assert labelled_years(2001, 2025) == list(range(2001, 2026, 2))
    assert labelled_years(2003, 2023)[-1] == 2023
