"""The downgrade clock read for one year, in words (the country brief): pure, no database."""

from countries.tiers import Tier, derive_history, downgrade_clock

WL, T1, T2, T3 = Tier.WATCH_LIST, Tier.TIER_1, Tier.TIER_2, Tier.TIER_3


def clock(history, year, waivers=()):
    rows = [(y, tier, y in waivers) for y, tier in history.items()]
    facts = {fact.year: fact for fact in derive_history(rows)}
    return downgrade_clock(facts[year])


def test_off_the_watch_list_the_clock_does_not_run():
    assert clock({2023: T2}, 2023) == (
        "2023: Tier 2, not on the Tier 2 Watch List; the clock is not running."
    )


def test_a_first_watch_list_year_warns_of_the_second():
    text = clock({2022: T2, 2023: WL}, 2023)
    assert "first consecutive year on the Tier 2 Watch List" in text
    assert "A second one puts it at risk" in text


def test_a_second_watch_list_year_is_at_risk_with_both_waivers_left():
    text = clock({2022: WL, 2023: WL}, 2023)
    assert "Tier 2 Watch List for 2 consecutive reports, at risk of automatic downgrade" in text
    assert "Waivers used in this run: 0 of 2." in text
    assert "(2 waivers left)" in text


def test_waivers_used_and_none_left():
    text = clock({2020: WL, 2021: WL, 2022: WL, 2023: WL}, 2023)
    assert "4 consecutive reports" in text and "Waivers used in this run: 2 of 2." in text
    assert "A waiver was granted this year." in text and "no waiver is left" in text


def test_an_automatic_downgrade_is_named():
    assert "an automatic downgrade" in clock({2021: WL, 2022: WL, 2023: T3}, 2023)


def test_watch_list_years_before_the_rule_do_not_count():
    assert "does not count" in clock({2007: WL, 2008: WL}, 2008)


def test_no_rating():
    assert downgrade_clock(None).startswith("No tier on record")
