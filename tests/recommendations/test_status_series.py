"""The country page's status-over-time series: month ends, however many changes."""

import datetime
from types import SimpleNamespace

from recommendations.charts import country_status_series

D = datetime.date


def test_one_point_per_month_end_and_the_latest_date():
    recommendations = [SimpleNamespace(year=2023), SimpleNamespace(year=2023)]
    changes = [(1, D(2023, 3, day), "in_progress") for day in range(1, 29)]  # 28 changes
    changes += [(2, D(2023, 4, 2), "implemented"), (1, D(2023, 4, 30), "partial")]
    series = country_status_series(recommendations, changes, today=D(2023, 5, 10))
    assert [point for point, _ in series] == [
        D(2023, 1, 31), D(2023, 2, 28), D(2023, 3, 31), D(2023, 4, 30), D(2023, 5, 10)
    ]  # fmt: skip
    counts = dict(series)
    assert counts[D(2023, 2, 28)]["not_assessed"] == 2
    assert counts[D(2023, 3, 31)]["in_progress"] == 1
    assert counts[D(2023, 4, 30)]["partial"] == 1 and counts[D(2023, 4, 30)]["implemented"] == 1


def test_a_change_dated_after_today_ends_the_series():
    series = country_status_series(
        [SimpleNamespace(year=2024)], [(1, D(2024, 2, 15), "implemented")], today=D(2024, 1, 5)
    )
    assert [point for point, _ in series] == [D(2024, 1, 31), D(2024, 2, 15)]
    assert series[-1][1]["implemented"] == 1
