"""Keeps each ask's place in /analysis/upgrades/ (Recommendation.next_report_group and
status_at_next_cutoff, by the rules of recommendations/upgrades.py): derived per country,
refreshed after every write to a country's ratings or statuses (registered in the app's
ready(), like the status tally), so the page only counts."""

from collections import defaultdict

from recommendations.upgrades import cutoff, next_report_group, status_at

IDS_PER_UPDATE = 5000  # SQLite allows 32,766 parameters per statement


def refresh_upgrade_facts(country_ids, *, recommendations=None, changes=None, ratings=None):
    """Recompute both facts of these countries' asks and write those that changed (three
    reads, then one UPDATE per distinct new value); a migration passes its own models."""
    from countries.models import TierRating
    from recommendations.models import Recommendation, StatusChange

    recommendations = recommendations or Recommendation
    changes, ratings = changes or StatusChange, ratings or TierRating
    ids = sorted(set(country_ids))
    if not ids:
        return 0
    next_group = {
        (country_id, year - 1): next_report_group(movement, previous_tier)
        for country_id, year, movement, previous_tier in ratings.objects.filter(
            country_id__in=ids
        ).values_list("country_id", "year", "movement", "previous_tier")
    }
    history = defaultdict(list)
    for rec_id, as_of, pk, status in changes.objects.filter(
        recommendation__country_id__in=ids
    ).values_list("recommendation_id", "as_of", "id", "status"):
        history[rec_id].append((as_of, pk, status))
    wanted = defaultdict(list)
    rows = recommendations.objects.filter(country_id__in=ids).values_list(
        "id", "country_id", "year", "next_report_group", "status_at_next_cutoff"
    )
    for pk, country_id, year, group, status in rows:
        new = (next_group.get((country_id, year), ""), status_at(history[pk], cutoff(year)))
        if new != (group, status):
            wanted[new].append(pk)
    for (group, status), pks in wanted.items():
        for start in range(0, len(pks), IDS_PER_UPDATE):
            recommendations.objects.filter(pk__in=pks[start : start + IDS_PER_UPDATE]).update(
                next_report_group=group, status_at_next_cutoff=status
            )
    return sum(len(pks) for pks in wanted.values())
