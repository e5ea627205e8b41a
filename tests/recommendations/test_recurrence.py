"""Recurrence: the threshold's examples, matching carried_over_from on import, admin changes to
it, recurrence_years, and the dropped list."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from recommendations.models import Recommendation
from recommendations.recurrence import CARRIED_OVER_THRESHOLD, best_pairs, similarity
from recommendations.services import confirm_carried_over, remove_carried_over, set_carried_over
from tests.factories import get_country, make_recommendation
from tests.recommendations.chapter_files import SEED, fixture
from tipwatch.core.models import ImportRun

# (earlier year's wording, later year's wording): reworded repeats, which must be carried over.
REWORDED_REPEATS = [
    (
        "Vigorously investigate, prosecute, and convict traffickers, including labor traffickers.",
        "Expand efforts to investigate, prosecute, and convict traffickers with an increased focus "
        "on pursuing labor trafficking cases.",
    ),
    (
        "Establish a national referral mechanism and formal victim identification procedures "
        "with input from NGOs.",
        "Establish an NRM and victim identification procedures that receive adequate input from "
        "NGOs, define processes and roles of all relevant government agencies and front-line "
        "actors, and train those actors to ensure uniform implementation nationwide.",
    ),
    (
        "Develop a comprehensive statistical system for collecting data on victims identified and "
        "assisted, investigations, prosecutions, and convictions.",
        "Develop and implement a reliable comprehensive statistical system for collecting and "
        "collating data, including on victim identification and assistance and investigations, "
        "prosecutions, and convictions.",
    ),
    (
        "Screen foreign nationals and asylum-seekers for trafficking indicators before "
        "deportation.",
        "Screen all foreign nationals and asylum-seekers for indicators of trafficking and stay "
        "deportation of potential victims prior to screening.",
    ),
    (
        "Ensure victims can access assistance when a trafficking crime is prosecuted as another "
        "crime.",
        "Ensure all trafficking victims receive access to assistance regardless of whether "
        "authorities investigate and prosecute a trafficking crime as another crime.",
    ),
    (
        "Consistently apply the non-punishment provision so victims are not penalized for "
        "unlawful acts traffickers compelled them to commit.",
        "Consistently implement the existing non-punishment provisions in the criminal code to "
        "ensure trafficking victims are not inappropriately penalized solely for unlawful acts "
        "committed as a direct result of being trafficked.",
    ),
    (
        "Adopt a new national action plan against trafficking.",
        "Develop an updated NAP, corresponding to the current situation and trends in Norway, "
        "with related anti-trafficking activities.",
    ),
    (
        "Develop an updated NAP, corresponding to the current situation and trends in Norway, "
        "with related anti-trafficking activities.",
        "Adopt and fund a new national action plan against trafficking.",
    ),
    (
        "Increase training for police, prosecutors, and judges on trafficking laws.",
        "Increase training for investigators, prosecutors, and judges on identifying trafficking, "
        "applying trafficking laws, and understanding different aspects of trafficking.",
    ),
    (
        "Train investigators on compiling evidence additional to victims' testimonies.",
        "Enhance training for investigating cases and collecting evidence against suspected "
        "traffickers.",
    ),
    (
        "Vigorously prosecute and convict sex and labor traffickers.",
        "Expand efforts to investigate, prosecute, and convict traffickers with an increased focus "
        "on pursuing labor trafficking cases.",
    ),
    (
        "Enhance communication between police and immigration authorities and proactively screen "
        "foreigners in detention for indicators of trafficking prior to their deportation.",
        "Screen all foreign nationals and asylum-seekers for indicators of trafficking and stay "
        "deportation of potential victims prior to screening.",
    ),
    (
        "Proactively identify and assist child victims by training front-line workers on "
        "indicators.",
        "Enhance efforts to proactively identify and assist trafficking victims, particularly "
        "children, by training relevant workers on procedures for identifying victims and "
        "recognizing indicators.",
    ),
]

# Different asks of the same country, often sharing words: they must not be carried over.
DIFFERENT_ASKS = [
    (
        "Increase training for investigators, prosecutors, and judges on identifying trafficking, "
        "applying trafficking laws, and understanding different aspects of trafficking.",
        "Enhance training for investigating cases and collecting evidence against suspected "
        "traffickers.",
    ),
    (
        "Expand efforts to investigate, prosecute, and convict traffickers with an increased focus "
        "on pursuing labor trafficking cases.",
        "Ensure all trafficking victims receive access to assistance regardless of whether "
        "authorities investigate and prosecute a trafficking crime as another crime.",
    ),
    (
        "Screen all foreign nationals and asylum-seekers for indicators of trafficking and stay "
        "deportation of potential victims prior to screening.",
        "Enhance efforts to proactively identify and assist trafficking victims, particularly "
        "children, by training relevant workers on procedures for identifying victims and "
        "recognizing indicators.",
    ),
    (
        "Develop an updated NAP, corresponding to the current situation and trends in Norway, "
        "with related anti-trafficking activities.",
        "Increase awareness campaigns targeting foreign workers about their rights.",
    ),
    (
        "Train prosecutors on the application of Norway's trafficking law.",
        "Consistently implement the existing non-punishment provisions in the criminal code to "
        "ensure trafficking victims are not inappropriately penalized solely for unlawful acts "
        "committed as a direct result of being trafficked.",
    ),
    (
        "Eliminate recruitment fees charged to workers by labor recruiters.",
        "Increase labor inspections in high-risk sectors such as fishing and construction.",
    ),
    (
        "Increase cooperation with source-country governments on trafficking investigations.",
        "Increase efforts to investigate and prosecute trafficking cases.",
    ),
    (
        "Expand efforts to investigate, prosecute, and convict traffickers with an increased focus "
        "on pursuing labor trafficking cases.",
        "Increase cooperation with source-country governments on joint investigations.",
    ),
    (
        "Report annual data on the number of identified and assisted victims.",
        "Establish an NRM and victim identification procedures that receive adequate input from "
        "NGOs, define processes and roles of all relevant government agencies and front-line "
        "actors, and train those actors to ensure uniform implementation nationwide.",
    ),
    (
        "Amend the penal code to criminalize all forms of labor trafficking.",
        "Increase the number of labor inspectors and train them to identify forced labor.",
    ),
    (
        "Provide adequate funding to NGOs running shelters for victims.",
        "Increase efforts to investigate and prosecute officials complicit in trafficking.",
    ),
    ("Prosecute traffickers.", "Prosecute traffickers and fund shelters for male victims."),
]


@pytest.mark.parametrize("earlier, later", REWORDED_REPEATS)
def test_reworded_repeats_reach_the_threshold(earlier, later):
    assert similarity(later, earlier) >= CARRIED_OVER_THRESHOLD


@pytest.mark.parametrize("earlier, later", DIFFERENT_ASKS)
def test_different_asks_stay_below_the_threshold(earlier, later):
    assert similarity(later, earlier) < CARRIED_OVER_THRESHOLD


def test_the_threshold_separates_the_examples_with_a_margin():
    lowest_repeat = min(similarity(b, a) for a, b in REWORDED_REPEATS)
    highest_different = max(similarity(b, a) for a, b in DIFFERENT_ASKS)
    assert highest_different < CARRIED_OVER_THRESHOLD <= lowest_repeat
    assert lowest_repeat - highest_different >= 3


def test_best_pairs_are_one_to_one_best_first():
    scores = {("a", "x"): 90, ("a", "y"): 80, ("b", "x"): 85, ("b", "y"): 50, ("c", "y"): 70}
    pairs = best_pairs(
        [("a", "a"), ("b", "b"), ("c", "c")],
        [("x", "x"), ("y", "y")],
        lambda new, old: scores.get((new, old), 0),
        threshold=60,
    )
    # a takes x (90); b's best (x) is gone and y scores 50: carried over from none; c takes y.
    assert pairs == [("a", "x", 90), ("c", "y", 70)]


# On import ---------------------------------------------------------------------------------


def import_report(*paths):
    call_command("import_report", *map(str, paths), quiet=True)


def carried_over(year):
    """{position: (earlier year, earlier position)} for Norway's recommendations of year."""
    return {
        rec.position: (rec.carried_over_from.year, rec.carried_over_from.position)
        for rec in Recommendation.objects.filter(
            country__iso3="NOR", year=year, carried_over_from__isnull=False
        ).select_related("carried_over_from")
    }


