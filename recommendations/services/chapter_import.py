"""Writing a chapter import: the ImportPlan recommendations/chapter_planning.py made (read,
checked and settled, written nowhere), then carried_over_from, recurrence_years and derived facts it
changes. The plan is written as it is: nothing in it is changed here."""

from countries.services import refresh_derived_facts, save_ratings
from recommendations.chapter_planning import carried_over_counts
from recommendations.models import Recommendation
from recommendations.services.carried_over import match_carried_over, refresh_recurrence
from recommendations.services.themes import apply_rules
from recommendations.services.wording_groups import refresh_wording_groups
from tipwatch.core.importlog import ImportOutcome
from tipwatch.core.versions import atomic_write

# Positions are unique per country and year: moved rows pass through this range first.
TEMPORARY_POSITION_OFFSET = 20000


@atomic_write
def write_import_plan(*, plan):
    """Write an ImportPlan made in the caller's transaction: ratings, recommendations,
    carried_over_from, themes, derived facts; the countries' cache versions bumped (and their
    status tallies rebuilt) once, at its end. Returns the ImportOutcome (with the plan's
    decisions)."""
    outcome = ImportOutcome()
    keys = {key for key, _ in plan.ratings}
    country_ids = {country_id for country_id, _ in keys}
    save_ratings(wanted=dict(plan.ratings), counts=outcome.counts)
    _save_recommendations(plan)
    _theme(keys)
    matched = match_carried_over(country_years=keys)
    outcome.counts.update(dict(plan.counts))
    outcome.counts.update(carried_over_counts(plan, matched, keys))
    outcome.warnings += plan.warnings
    outcome.decisions = list(plan.decisions)
    outcome.imported = [chapter.name for chapter in plan.chapters]
    outcome.carried_over = sum(1 for rec in matched if rec.carried_over_from_id)
    refresh_recurrence(country_ids=country_ids)
    refresh_derived_facts(country_ids=country_ids)
    if keys:
        refresh_wording_groups(from_year=min(year for _, year in keys))
    return outcome


def _theme(keys):
    """The rules' themes for the imported chapters' recommendations (new and reworded ones
    change; those an admin corrected keep theirs)."""
    rows = Recommendation.objects.filter(
        country_id__in={country_id for country_id, _ in keys},
        year__in={year for _, year in keys},
    ).only("pk", "text", "country_id", "year")
    apply_rules(recommendations=[rec for rec in rows if (rec.country_id, rec.year) in keys])


def _save_recommendations(plan):
    """Delete, move and reword, then create the planned recommendation rows, in bulk."""
    if plan.delete:
        Recommendation.objects.filter(pk__in=plan.delete).delete()
    moved = [
        Recommendation(pk=update.pk, position=TEMPORARY_POSITION_OFFSET + update.position)
        for update in plan.update
        if update.position != update.old_position
    ]
    # Two phases: out of the way first, so that no step breaks (country, year, position).
    Recommendation.objects.bulk_update(moved, ["position"], batch_size=500)
    Recommendation.objects.bulk_update(
        [
            Recommendation(
                pk=update.pk,
                position=update.position,
                text=update.text,
                removed_from_report=update.removed_from_report,
                source=update.source,
            )
            for update in plan.update
        ],
        ["position", "text", "removed_from_report", "source"],
        batch_size=500,
    )
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                country_id=new.country_id,
                year=new.year,
                position=new.position,
                text=new.text,
                pillar=new.pillar,
                source=new.source,
            )
            for new in plan.create
        ],
        batch_size=500,
    )
