"""The one parser of ids, years and limits: ASCII digits only, within bounds, clear messages."""

import pytest

from tipwatch.core.parsing import (
    LARGEST_ID,
    parse_id,
    parse_limit,
    parse_year,
    whole_number,
)


@pytest.mark.parametrize("text", ["²", "²²", "٣", "１２", "1.0", "-1", "+1", "", " ", "1e3", None])
def test_non_ascii_digits_and_other_non_numbers_are_refused(text):
    with pytest.raises(ValueError, match="whole number written in digits 0-9"):
        whole_number(text)


def test_ascii_digits_are_read_with_surrounding_space_ignored():
    assert whole_number(" 42 ") == 42
    assert parse_id("7") == 7
    assert parse_year("2023") == 2023


def test_ids_stop_at_the_largest_bigint():
    assert parse_id(str(LARGEST_ID)) == LARGEST_ID
    with pytest.raises(ValueError, match="between 1 and"):
        parse_id(str(LARGEST_ID + 1))
    with pytest.raises(ValueError, match="between 1 and"):
        parse_id("0")


def test_a_huge_digit_string_is_refused_before_conversion():
    with pytest.raises(ValueError, match="whole number"):
        parse_id("9" * 5000)


def test_years_outside_the_report_range_are_refused_with_the_range():
    with pytest.raises(ValueError, match="report year must be between 2001 and 2100, not 1999"):
        parse_year("1999", label="report year")


def test_limits_default_when_blank_and_are_bounded():
    assert parse_limit("", default=50, maximum=500) == 50
    assert parse_limit("20", default=50, maximum=500) == 20
    with pytest.raises(ValueError, match="between 1 and 500"):
        parse_limit("501", default=50, maximum=500)
