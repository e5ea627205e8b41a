"""Chart figures from plain rows, without a database."""

from countries import charts
from countries.coverage import coverage_by_year
from tipwatch.core.palette import TIER_COLOURS


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


def coverage(**on_record):
    return coverage_by_year({int(year[1:]): n for year, n in on_record.items()})


def test_tier_distribution_keeps_empty_years_and_fades_partial_ones():
    rows = [(2021, "1", 100), (2021, "2", 88), (2024, "1", 90), (2024, "3", 61)]
    figure = charts.tier_distribution(rows, coverage(y2021=188, y2024=151))
    bars = {trace["name"]: trace for trace in figure["data"] if trace["type"] == "bar"}
    assert bars["Tier 1"]["x"] == [2021, 2022, 2023, 2024]
    assert bars["Tier 1"]["y"] == [100, 0, 0, 90]  # 2022 and 2023: no data, no bars, no guess
    assert bars["Tier 1"]["marker"]["opacity"] == [1, 0.4, 0.4, 0.4]
    assert bars["Tier 3"]["customdata"][3] == "151 of 188 countries on record (80%)"
    assert "%{customdata}" in bars["Tier 3"]["hovertemplate"]
    (ranked,) = [trace for trace in figure["data"] if trace["type"] == "scatter"]
    assert ranked["y"] == [188, 188, 188, 188] and ranked["line"]["dash"] == "dash"
    axis = figure["layout"]["xaxis"]
    assert axis["ticktext"] == ["2021", "2022*", "2023*", "2024*"]
    assert "under 90%" in figure["layout"]["title"]["text"]


def test_tier_distribution_of_one_region_has_no_ranked_line():
    figure = charts.tier_distribution([(2024, "1", 9)], coverage(y2024=151), ranked_line=False)
    assert [trace["type"] for trace in figure["data"]] == ["bar"]


def test_complete_years_are_drawn_plainly():
    figure = charts.tier_distribution([(2020, "2", 188)], coverage(y2020=188))
    assert figure["data"][0]["marker"]["opacity"] == [1]
    assert figure["layout"]["xaxis"]["ticktext"] == ["2020"]
    assert "under 90%" not in figure["layout"]["title"]["text"]


def test_region_scores_break_into_a_dotted_faded_line_over_partial_years():
    rows = [(2022, "EUR", 1.5, 44), (2023, "EUR", 1.6, 45), (2024, "EUR", 1.2, 20)]
    figure = charts.region_scores(
        rows, {"EUR": "Europe"}, coverage(y2022=188, y2023=188, y2024=151)
    )
    solid, dotted = figure["data"]
    assert solid["name"] == "Europe" and solid["y"] == [1.5, 1.6, None]
    assert dotted["y"] == [None, 1.6, 1.2] and dotted["line"]["dash"] == "dot"
    assert dotted["showlegend"] is False and dotted["legendgroup"] == solid["legendgroup"]
    assert dotted["marker"]["opacity"] == [1, 1, 0.4]
    assert solid["customdata"][2] == (
        "average of 20 countries on record; year: 151 of 188 countries on record (80%)"
    )
    assert "countries on record each year" in figure["layout"]["title"]["text"]


def test_moves_per_year_counts_upgrades_and_downgrades_per_year():
    rows = [(2023, "up", 12), (2023, "down", 9), (2025, "down", 3)]
    figure = charts.moves_per_year(rows, coverage(y2023=188, y2024=151, y2025=140))
    up, down = figure["data"]
    assert (up["name"], up["x"], up["y"]) == ("Upgrades", [2023, 2024, 2025], [12, 0, 0])
    assert down["y"] == [9, 0, 3]
    assert down["marker"]["opacity"] == [1, 0.4, 0.4]
    assert figure["layout"]["xaxis"]["ticktext"] == ["2023", "2024*", "2025*"]


def test_trajectories_mark_partial_years_on_the_axis():
    figure = charts.trajectories([("A", 2024, "1")], 2023, 2024, coverage(y2023=188, y2024=100))
    assert figure["layout"]["xaxis"]["ticktext"] == ["2023", "2024*"]
    assert figure["data"][0]["text"] == ["No data / not assessed", "Tier 1"]