# What the fixtures' asks are carried over from with the seed (2023): found and missed,
# written down.
EXPECTED_2023_FROM_2022 = {1: (2022, 3), 2: (2022, 2), 3: (2022, 1), 10: (2022, 4)}
EXPECTED_2024_FROM_2023 = {1: (2023, 1), 2: (2023, 4), 3: (2023, 6), 6: (2023, 10)}


@pytest.mark.django_db
def test_import_matches_each_year_to_the_nearest_earlier_one():
    import_report(fixture("nor_2022_title_bullets.txt"), SEED, fixture("nor_2024_seed_layout.txt"))
    assert carried_over(2023) == EXPECTED_2023_FROM_2022
    # 2024 #4 (cooperation) and #5 (recruitment fees) are new asks: carried over from none.
    assert carried_over(2024) == EXPECTED_2024_FROM_2023
    first_2024 = Recommendation.objects.get(year=2024, position=1)
    assert first_2024.recurrence_years == 3
    assert CARRIED_OVER_THRESHOLD <= first_2024.carried_over_similarity <= 100


@pytest.mark.django_db
def test_an_earlier_year_imported_later_takes_over_the_matching():
    import_report(SEED, fixture("nor_2024_seed_layout.txt"))
    import_report(fixture("nor_2022_title_bullets.txt"))
    assert carried_over(2023) == EXPECTED_2023_FROM_2022
    assert Recommendation.objects.get(year=2024, position=1).recurrence_years == 3
    run = ImportRun.objects.first()  # 2022's rating and 4 recommendations; 4 of 2023 matched
    assert (run.created, run.updated, run.unchanged) == (5, 4, 0)
    # And when 2023 arrives after 2022 and 2024, 2024 moves from 2022 to 2023.
    Recommendation.objects.filter(year=2023).delete()
    import_report(fixture("nor_2022_title_bullets.txt"), fixture("nor_2024_seed_layout.txt"))
    assert set(carried_over(2024).values()) <= {(2022, n) for n in range(1, 5)}
    import_report(SEED)
    assert carried_over(2024) == EXPECTED_2024_FROM_2023


