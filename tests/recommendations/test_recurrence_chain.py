"""Recurrence chains walked from (id, year, carried_over_from) rows, and two years' asks split
into repeated, dropped and new: no database."""

from types import SimpleNamespace

from recommendations.recurrence import classify_recommendations, recurrence_chain


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


def rec(pk, carried_over_from_id=None):
    return SimpleNamespace(pk=pk, carried_over_from_id=carried_over_from_id)


def test_classify_repeated_dropped_and_new():
    earlier = [rec(1), rec(2)]
    later = [rec(3, carried_over_from_id=1), rec(4), rec(5, carried_over_from_id=99)]
    rows, new = classify_recommendations(earlier, later)
    assert [(r.pk, by.pk if by else None) for r, by in rows] == [(1, 3), (2, None)]
    assert [r.pk for r in new] == [4, 5]  # 5 repeats an older year, not the earlier one
