"""How complete a report year is, without a database."""

from countries.coverage import COMPLETE_SHARE, coverage_by_year, ranked_in


def test_ranked_counts_follow_the_data_readme():
    assert ranked_in(2001) == 80
    assert ranked_in(2003) == 120  # Serbia and Montenegro once
    assert ranked_in(2015) == 187
    assert [ranked_in(year) for year in (2016, 2024, 2025, 2026)] == [188] * 4


def test_partial_years_are_under_ninety_percent():
    coverage = coverage_by_year({2023: 188, 2024: 151, 2025: 140, 2016: 185})
    assert COMPLETE_SHARE == 0.9
    assert [year for year, entry in coverage.items() if entry.partial] == [
        *range(2017, 2023),  # nothing on record between 2016 and 2023: 0 of 188
        2024,
        2025,
    ]
    assert not coverage[2016].partial and not coverage[2023].partial
    assert coverage[2024].label == "151 of 188 countries on record (80%)"
    assert coverage[2019].label == "0 of 188 countries on record (0%)"
    assert coverage_by_year({}) == {}


def test_the_threshold_is_inclusive():
    assert not coverage_by_year({2020: 170})[2020].partial  # 170/188 = 90.4%
    assert coverage_by_year({2020: 169})[2020].partial  # 89.9%
