"""The tier history rules, on small histories, without a database."""

import csv

import pytest
from django.conf import settings

from countries.tiers import Movement, Tier, derive_history, longest_runs, parse_tier

WL, T1, T2, T3, SC = Tier.WATCH_LIST, Tier.TIER_1, Tier.TIER_2, Tier.TIER_3, Tier.SPECIAL_CASE


def facts(history):
    return {fact.year: fact for fact in derive_history(history.items())}


def test_movement_compares_with_latest_earlier_rating():
    result = facts({2019: T2, 2020: T1, 2021: T1, 2022: T3, 2023: SC, 2024: T2})
    assert result[2019].movement == Movement.FIRST
    assert result[2020].movement == Movement.UP
    assert result[2021].movement == Movement.SAME
    assert result[2022].movement == Movement.DOWN
    assert result[2023].movement == Movement.SPECIAL
    assert result[2024].movement == Movement.SPECIAL
    assert result[2022].previous_tier == T1


def test_second_consecutive_watch_list_year_is_at_risk():
    result = facts({2014: T2, 2015: WL, 2016: WL})
    assert (result[2015].watch_list_years, result[2015].at_risk) == (1, False)
    assert (result[2016].watch_list_years, result[2016].at_risk) == (2, True)
    assert result[2016].waivers_left == 2


def test_waived_years_use_up_the_two_waivers():
    result = facts({2010: WL, 2011: WL, 2012: WL, 2013: WL})
    assert [result[y].waivers_left for y in (2011, 2012, 2013)] == [2, 1, 0]
    assert result[2013].watch_list_years == 4


def test_tier_3_after_two_watch_list_years_is_automatic_downgrade():
    result = facts({2011: WL, 2012: WL, 2013: T3})
    assert result[2013].auto_downgrade
    assert not facts({2012: WL, 2013: T3})[2013].auto_downgrade


def test_leaving_the_watch_list_resets_the_clock():
    result = facts({2015: WL, 2016: WL, 2017: T2, 2018: WL})
    assert result[2017].watch_list_years == 0 and not result[2017].at_risk
    assert result[2018].watch_list_years == 1 and not result[2018].at_risk


def test_special_case_year_breaks_the_streak():
    result = facts({2015: WL, 2016: SC, 2017: WL, 2018: WL})
    assert result[2017].watch_list_years == 1
    assert result[2018].at_risk


def test_missing_year_breaks_the_streak():
    assert not facts({2015: WL, 2017: WL})[2017].at_risk


def test_rule_starts_with_the_2009_report():
    result = facts({2007: WL, 2008: WL, 2009: WL, 2010: WL})
    assert result[2008].watch_list_years == 2 and not result[2008].at_risk
    assert result[2009].watch_list_years == 1 and not result[2009].at_risk
    assert result[2010].at_risk


def test_parse_tier_reads_report_spellings():
    assert parse_tier("Tier 2 Watch List") == WL
    assert parse_tier("tier 3 (downgraded)") == T3
    assert parse_tier("Special Case") == SC
    assert parse_tier("2.5") == WL
    assert parse_tier("Tier 4") is None


def bundled_history(iso3):
    """{year: tier} of one country in the bundled data (data/tiers/)."""
    history = {}
    for path in (settings.BASE_DIR / "data" / "tiers").glob("tier_placements_*.csv"):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["iso3"] == iso3:
                    history[int(row["report_year"])] = parse_tier(row["tier"])
    return history


@pytest.mark.parametrize("iso3", ["RUS", "CHN"])
def test_the_clock_over_the_bundled_years_as_the_law_ran_it(iso3):
    """Russia and China sat on the Watch List from 2004/2005 to 2012 and went to Tier 3 in 2013:
    the Watch List years before the 2009 report put neither at risk (the rule did not exist),
    2009 started the clock, 2010 was the second year (at risk), 2011 and 2012 used the two
    waivers the law allows, and 2013's Tier 3 is the automatic downgrade."""
    result = facts(bundled_history(iso3))
    assert not any(result[year].at_risk for year in range(2004, 2010))
    assert not any(result[year].waiver_granted for year in range(2004, 2010))
    assert [result[year].watch_list_years for year in (2009, 2010, 2011, 2012)] == [1, 2, 3, 4]
    assert [result[year].at_risk for year in (2010, 2011, 2012)] == [True, True, True]
    assert [result[year].waivers_used for year in (2010, 2011, 2012)] == [0, 1, 2]
    assert result[2012].waivers_left == 0
    assert result[2013].tier == Tier.TIER_3 and result[2013].auto_downgrade


def test_tier_3_after_a_watch_list_run_before_2009_is_no_automatic_downgrade():
    result = facts({2005: WL, 2006: WL, 2007: WL, 2008: T3})
    assert result[2008].movement == Movement.DOWN and not result[2008].auto_downgrade


def test_longest_runs_count_consecutive_years_only():
    rows = [
        *[("Aland", year) for year in (2001, 2002, 2003, 2010, 2011)],  # runs of 3 and 2
        *[("Borduria", year) for year in range(2018, 2022)],  # 4
        *[("Carpania", year) for year in (2019, 2020, 2021)],  # 3, more recent than Aland's
        ("Dalmia", 2025),
    ]
    runs = longest_runs(rows, limit=3)
    assert [(r.country, r.first_year, r.last_year, r.length) for r in runs] == [
        ("Borduria", 2018, 2021, 4),
        ("Carpania", 2019, 2021, 3),
        ("Aland", 2001, 2003, 3),
    ]
    assert runs[2].years_in_all == 5
    assert longest_runs([]) == []


def test_longest_tier_3_run_in_the_bundled_data():
    """Sudan: Tier 3 in every report 2001-2013, then the Watch List; Tier 3 again 2016-17
    and 2024-25, so 17 years on Tier 3 in all."""
    history = bundled_history("SDN")
    (run,) = longest_runs([("Sudan", year) for year, tier in history.items() if tier == T3])
    assert (run.first_year, run.last_year, run.length, run.years_in_all) == (2001, 2013, 13, 17)
