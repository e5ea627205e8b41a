"""Writes of recommendations' themes: the rules' themes (recommendations/themes.py) at import,
in demo data and by `manage.py apply_theme_rules`, and an admin's corrections, recorded with who
and when. A corrected recommendation keeps its themes: the rules never touch it again."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from recommendations.models import Recommendation, Theme, ThemeAction, ThemeCorrection
from recommendations.themes import classify_themes
from tipwatch.core.versions import atomic_write, changed

THEMED_PER_QUERY = 2000  # recommendations read, compared and written per round


def theme_rows(recommendations, theme_ids):
    """[(recommendation id, theme id)] the rules give these recommendations (with `text`)."""
    return [
        (rec.pk, theme_ids[slug]) for rec in recommendations for slug in classify_themes(rec.text)
    ]


# Atomic alone; inside an import's transaction no savepoint (a failure rolls back the run).
@transaction.atomic(savepoint=False)
def apply_rules(*, recommendations, theme_ids=None):
    """Give these recommendations (with pk and text) the rules' themes, except those an admin
    corrected, writing only the differences. Returns ThemeChanges. Bumps no page versions:
    the caller does, for the countries it wrote."""
    theme_ids = theme_ids or dict(Theme.objects.values_list("slug", "id"))
    slugs = {theme_id: slug for slug, theme_id in theme_ids.items()}
    ids = [rec.pk for rec in recommendations]
    corrected = set(
        Recommendation.objects.filter(pk__in=ids, themes_corrected=True).values_list(
            "pk", flat=True
        )
    )
    chosen = [rec for rec in recommendations if rec.pk not in corrected]
    through = Recommendation.themes.through
    wanted = set(theme_rows(chosen, theme_ids))
    stored = set(
        through.objects.filter(recommendation_id__in=[rec.pk for rec in chosen]).values_list(
            "recommendation_id", "theme_id"
        )
    )
    added, removed = wanted - stored, stored - wanted
    for theme_id in {theme_id for _, theme_id in removed}:
        through.objects.filter(
            theme_id=theme_id,
            recommendation_id__in=[rec_id for rec_id, other in removed if other == theme_id],
        ).delete()
    through.objects.bulk_create(
        [through(recommendation_id=rec_id, theme_id=theme_id) for rec_id, theme_id in added],
        batch_size=500,
    )
    result = ThemeChanges()
    for action, pairs in (("added", added), ("removed", removed)):
        for rec_id, theme_id in pairs:
            result.counts[slugs[theme_id], action] += 1
            result.recommendations.add(rec_id)
    return result


@dataclass
class ThemeChanges:
    """What applying the rules changed: {(slug, "added"|"removed"): n} and the ids of the
    recommendations whose themes changed."""

    counts: Counter = field(default_factory=Counter)
    recommendations: set = field(default_factory=set)

    def __iadd__(self, other):
        self.counts += other.counts
        self.recommendations |= other.recommendations
        return self


@atomic_write
def apply_rules_everywhere(*, progress=None):
    """The rules' themes for every recommendation no admin corrected, THEMED_PER_QUERY at a
    time (bounded memory), in one transaction. Idempotent: a second run changes nothing.
    Returns ThemeChanges; progress(n) is told after each round how many were read."""
    theme_ids = dict(Theme.objects.values_list("slug", "id"))
    result = ThemeChanges()
    countries = set()
    rows = Recommendation.objects.filter(themes_corrected=False).order_by("pk")
    last_id = 0
    while batch := list(
        rows.filter(pk__gt=last_id).only("pk", "text", "country_id")[:THEMED_PER_QUERY]
    ):
        last_id = batch[-1].pk
        changes = apply_rules(recommendations=batch, theme_ids=theme_ids)
        countries |= {rec.country_id for rec in batch if rec.pk in changes.recommendations}
        result += changes
        if progress:
            progress(len(batch))
    if countries:
        changed(scopes=countries, rebuild=False)
    return result


def _themes_named(names):
    """The Theme rows of these slugs (or Themes), refusing unknown ones with a clear message."""
    slugs = {name.slug if isinstance(name, Theme) else str(name) for name in names}
    found = Theme.objects.filter(slug__in=slugs).in_order()
    unknown = slugs - {theme.slug for theme in found}
    if unknown:
        raise ValidationError(f"Unknown theme {', '.join(sorted(unknown))}.")
    return list(found)


@atomic_write
def correct_themes(*, recommendation, add=(), remove=(), user):
    """An admin adds and removes themes of a recommendation: one ThemeCorrection per theme
    that changes (who and when), and the recommendation marked corrected, so that the rules
    (import, apply_theme_rules) never change its themes again. Adding a theme it has, or
    removing one it lacks, records nothing. Returns the corrections made."""
    add, remove = _themes_named(add), _themes_named(remove)
    both = {theme.slug for theme in add} & {theme.slug for theme in remove}
    if both:
        raise ValidationError(f"A theme cannot be both added and removed: {', '.join(both)}.")
    if not add and not remove:
        raise ValidationError("Choose a theme to add or to remove.")
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    has = set(locked.themes.values_list("pk", flat=True))
    to_add = [theme for theme in add if theme.pk not in has]
    to_remove = [theme for theme in remove if theme.pk in has]
    corrections = [
        ThemeCorrection(
            recommendation=locked, theme=theme, action=ThemeAction.ADD, corrected_by=user
        )
        for theme in to_add
    ] + [
        ThemeCorrection(
            recommendation=locked, theme=theme, action=ThemeAction.REMOVE, corrected_by=user
        )
        for theme in to_remove
    ]
    if not corrections:
        return []
    locked.themes.add(*to_add)
    locked.themes.remove(*to_remove)
    ThemeCorrection.objects.bulk_create(corrections)
    if not locked.themes_corrected:
        Recommendation.objects.filter(pk=locked.pk).update(themes_corrected=True)
    recommendation.themes_corrected = True
    changed(scopes=[locked.country_id], rebuild=False)
    return corrections
