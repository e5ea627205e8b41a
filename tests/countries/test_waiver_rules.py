"""Waivers of the automatic downgrade: the rule on small histories, the service and the page."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from countries.models import Country, TierRating
from countries.services import set_waiver
from countries.tiers import Tier, derive_history
from tests.factories import get_country, make_country, make_ratings
from tests.pages import tables

WL, T1, T2, T3, SC = Tier.WATCH_LIST, Tier.TIER_1, Tier.TIER_2, Tier.TIER_3, Tier.SPECIAL_CASE


def facts(history, waivers=()):
    rows = [(year, tier, year in waivers) for year, tier in history.items()]
    return {fact.year: fact for fact in derive_history(rows)}


def clock(result, year):
    fact = result[year]
    return fact.watch_list_years, fact.waiver_granted, fact.waivers_used, fact.waivers_left


# --- the rule, without a database ---


def test_two_watch_list_years_use_no_waiver():
    result = facts({2014: WL, 2015: WL})
    assert clock(result, 2014) == (1, False, 0, None)
    assert clock(result, 2015) == (2, False, 0, 2)


def test_third_watch_list_year_implies_a_waiver():
    result = facts({2014: WL, 2015: WL, 2016: WL})
    assert clock(result, 2016) == (3, True, 1, 1)


def test_fourth_watch_list_year_is_the_second_and_last_waiver():
    result = facts({2014: WL, 2015: WL, 2016: WL, 2017: WL})
    assert clock(result, 2017) == (4, True, 2, 0)


def test_waivers_used_never_pass_two():
    result = facts({2010: WL, 2011: WL, 2012: WL, 2013: WL, 2014: WL})
    assert clock(result, 2014) == (5, True, 2, 0)


def test_recorded_waiver_counts_in_a_year_that_does_not_imply_one():
    # 2015 is the first year on record of a run the data does not show: a recorded waiver.
    result = facts({2015: WL, 2016: WL}, waivers={2015})
    assert clock(result, 2015) == (1, True, 1, None)
    assert clock(result, 2016) == (2, False, 1, 1)


def test_recorded_and_implied_waiver_in_one_run_use_both():
    result = facts({2015: WL, 2016: WL, 2017: WL}, waivers={2016})
    assert clock(result, 2016) == (2, True, 1, 1)
    assert clock(result, 2017) == (3, True, 2, 0)


def test_leaving_the_watch_list_starts_a_new_run_with_two_waivers():
    result = facts({2014: WL, 2015: WL, 2016: WL, 2017: T2, 2018: WL, 2019: WL})
    assert clock(result, 2016)[2] == 1
    assert clock(result, 2017) == (0, False, 0, None)
    assert clock(result, 2019) == (2, False, 0, 2)


def test_special_case_year_breaks_the_run():
    result = facts({2014: WL, 2015: WL, 2016: WL, 2017: SC, 2018: WL, 2019: WL, 2020: WL})
    assert clock(result, 2017) == (0, False, 0, None)
    assert clock(result, 2018) == (1, False, 0, None)
    assert clock(result, 2020) == (3, True, 1, 1)


def test_missing_year_breaks_the_run():
    result = facts({2014: WL, 2015: WL, 2016: WL, 2018: WL})
    assert clock(result, 2018) == (1, False, 0, None)


def test_pre_2009_run_carries_no_waiver_and_restarts_in_2009():
    result = facts({2006: WL, 2007: WL, 2008: WL, 2009: WL, 2010: WL}, waivers={2008})
    assert [result[y].waiver_granted for y in (2006, 2007, 2008)] == [False, False, False]
    assert not result[2008].at_risk
    assert clock(result, 2009) == (1, False, 0, None)
    assert clock(result, 2010) == (2, False, 0, 2)


def test_tier_3_after_an_at_risk_year_is_an_automatic_downgrade():
    result = facts({2014: WL, 2015: WL, 2016: WL, 2017: T3})
    assert result[2017].auto_downgrade
    assert not facts({2015: WL, 2016: T3})[2016].auto_downgrade
    assert not facts({2015: WL, 2016: WL, 2017: T1})[2017].auto_downgrade


# --- the service ---


@pytest.fixture
def watchland(db):
    country = make_country(name="Watchland")
    make_ratings(country, {2008: WL, 2014: T2, 2015: WL, 2016: WL, 2017: WL})
    return country


def rating(country, year):
    return TierRating.objects.get(country=country, year=year)


def test_set_waiver_records_recomputes_and_bumps_the_country_version(watchland):
    before = Country.objects.get(pk=watchland.pk).cache_version
    set_waiver(country=watchland, year=2015, granted=True)
    assert rating(watchland, 2015).waiver and rating(watchland, 2015).waivers_used == 1
    assert rating(watchland, 2016).waivers_used == 1  # year 2: no implied waiver
    assert rating(watchland, 2017).waivers_used == 2
    assert Country.objects.get(pk=watchland.pk).cache_version == before + 1  # once


def test_set_waiver_can_withdraw_a_recorded_waiver(watchland):
    set_waiver(country=watchland, year=2015, granted=True)
    set_waiver(country=watchland, year=2015, granted=False)
    assert not rating(watchland, 2015).waiver
    assert rating(watchland, 2017).waivers_used == 1


def test_set_waiver_refuses_a_third_waiver_in_a_run(watchland):
    make_ratings(watchland, {2018: WL})  # 2017 and 2018 imply both waivers
    with pytest.raises(ValidationError, match="already carries 2 waivers"):
        set_waiver(country=watchland, year=2015, granted=True)
    assert not rating(watchland, 2015).waiver


@pytest.mark.parametrize(
    ("year", "message"), [(2014, "not the Tier 2 Watch List"), (2008, "from the 2009 report")]
)
def test_set_waiver_refuses_years_that_cannot_carry_one(watchland, year, message):
    with pytest.raises(ValidationError, match=message):
        set_waiver(country=watchland, year=year, granted=True)
    assert not rating(watchland, year).waiver


def test_django_admin_refuses_a_waiver_on_a_year_that_cannot_carry_one(admin_client, watchland):
    change_url = f"/admin/countries/tierrating/{rating(watchland, 2014).pk}/change/"
    form = {"country": watchland.pk, "year": 2014, "tier": T2, "waiver": "on"}
    response = admin_client.post(change_url, form)
    assert response.status_code == 200  # the form again, with the error
    assert "not the Tier 2 Watch List" in response.content.decode()
    assert not rating(watchland, 2014).waiver


# --- the page ---


def test_admin_records_a_waiver_from_the_country_page(admin_role_client, watchland):
    page = admin_role_client.get(watchland.get_absolute_url()).content.decode()
    assert f'action="/countries/{watchland.slug}/waivers/2015/"' in page
    response = admin_role_client.post(
        f"/countries/{watchland.slug}/waivers/2015/", {"granted": "1"}
    )
    assert response.status_code == 302
    assert rating(watchland, 2015).waiver
    page = admin_role_client.get(watchland.get_absolute_url()).content.decode()
    assert "waiver granted (recorded)" in page
    assert "Waivers left: 0 (2 used in this run)" in page


@pytest.mark.parametrize(
    ("year", "data", "status", "message"),
    [
        (2014, {"granted": "1"}, 400, "not the Tier 2 Watch List"),
        (2008, {"granted": "1"}, 400, "from the 2009 report"),
        (2015, {"granted": "yes"}, 400, "granted=1 or 0"),
        (2015, {}, 400, "granted=1 or 0"),
        (2013, {"granted": "1"}, 404, ""),
        (10**30, {"granted": "1"}, 404, ""),
    ],
)
def test_bad_waiver_input_is_refused_clearly(
    admin_role_client, watchland, year, data, status, message
):
    response = admin_role_client.post(f"/countries/{watchland.slug}/waivers/{year}/", data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not TierRating.objects.filter(country=watchland, waiver=True).exists()


def test_analyst_sees_no_waiver_form(analyst_client, watchland):
    page = analyst_client.get(watchland.get_absolute_url()).content.decode()
    assert "/waivers/" not in page


def test_list_csv_and_dashboard_show_waivers_used(analyst_client, watchland):
    set_waiver(country=watchland, year=2015, granted=True)
    listed = analyst_client.get("/countries/?year=2017&at_risk=on").content.decode()
    assert "Watchland" in listed and "3 Watch List years, 2 waivers used" in listed
    exported = analyst_client.get("/countries/?year=2017&at_risk=on&format=csv").content.decode()
    header, *rows = exported.splitlines()
    assert header.endswith("at_risk,waivers_used,waiver_granted")
    assert [row for row in rows if row.startswith(watchland.iso3)][0].endswith("yes,2,yes")
    dashboard = analyst_client.get("/?year=2017")
    header, *at_risk = tables(dashboard)["At risk of automatic downgrade"]
    assert header == ["Country", "Watch List years", "Waivers used", "Waivers left"]
    assert [(row[0], row[2], row[3]) for row in at_risk] == [
        ("Watchland", "2 (one this year)", "0")
    ]


@pytest.mark.parametrize(
    "history",
    [{2022: T1, 2023: T2}, {2007: WL, 2022: T1, 2023: T2}],  # no Watch List year from 2009
)
def test_a_country_with_no_year_to_waive_is_told_so_not_that_it_has_no_tier(
    admin_role_client, history
):
    norway = get_country("NOR")
    make_ratings(norway, history)
    soup = BeautifulSoup(admin_role_client.get(norway.get_absolute_url()).content, "html.parser")
    waivers = soup.find("section", class_="waivers")
    assert "No tier on record" not in waivers.get_text()
    assert "No Tier 2 Watch List year from the 2009 report on" in waivers.get_text()
    assert waivers.find("form") is None
