"""Chart figures from plain rows, without a database."""

from countries import charts
from tipwatch.palette import TIER_COLOURS


def test_tier_map_has_one_trace_per_tier_with_special_case_and_no_data_apart():
    rows = [
        ("NOR", "Norway", "1", "/countries/norway/"),
        ("LBY", "Libya", "SC", "/countries/libya/"),
        ("ATA", "Nowhere", "", "/countries/nowhere/"),
    ]
    figure = charts.tier_map(rows, 2023)
    traces = {trace["name"]: trace for trace in figure["data"]}
    assert set(traces) == {"Tier 1", "Special Case", "No data / not assessed"}
    special = traces["Special Case"]
    assert special["locations"] == ["LBY"] and special["locationmode"] == "ISO-3"
    assert special["colorscale"][0][1] == TIER_COLOURS["SC"] != TIER_COLOURS[""]
    assert traces["Tier 1"]["text"] == ["Norway: Tier 1"]
    assert traces["Tier 1"]["customdata"] == ["/countries/norway/"]


def test_tier_history_leaves_gaps_for_missing_and_special_case_years():
    figure = charts.tier_history([(2019, "1"), (2020, "SC"), (2022, "3")])
    line, special, missing = figure["data"]
    assert line["x"] == [2019, 2020, 2021, 2022]
    assert line["y"] == [1, None, None, 4]  # never interpolated
    assert line["line"]["shape"] == "hv" and line["connectgaps"] is False
    assert special["x"] == [2020] and missing["x"] == [2021]
    axis = figure["layout"]["yaxis"]
    assert axis["range"][0] > axis["range"][1]  # reversed: Tier 1 at the top
    assert axis["ticktext"][0] == "Tier 1"


def test_tier_history_of_nothing_is_empty():
    assert charts.tier_history([])["data"] == []


def test_tier_distribution_stacks_counts_with_patterns():
    figure = charts.tier_distribution([(2022, "1", 3), (2023, "1", 4), (2023, "SC", 1)])
    traces = {trace["name"]: trace for trace in figure["data"]}
    assert figure["layout"]["barmode"] == "stack"
    assert traces["Tier 1"]["y"] == [3, 4]
    assert traces["Special Case"]["y"] == [0, 1]
    assert traces["Special Case"]["marker"]["pattern"]["shape"] == "."
    assert "Tier 3" not in traces


def test_region_scores_name_regions_and_say_special_case_is_excluded():
    figure = charts.region_scores([(2023, "EUR", 1.25), (2022, "EUR", 1.5)], {"EUR": "Europe"})
    (trace,) = figure["data"]
    assert trace["name"] == "Europe" and trace["x"] == [2022, 2023] and trace["y"] == [1.5, 1.25]
    assert "Special Case" in figure["layout"]["title"]["text"]


def test_trajectories_use_a_symbol_per_country_and_gaps():
    rows = [("A", 2021, "1"), ("A", 2023, "2"), ("B", 2022, "3")]
    figure = charts.trajectories(rows, 2021, 2023)
    first, second = figure["data"]
    assert first["y"] == [1, None, 2]
    assert second["y"] == [None, 4, None]
    assert first["marker"]["symbol"] != second["marker"]["symbol"]
