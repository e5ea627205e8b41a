"""Chart data from plain counts: no database."""

from recommendations.charts import status_shares


def test_status_shares_in_order_of_progress_with_percentages():
    rows = status_shares({"implemented": 1, "no_progress": 3})
    assert [row["status"] for row in rows] == [
        "not_assessed",
        "no_progress",
        "in_progress",
        "partial",
        "implemented",
    ]
    assert [(row["count"], row["percent"]) for row in rows] == [
        (0, 0.0),
        (3, 75.0),
        (0, 0.0),
        (0, 0.0),
        (1, 25.0),
    ]
    assert rows[1]["label"] == "No progress" and rows[1]["css"] == "no-progress"


def test_status_shares_of_nothing_are_zero():
    assert {row["percent"] for row in status_shares({})} == {0.0}
