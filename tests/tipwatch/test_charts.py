"""The shared chart step (tipwatch/core/charts.py): figures validated by plotly.graph_objects."""

import pytest

from countries import charts as tier_charts
from recommendations import charts as status_charts
from tipwatch.core.charts import NARROW_YEAR_LABELS, figure, layout, year_axis


def test_a_wrong_trace_property_fails():
    with pytest.raises(ValueError, match="colour"):
        figure([{"type": "bar", "x": [1], "y": [2], "colour": "red"}], layout())


def test_a_wrong_layout_property_fails():
    with pytest.raises(ValueError, match="legnd"):
        figure([], layout(legnd={"y": 0}))


def test_a_figure_holds_only_what_the_chart_says():
    """No plotly template or defaults added: the page's plotly.js gets the chart as written."""
    built = figure([{"type": "bar", "x": [2023], "y": [4], "name": "Tier 1"}], layout(height=300))
    assert built["data"] == [{"type": "bar", "x": [2023], "y": [4], "name": "Tier 1"}]
    assert built["layout"] == layout(height=300)


def test_both_apps_charts_share_the_one_layout():
    tiers = tier_charts.tier_distribution([(2023, "1", 3)])
    statuses = status_charts.status_composition([(2023, {"implemented": 1})])
    assert tiers["layout"]["font"] == statuses["layout"]["font"] == layout()["font"]


def test_a_year_axis_labels_every_year_and_at_most_five_on_a_phone():
    axis = year_axis(range(2001, 2026), title={"text": "Report year"})
    assert axis["xaxis"]["tickvals"] == list(range(2001, 2026))
    assert axis["xaxis"]["ticktext"][:2] == ["2001", "2002"]
    assert axis["xaxis"]["automargin"] is True  # room for the labels and the title
    narrow = axis["meta"]["narrow"]["xaxis"]
    assert narrow["tickvals"] == [2001, 2006, 2011, 2016, 2021]
    assert narrow["ticktext"] == ["2001", "2006", "2011", "2016", "2021"]
    starred = year_axis([2023, 2024], ["2023", "2024*"])["meta"]["narrow"]["xaxis"]
    assert starred == {"tickvals": [2023, 2024], "ticktext": ["2023", "2024*"]}
    assert year_axis([])["meta"]["narrow"]["xaxis"]["tickvals"] == []


@pytest.mark.parametrize(
    "built",
    [
        tier_charts.tier_history([(year, "2") for year in range(2001, 2026)]),
        tier_charts.tier_distribution([(year, "1", 3) for year in range(2001, 2026)]),
        tier_charts.moves_per_year([(year, "up", 1) for year in range(2001, 2026)]),
        tier_charts.region_scores([(year, "EUR", 1.5) for year in range(2001, 2026)], {}),
        tier_charts.trajectories([("Norway", y, "1") for y in range(2001, 2026)], 2001, 2025),
        status_charts.status_composition([(y, {"implemented": 1}) for y in range(2001, 2026)]),
        status_charts.pillar_open_figure(
            status_charts.pillar_open_by_year(
                [(y, "prosecution", "implemented", 1) for y in range(2001, 2026)]
            )
        ),
    ],
    ids=[
        "tier_history",
        "distribution",
        "moves",
        "scores",
        "trajectories",
        "composition",
        "pillars",
    ],
)
def test_every_year_chart_labels_at_most_five_years_on_a_phone(built):
    """25 report years: every year labelled on a wide screen, five on a phone."""
    assert len(built["layout"]["xaxis"]["tickvals"]) == 25
    narrow = built["layout"]["meta"]["narrow"]["xaxis"]
    assert len(narrow["tickvals"]) == len(narrow["ticktext"]) <= NARROW_YEAR_LABELS
    assert built["layout"]["xaxis"]["automargin"] is True