@pytest.mark.django_db
def test_a_confirmed_carried_over_survives_reimport():
    import_report(SEED, fixture("nor_2024_seed_layout.txt"))
    cooperation = Recommendation.objects.get(year=2024, position=4)
    target = Recommendation.objects.get(year=2023, position=9)
    set_carried_over(recommendation=cooperation, target=target)
    removed = Recommendation.objects.get(year=2024, position=1)
    remove_carried_over(recommendation=removed)
    import_report(SEED, fixture("nor_2024_seed_layout.txt"))
    cooperation.refresh_from_db()
    removed.refresh_from_db()
    assert (cooperation.carried_over_from, cooperation.carried_over_confirmed) == (target, True)
    assert (removed.carried_over_from, removed.carried_over_confirmed) == (None, True)
    assert cooperation.recurrence_years == 2 and removed.recurrence_years == 1


# Admin services ------------------------------------------------------------------------------


@pytest.fixture
def chain(db):
    norway = get_country("NOR")
    a = make_recommendation(norway, 2021, text="Adopt a national action plan.")
    b = make_recommendation(norway, 2022, text="Adopt a national action plan now.")
    c = make_recommendation(norway, 2023, text="Adopt and fund a national action plan.")
    set_carried_over(recommendation=b, target=a)
    set_carried_over(recommendation=c, target=b)
    return a, b, c


def test_set_carried_over_confirms_and_recomputes_the_chain(chain):
    a, b, c = chain
    assert (b.recurrence_years, c.recurrence_years) == (2, 3)
    assert b.carried_over_confirmed and b.carried_over_similarity > CARRIED_OVER_THRESHOLD
    remove_carried_over(recommendation=b)
    c.refresh_from_db()
    assert (b.carried_over_from, b.recurrence_years, c.recurrence_years) == (None, 1, 2)
    set_carried_over(recommendation=c, target=a)  # change: skip a year
    assert c.recurrence_years == 2


def test_set_carried_over_refuses_later_years_and_other_countries(chain):
    a, b, c = chain
    with pytest.raises(ValidationError, match="earlier report year"):
        set_carried_over(recommendation=a, target=c)
    other = make_recommendation(get_country("SWE"), 2021)
    with pytest.raises(ValidationError, match="same country"):
        set_carried_over(recommendation=b, target=other)


def test_carried_over_stays_one_to_one(chain):
    a, b, c = chain
    rival = make_recommendation(a.country, 2022, text="Something else.")
    with pytest.raises(ValidationError, match="already repeated"):
        set_carried_over(recommendation=rival, target=a)  # b carried over from a is confirmed
    Recommendation.objects.filter(pk=b.pk).update(carried_over_confirmed=False)
    set_carried_over(recommendation=rival, target=a)  # an automatic match gives way
    b.refresh_from_db()
    assert b.carried_over_from is None


def test_confirm_carried_over(db):
    rec = make_recommendation(get_country("NOR"), 2023)
    assert confirm_carried_over(recommendations=Recommendation.objects.filter(pk=rec.pk)) == 1
    rec.refresh_from_db()
    assert rec.carried_over_confirmed


# Dropped from the report -----------------------------------------------------------------------


@pytest.mark.django_db
def test_dropped_lists_what_the_next_year_does_not_repeat(django_assert_num_queries):
    import_report(SEED, fixture("nor_2024_seed_layout.txt"))
    norway = get_country("NOR")
    # One query: the previous year on record is a subquery.
    with django_assert_num_queries(1):
        dropped = list(Recommendation.objects.dropped().filter(country=norway))
    assert [(rec.year, rec.dropped_in, rec.position) for rec in dropped] == [
        (2023, 2024, position) for position in (2, 3, 5, 7, 8, 9)
    ]  # 2024, the last year on record, drops nothing yet
