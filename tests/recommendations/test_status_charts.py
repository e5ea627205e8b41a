import datetime

from recommendations import charts

D = datetime.date


def test_counts_from_steps_sum_the_deltas_up_to_each_point():
    steps = [
        (2022, "not_assessed", 2),
        (2022, "in_progress", 1),
        (2022, "not_assessed", -1),
        (2024, "implemented", 1),
        (2024, "in_progress", -1),
    ]
    series = dict(charts.counts_from_steps(steps, [2021, 2022, 2023, 2024]))
    assert sum(series[2021].values()) == 0
    assert series[2022]["not_assessed"] == 1 and series[2022]["in_progress"] == 1
    assert series[2023] == series[2022]
    assert series[2024]["implemented"] == 1 and series[2024]["in_progress"] == 0


def test_status_over_time_and_composition_figures():
    series = [
        (
            D(2023, 1, 1),
            dict.fromkeys(
                ["not_assessed", "no_progress", "in_progress", "partial", "implemented"], 0
            )
            | {"partial": 2},
        )
    ]
    area = charts.status_over_time(series)
    partial = next(t for t in area["data"] if t["name"] == "Partially implemented")
    assert partial["y"] == [2] and partial["stackgroup"] == "status"
    bars = charts.status_composition([(2023, series[0][1])])
    assert bars["layout"]["barmode"] == "stack"
    assert next(t for t in bars["data"] if t["name"] == "Implemented")["marker"]["pattern"]
