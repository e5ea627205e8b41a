"""Writing a chapter import: the rows recommendations/imports.py planned (read and checked,
written nowhere), then the links, chain lengths and derived facts they change."""

from countries.services import refresh_derived_facts, save_ratings
from recommendations.models import Recommendation
from recommendations.services.links import refresh_chains, relink
from recommendations.services.themes import apply_rules
from recommendations.services.wording_groups import refresh_wording_groups
from tipwatch.core.importlog import ImportOutcome
from tipwatch.core.versions import atomic_write

# Positions are unique per country and year: moved rows pass through this range first.
TEMPORARY_POSITION_OFFSET = 20000


@atomic_write
def write_import_plan(*, plan):
    """Write an ImportPlan made in the caller's transaction: ratings, recommendations, links,
    themes, derived facts; the countries' cache versions bumped (and their status tallies rebuilt)
    once, at its end. Returns the ImportOutcome."""
    outcome = ImportOutcome()
    keys = {(chapter.country.pk, chapter.year) for chapter in plan.chapters}
    country_ids = {country_id for country_id, _ in keys}
    save_ratings(
        wanted={
            (chapter.country.pk, chapter.year): {
                "tier": chapter.tier,
                "summary": chapter.summary,
                "source": chapter.source,
                "basis": "",  # the chapter states the tier itself
            }
            for chapter in plan.chapters
        },
        counts=outcome.counts,
    )
    writes = plan.writes
    _save_recommendations(create=writes.create, change=writes.change, delete=writes.delete)
    _theme(keys)
    relinked = relink(country_years=keys)
    writes.count_relinked(relinked, keys)
    outcome.counts.update(writes.counts)
    outcome.warnings += plan.warnings
    outcome.links = sum(1 for rec in relinked if rec.carried_over_from_id)
    refresh_chains(country_ids=country_ids)
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


def _save_recommendations(*, create, change, delete):
    """Delete, move and reword, then create the planned recommendation rows, in bulk; a changed
    row carries its planned position as new_position."""
    if delete:
        Recommendation.objects.filter(pk__in=[rec.pk for rec in delete]).delete()
    moved = [rec for rec in change if rec.position != rec.new_position]
    # Two phases: out of the way first, so that no step breaks (country, year, position).
    for rec in moved:
        rec.position = TEMPORARY_POSITION_OFFSET + rec.new_position
    Recommendation.objects.bulk_update(moved, ["position"], batch_size=500)
    for rec in change:
        rec.position = rec.new_position
    Recommendation.objects.bulk_update(
        change, ["position", "text", "removed_from_report", "source"], batch_size=500
    )
    Recommendation.objects.bulk_create(create, batch_size=500)
