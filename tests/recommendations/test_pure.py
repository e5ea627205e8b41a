"""Chains, chart data, paging numbers and CSV cells: pure functions, no database."""

import pytest

from recommendations.chains import recurrence_chain
from recommendations.charts import status_shares
from recommendations.exports import safe_cell
from recommendations.paging import LAST_PAGE_ASKED, page_number, page_without_count


def test_chain_walks_back_and_forward_from_any_link():
    links = [(1, 2021, None), (2, 2022, 1), (3, 2023, 2), (9, 2023, None)]
    expected = [(1, 2021), (2, 2022), (3, 2023)]
    assert recurrence_chain(links, 1) == expected
    assert recurrence_chain(links, 2) == expected
    assert recurrence_chain(links, 3) == expected
    assert recurrence_chain(links, 9) == [(9, 2023)]


def test_chain_forward_takes_the_earliest_repeat():
    links = [(1, 2021, None), (5, 2023, 1), (4, 2022, 1)]
    assert recurrence_chain(links, 1) == [(1, 2021), (4, 2022)]


def test_chain_stops_at_links_outside_the_rows_and_at_cycles():
    assert recurrence_chain([(2, 2022, 77)], 2) == [(2, 2022)]
    cycle = [(1, 2021, 2), (2, 2022, 1)]
    assert recurrence_chain(cycle, 1) == [(2, 2022), (1, 2021)]
    assert recurrence_chain(cycle, 3) == []


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


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, 1),
        ("", 1),
        ("abc", 1),
        ("-2", 1),
        ("0", 1),
        ("1.5", 1),
        ("²", 1),
        ("7", 7),
        (" 3 ", 3),
        ("9" * 40, LAST_PAGE_ASKED + 1),
    ],
)
def test_page_number(value, expected):
    assert page_number(value) == expected


def test_page_without_count_reads_one_more_row_to_know_if_a_page_follows():
    rows = list(range(1, 8))
    first = page_without_count(rows, "1", 3)
    assert (first.object_list, first.has_next, first.has_previous) == ([1, 2, 3], True, False)
    last = page_without_count(rows, "3", 3)
    assert (last.object_list, last.has_next, last.previous_page_number) == ([7], False, 2)
    assert page_without_count(rows, "9" * 40, 3).object_list == []


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-x", "'-x"),
        ("@cmd", "'@cmd"),
        ("Train judges.", "Train judges."),
        (-3, -3),
        (None, None),
    ],
)
def test_safe_cell_neutralises_spreadsheet_formulas(value, expected):
    assert safe_cell(value) == expected
