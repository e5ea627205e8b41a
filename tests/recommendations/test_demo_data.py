import datetime
import io
import random

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max

from countries.models import Country, TierRating
from countries.services import refresh_derived_facts
from recommendations.demo_data import generate, size_for_scale
from recommendations.models import Recommendation, Status, StatusChange
from recommendations.services import refresh_dropped
from recommendations.themes import THEME_SLUGS, classify_themes
from tests.factories import get_country, make_rating, make_recommendation, make_status

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 30)
SMALL = 0.02  # 4 of the 189 countries


def test_small_scale_has_the_planned_shape():
    written = generate(scale=SMALL, seed=1, today=TODAY)
    countries = TierRating.objects.values("country").distinct().count()
    ratings = TierRating.objects.count()
    assert countries == 4
    assert 4 * 20 <= ratings <= 4 * 25
    assert Recommendation.objects.count() == ratings * 10
    assert StatusChange.objects.count() == ratings * 100
    assert written == {
        "tier ratings": ratings,
        "recommendations": ratings * 10,
        "status changes": ratings * 100,
        "theme links": Recommendation.themes.through.objects.count(),
    }
    assert TierRating.objects.aggregate(last=Max("year"))["last"] == 2025
    # Each rated country-year has exactly positions 1..10.
    per_year = Recommendation.objects.values("country", "year").annotate(n=Count("id"))
    assert {row["n"] for row in per_year} == {10}


def test_every_row_is_marked_synthetic():
    generate(scale=SMALL, seed=1, today=TODAY)
    assert not TierRating.objects.filter(is_synthetic=False).exists()
    assert not Recommendation.objects.filter(is_synthetic=False).exists()
    assert not StatusChange.objects.filter(is_synthetic=False).exists()


def test_current_status_matches_the_generated_history():
    generate(scale=SMALL, seed=2, today=TODAY)
    changes = {}
    for change in StatusChange.objects.order_by("as_of", "id"):
        changes.setdefault(change.recommendation_id, []).append(change)
    for rec in Recommendation.objects.all():
        history = changes[rec.pk]
        latest = history[-1]
        assert (rec.status, rec.status_as_of, rec.status_version) == (
            latest.status,
            latest.as_of,
            len(history),
        )
        dates = [c.as_of for c in history]
        assert dates == sorted(set(dates)), "as-of dates strictly increase"
        assert datetime.date(rec.year, 1, 1) <= dates[0] and dates[-1] <= TODAY
        assert all(c.status != Status.NOT_ASSESSED and c.note for c in history)


def test_recurring_chains_are_consistent():
    generate(scale=SMALL, seed=3, today=TODAY)
    recs = {rec.pk: rec for rec in Recommendation.objects.all()}
    linked = [rec for rec in recs.values() if rec.carried_over_from_id]
    assert linked, "some recommendations recur"
    for rec in linked:
        origin = recs[rec.carried_over_from_id]
        assert origin.country_id == rec.country_id and origin.year < rec.year
        assert origin.pillar == rec.pillar
        assert rec.recurrence_years == origin.recurrence_years + 1
    assert all(r.recurrence_years == 1 for r in recs.values() if not r.carried_over_from_id)


def test_dropped_years_are_those_the_service_derives():
    generate(scale=SMALL, seed=3, today=TODAY)
    assert Recommendation.objects.dropped().exists(), "some recommendations are dropped"
    countries = Recommendation.objects.values_list("country", flat=True).distinct()
    assert refresh_dropped(country_ids=list(countries)) == 0, "nothing left to correct"


def test_tier_facts_are_those_the_service_derives():
    generate(scale=0.05, seed=4, today=TODAY)
    countries = TierRating.objects.values_list("country", flat=True).distinct()
    assert refresh_derived_facts(country_ids=list(countries)) == 0, "nothing left to correct"


def test_same_seed_gives_the_same_data():
    def snapshot():
        return (
            list(TierRating.objects.order_by("country", "year").values_list("country", "tier")),
            list(Recommendation.objects.order_by("id").values_list("text", "status")),
        )

    generate(scale=SMALL, seed=5, today=TODAY)
    first = snapshot()
    generate(scale=SMALL, seed=5, today=TODAY)
    assert snapshot() == first
    generate(scale=SMALL, seed=6, today=TODAY)
    assert snapshot() != first


