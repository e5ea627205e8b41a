import datetime

from recommendations import charts

D = datetime.date


def test_status_counts_take_the_latest_change_as_of_each_date():
    published = {2022: 2, 2023: 1}
    changes = [
        (1, D(2022, 7, 1), "in_progress"),
        (1, D(2023, 3, 1), "implemented"),
        (2, D(2023, 3, 1), "no_progress"),
    ]
    points = [D(2022, 1, 1), D(2022, 12, 31), D(2023, 12, 31)]
    series = dict(charts.status_counts_at(published, changes, points))
    assert series[D(2022, 1, 1)]["not_assessed"] == 2
    assert series[D(2022, 12, 31)]["in_progress"] == 1
    assert series[D(2022, 12, 31)]["not_assessed"] == 1
    end = series[D(2023, 12, 31)]
    assert end["implemented"] == 1 and end["no_progress"] == 1 and end["in_progress"] == 0
    assert end["not_assessed"] == 1  # the 2023 recommendation, never assessed
    assert sum(end.values()) == 3


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
