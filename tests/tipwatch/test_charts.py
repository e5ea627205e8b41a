"""The shared chart step (tipwatch/core/charts.py): figures validated by plotly.graph_objects."""

import pytest

from countries import charts as tier_charts
from recommendations import charts as status_charts
from tipwatch.core.charts import figure, layout


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