def test_a_second_run_replaces_the_synthetic_data():
    call_command("generate_demo_data", "--scale", str(SMALL), "--seed", "7")
    counts = (Recommendation.objects.count(), StatusChange.objects.count())
    call_command("generate_demo_data", "--scale", str(SMALL), "--seed", "7")
    assert (Recommendation.objects.count(), StatusChange.objects.count()) == counts
    # The id sequences continue after the generated ids.
    top = Recommendation.objects.aggregate(top=Max("id"))["top"]
    assert make_recommendation(year=2001, position=99).pk > top


def test_refuses_a_database_with_real_data():
    make_rating(get_country("NOR"), 2023, "2")
    rec = make_recommendation(year=2023)
    make_status(rec)
    with pytest.raises(CommandError, match="real data .*--force"):
        call_command("generate_demo_data", "--scale", str(SMALL))
    assert TierRating.objects.filter(is_synthetic=True).count() == 0
    assert Recommendation.objects.get().pk == rec.pk


def test_force_replaces_real_data():
    make_rating(get_country("NOR"), 2023, "2")
    make_status(make_recommendation(year=2023))
    call_command("generate_demo_data", "--scale", str(SMALL), "--force")
    assert not Recommendation.objects.filter(is_synthetic=False).exists()
    assert not StatusChange.objects.filter(is_synthetic=False).exists()
    assert Recommendation.objects.exists()


@pytest.mark.parametrize("scale", ["0", "-1", "nan", "inf", "1e9"])
def test_rejects_a_scale_that_is_not_positive(scale):
    with pytest.raises(CommandError, match="positive"):
        call_command("generate_demo_data", "--scale", scale)


def test_scale_is_a_share_of_countries_below_one_and_a_multiple_above():
    total = Country.objects.count()
    below = size_for_scale(0.1, random.Random(0))
    assert len(below.countries) == round(total * 0.1)
    assert below.recommendations_per_year == 10
    above = size_for_scale(10, random.Random(0))
    assert len(above.countries) == total
    assert above.recommendations_per_year == 100


def test_asks_carry_the_rules_themes_across_every_theme():
    generate(scale=SMALL, seed=1, today=TODAY)
    recs = Recommendation.objects.prefetch_related("themes")
    seen = set()
    for rec in recs:
        themes = [theme.slug for theme in rec.themes.all()]
        assert themes == classify_themes(rec.text), rec.text
        seen.update(themes)
    assert seen == set(THEME_SLUGS)


def test_no_country_name_is_a_theme_keyword():
    # Demo texts end "in <country>."; their themes are computed without the name.
    assert {
        name: classify_themes(name)
        for name in Country.objects.values_list("name", flat=True)
        if classify_themes(name)
    } == {}


def test_asks_beside_the_real_tiers_keep_ratings_and_real_asks():
    norway = get_country("NOR")
    make_rating(norway, 2022, "2")
    make_rating(norway, 2023, "2")
    make_rating(get_country("LBY"), 2023, "SC")
    make_rating(get_country("TCD"), 2009, "2")  # before the asks' first year
    real = make_recommendation(norway, 2023, text="Fund shelters.")
    ratings = list(TierRating.objects.order_by("pk").values_list("pk", "tier", "is_synthetic"))
    out = io.StringIO()
    call_command("generate_demo_data", "--beside-real-tiers", stdout=out)
    assert "10 recommendations" in out.getvalue()
    assert list(TierRating.objects.order_by("pk").values_list("pk", "tier", "is_synthetic")) == (
        ratings
    )
    synthetic = Recommendation.objects.filter(is_synthetic=True)
    assert set(synthetic.values_list("country__iso3", "year")) == {("NOR", 2022)}
    assert list(Recommendation.objects.filter(year=2023)) == [real]
    assert all(rec.themes.exists() or not classify_themes(rec.text) for rec in synthetic)
    assert StatusChange.objects.filter(is_synthetic=True).count() == 30
    call_command("generate_demo_data", "--beside-real-tiers", stdout=out)
    assert "Nothing written" in out.getvalue() and synthetic.count() == 10
