"""Themes written: by the rules at import and by apply_theme_rules, and by an admin's
corrections (recommendations/services/themes.py), which the rules then leave alone."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from countries.models import Country
from recommendations.models import Recommendation, Theme, ThemeAction, ThemeCorrection
from recommendations.services import apply_rules, correct_themes
from recommendations.themes import THEMES
from tests.factories import get_country, make_recommendation
from tests.recommendations.chapter_files import SEED

pytestmark = pytest.mark.django_db


def slugs(rec):
    return [theme.slug for theme in rec.themes.in_order()]


def retheme():
    out = io.StringIO()
    call_command("apply_theme_rules", "--quiet", stdout=out)
    return out.getvalue()


def test_migration_made_the_eighteen_themes_in_design_md_s_order():
    assert list(Theme.objects.in_order().values_list("slug", "label")) == THEMES
    assert list(Theme.objects.in_order().values_list("position", flat=True)) == list(range(1, 19))


def test_import_gives_each_recommendation_the_rules_themes():
    call_command("import_report", str(SEED), "--quiet")
    norway = Recommendation.objects.filter(country__iso3="NOR", year=2023)
    by_position = {rec.position: slugs(rec) for rec in norway}
    assert by_position[3] == ["data"]  # the statistical system
    assert by_position[7] == ["non_punishment"]
    assert by_position[10] == ["coordination"]  # the NAP
    assert by_position[1] == ["prosecution", "forced_labor"]


def test_a_correction_is_recorded_with_who_and_when_and_survives_rules_and_reimport(
    admin_user,
):
    call_command("import_report", str(SEED), "--quiet")
    rec = Recommendation.objects.get(country__iso3="NOR", year=2023, position=10)
    before = Country.objects.get(iso3="NOR").cache_version
    made = correct_themes(
        recommendation=rec, add=["awareness"], remove=["coordination"], user=admin_user
    )
    assert [(c.theme.slug, c.action, c.corrected_by) for c in made] == [
        ("awareness", ThemeAction.ADD, admin_user),
        ("coordination", ThemeAction.REMOVE, admin_user),
    ]
    rec.refresh_from_db()
    assert rec.themes_corrected and slugs(rec) == ["awareness"]
    assert Country.objects.get(iso3="NOR").cache_version > before  # its pages are outdated
    retheme()
    call_command("import_report", str(SEED), "--quiet")
    assert slugs(rec) == ["awareness"]
    assert ThemeCorrection.objects.filter(recommendation=rec).count() == 2


def test_the_command_reapplies_the_rules_to_uncorrected_ones_and_is_idempotent(admin_user):
    shelters = make_recommendation(text="Fund shelters for victims.")
    corrected = make_recommendation(text="Fund shelters for men.")
    nothing = make_recommendation(text="Continue efforts.")
    correct_themes(recommendation=corrected, add=["law"], user=admin_user)
    first = retheme()
    assert "2 recommendations read, 1 changed" in first  # the corrected one is not read
    assert "services: +1 -0" in first
    assert slugs(shelters) == ["services"] and slugs(corrected) == ["law"]
    assert slugs(nothing) == []  # no theme, never forced
    # rules changed their mind about a stored theme: the command takes it away
    shelters.themes.add(Theme.objects.get(slug="data"))
    assert "data: +0 -1" in retheme()
    assert "0 changed" in retheme()  # idempotent
    assert slugs(shelters) == ["services"]


def test_apply_rules_writes_only_the_differences():
    rec = make_recommendation(text="Train police to identify victims.")
    first = apply_rules(recommendations=[rec])
    assert dict(first.counts) == {("identification", "added"): 1, ("training", "added"): 1}
    assert not apply_rules(recommendations=[rec]).counts


@pytest.mark.parametrize(
    ("add", "remove", "message"),
    [
        (["no_such"], [], "Unknown theme no_such"),
        ([], [], "Choose a theme"),
        (["law"], ["law"], "both added and removed"),
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(admin_user, add, remove, message):
    rec = make_recommendation(text="Fund shelters.")
    with pytest.raises(ValidationError, match=message):
        correct_themes(recommendation=rec, add=add, remove=remove, user=admin_user)
    rec.refresh_from_db()
    assert not rec.themes_corrected and not ThemeCorrection.objects.exists()


def test_a_correction_that_changes_nothing_records_nothing(admin_user):
    rec = make_recommendation(text="Fund shelters.")
    apply_rules(recommendations=[rec])
    assert correct_themes(recommendation=rec, add=["services"], user=admin_user) == []
    rec.refresh_from_db()
    assert not rec.themes_corrected


def test_corrections_are_append_only(admin_user):
    rec = make_recommendation(text="Fund shelters.")
    (made,) = correct_themes(recommendation=rec, add=["law"], user=admin_user)
    made.action = ThemeAction.REMOVE
    with pytest.raises(ValidationError):
        made.save()
    with pytest.raises(ValidationError):
        made.delete()


def test_the_admin_s_save_of_a_reworded_recommendation_rethemes_it():
    from recommendations.services import save_recommendation

    rec = make_recommendation(get_country("NOR"), text="Fund shelters.")
    rec.text = "Train judges."
    save_recommendation(recommendation=rec)
    assert slugs(rec) == ["training"]


def test_a_reimport_keeps_a_recommendation_whose_themes_an_admin_corrected(tmp_path, admin_user):
    call_command("import_report", str(SEED), "--quiet")
    first = Recommendation.objects.get(country__iso3="NOR", year=2023, position=1)
    correct_themes(recommendation=first, add=["complicity"], user=admin_user)
    lines = SEED.read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not line.startswith("Expand efforts to investigate")]
    edited = tmp_path / "NOR_2023.txt"
    edited.write_text("\n".join(lines), encoding="utf-8")
    # The edited chapter changes the summary on record: the overwrite is confirmed.
    call_command("import_report", str(edited), "--quiet", "--overwrite")
    first.refresh_from_db()
    assert first.removed_from_report and "complicity" in slugs(first)
    assert ThemeCorrection.objects.filter(recommendation=first).count() == 1
