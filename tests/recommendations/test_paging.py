"""Page numbers and count-free pages: no database."""

import pytest

from recommendations.paging import LAST_PAGE_ASKED, page_number, page_without_count


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
