"""The country page's status-over-time series: month ends, however many changes."""

import datetime

from recommendations.charts import country_status_series

D = datetime.date


def test_one_point_per_month_end_and_the_latest_date():
    # Two recommendations of 2023; one moves to In progress in March, the other to Implemented
    # in April, when the first becomes Partially implemented (the status tally of that history).
    steps = [
        (D(2023, 1, 1), "not_assessed", 2),
        (D(2023, 3, 1), "not_assessed", -1),
        (D(2023, 3, 1), "in_progress", 1),
        (D(2023, 4, 1), "not_assessed", -1),
        (D(2023, 4, 1), "implemented", 1),
        (D(2023, 4, 1), "in_progress", -1),
        (D(2023, 4, 1), "partial", 1),
    ]
    series = country_status_series(steps, today=D(2023, 5, 10))
    assert [point for point, _ in series] == [
        D(2023, 1, 31),
        D(2023, 2, 28),
        D(2023, 3, 31),
        D(2023, 4, 30),
        D(2023, 5, 10),
    ]
    counts = dict(series)
    assert counts[D(2023, 2, 28)]["not_assessed"] == 2
    assert counts[D(2023, 3, 31)]["in_progress"] == 1
    assert counts[D(2023, 4, 30)]["partial"] == 1 and counts[D(2023, 4, 30)]["implemented"] == 1
    assert counts[D(2023, 4, 30)]["not_assessed"] == 0


def test_a_change_in_a_later_month_than_today_ends_the_series_at_its_month_end():
    steps = [
        (D(2024, 1, 1), "not_assessed", 1),
        (D(2024, 2, 1), "not_assessed", -1),
        (D(2024, 2, 1), "implemented", 1),
    ]
    series = country_status_series(steps, today=D(2024, 1, 5))
    assert [point for point, _ in series] == [D(2024, 1, 31), D(2024, 2, 29)]
    assert series[-1][1]["implemented"] == 1
