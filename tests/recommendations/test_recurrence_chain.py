"""Recurrence chains walked from (id, year, carried_over_from) rows: no database."""

from recommendations.recurrence import recurrence_chain


def test_chain_walks_back_and_forward_from_any_ask():
    rows = [(1, 2021, None), (2, 2022, 1), (3, 2023, 2), (9, 2023, None)]
    expected = [(1, 2021), (2, 2022), (3, 2023)]
    assert recurrence_chain(rows, 1) == expected
    assert recurrence_chain(rows, 2) == expected
    assert recurrence_chain(rows, 3) == expected
    assert recurrence_chain(rows, 9) == [(9, 2023)]


def test_chain_forward_takes_the_earliest_repeat():
    rows = [(1, 2021, None), (5, 2023, 1), (4, 2022, 1)]
    assert recurrence_chain(rows, 1) == [(1, 2021), (4, 2022)]


def test_chain_stops_at_asks_outside_the_rows_and_at_cycles():
    assert recurrence_chain([(2, 2022, 77)], 2) == [(2, 2022)]
    cycle = [(1, 2021, 2), (2, 2022, 1)]
    assert recurrence_chain(cycle, 1) == [(2, 2022), (1, 2021)]
    assert recurrence_chain(cycle, 3) == []
