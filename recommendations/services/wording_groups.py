"""Writes the groups of asks repeated across countries (Recommendation.wording_group), which
recommendations/wording_groups.py decides: after an import, the demo data and the re-theme
command, so the analysis pages and a recommendation's page read them, never compute them."""

from recommendations.models import Recommendation
from recommendations.wording_groups import Ask, keys_for_years
from tipwatch.core.versions import atomic_write, changed

IDS_PER_UPDATE = 5000  # SQLite allows 32,766 parameters per statement


@atomic_write
def refresh_wording_groups(*, from_year=None):
    """Group every report year's asks from `from_year` (all years when None) on, chained to the
    year before it as stored; write the keys that changed. The countries whose pages show a
    changed group (its members' countries, before and after) get new page versions. Returns
    how many recommendations changed group."""
    recs = Recommendation.objects.all()
    asks_by_year, stored = {}, {}
    rows = recs.filter(year__gte=from_year) if from_year else recs
    for pk, country_id, year, text, key, removed in rows.wording_rows():
        if not removed:  # one a re-import dropped is in no group
            asks_by_year.setdefault(year, []).append(Ask(pk, country_id, text))
        stored[pk] = (key, country_id)
    previous = recs.group_leaders(min(asks_by_year) - 1) if asks_by_year and from_year else []
    keys = keys_for_years(asks_by_year, previous)
    moved = [pk for pk, (key, _) in stored.items() if keys.get(pk) != key]
    touched = {stored[pk][0] for pk in moved} | {keys.get(pk) for pk in moved}
    touched.discard(None)
    countries = {
        country_id
        for pk, (key, country_id) in stored.items()
        if key in touched or keys.get(pk) in touched
    }
    by_key = {}
    for pk in moved:
        by_key.setdefault(keys.get(pk), []).append(pk)
    for key, ids in by_key.items():
        for start in range(0, len(ids), IDS_PER_UPDATE):
            Recommendation.objects.filter(pk__in=ids[start : start + IDS_PER_UPDATE]).update(
                wording_group=key
            )
    if countries:
        changed(scopes=countries, rebuild=False)
    return len(moved)
