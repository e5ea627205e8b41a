"""Writes of recurrence links and pillars: the import's automatic links and chain lengths,
and an admin's corrections (confirm, set or remove a link; set the pillar).

Which recommendation repeats which is decided by recommendations/recurrence.py (pure matching);
this module reads the rows, applies its answer and keeps the chains' lengths true.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction

from recommendations.models import Pillar, Recommendation
from recommendations.recurrence import (
    ChainRow,
    chain_lengths,
    dropped_years,
    link_year,
    similarity,
)
from recommendations.services.themes import apply_rules
from tipwatch.core.versions import atomic_write, changed

LINK_ACTIONS = ("confirm", "set", "remove")
IDS_PER_UPDATE = 5000  # SQLite allows 32,766 parameters per statement


# Atomic alone; inside an import's transaction no savepoint (a failure rolls back the run).
@transaction.atomic(savepoint=False)
def relink(*, country_years):
    """Recompute the automatic links of the given (country_id, year)s and of the next year on
    record after each; return the recommendations whose link changed (saved).

    Each year links to the nearest earlier year of the same country that has recommendations.
    """
    years_of = Recommendation.objects.in_report().years_by_country(
        {country_id for country_id, _ in country_years}
    )
    to_link = set()  # (country, year, previous year)
    for country_id, year in country_years:
        to_link.update(_years_to_link(country_id, year, years_of[country_id]))
    if not to_link:
        return []
    rows = Recommendation.objects.in_report().linking_rows(
        country_ids={c for c, _, _ in to_link},
        years={y for _, target, previous in to_link for y in (target, previous)},
    )
    changed = []
    for country_id, target, previous in sorted(to_link):
        changed += link_year(rows[country_id, target], rows[country_id, previous])
    Recommendation.objects.bulk_update(
        changed, ["carried_over_from", "link_similarity"], batch_size=500
    )
    return changed


def _years_to_link(country_id, year, years):
    """(country, year, previous year) for `year` (when it has recommendations) and the next
    year on record after it, each with the nearest earlier year that has recommendations."""
    years = sorted(years)
    later = [y for y in years if y > year]
    for target in ([year] if year in years else []) + later[:1]:
        earlier = [y for y in years if y < target]
        if earlier:
            yield (country_id, target, earlier[-1])


@transaction.atomic(savepoint=False)
def refresh_chains(*, country_ids):
    """Recompute what the links and years of these countries' recommendations imply, from one
    read of their rows: recurrence_years (the chain's length) and dropped_in (the dropped
    list's column). Run after their years, links or report membership changed; return how
    many values changed."""
    rows, stored = _chain_rows(country_ids, "recurrence_years", "dropped_in")
    return _write_changed("recurrence_years", chain_lengths(rows), stored["recurrence_years"]) + (
        _write_changed("dropped_in", dropped_years(rows), stored["dropped_in"])
    )


@transaction.atomic(savepoint=False)
def refresh_dropped(*, country_ids):
    """dropped_in alone (refresh_chains does both); return how many changed."""
    rows, stored = _chain_rows(country_ids, "dropped_in")
    return _write_changed("dropped_in", dropped_years(rows), stored["dropped_in"])


def _chain_rows(country_ids, *fields):
    """The countries' rows as ChainRows, and {field: {pk: its stored value}} (one query)."""
    values = Recommendation.objects.filter(country_id__in=set(country_ids)).values_list(
        *ChainRow._fields, *fields
    )
    rows, stored = [], {field: {} for field in fields}
    for row in values:
        chain_row = ChainRow(*row[: len(ChainRow._fields)])
        rows.append(chain_row)
        for field, value in zip(fields, row[len(ChainRow._fields) :], strict=True):
            stored[field][chain_row.pk] = value
    return rows, stored


def _write_changed(field, wanted, stored):
    """Set field to wanted[pk] where it differs from stored[pk]: one UPDATE per value (a few
    years or chain lengths), cheaper than a CASE over every row, ids bounded per statement."""
    changed = defaultdict(list)
    for pk, value in wanted.items():
        if stored[pk] != value:
            changed[value].append(pk)
    for value, ids in changed.items():
        for start in range(0, len(ids), IDS_PER_UPDATE):
            chunk = ids[start : start + IDS_PER_UPDATE]
            Recommendation.objects.filter(pk__in=chunk).update(**{field: value})
    return sum(len(ids) for ids in changed.values())


def check_link(*, recommendation, target):
    """Raise ValidationError unless recommendation may repeat target; return the recommendation
    of the same year that repeats target now (an automatic link set_link will undo), if any."""
    if target is None:
        return None
    if target.country_id != recommendation.country_id or target.year >= recommendation.year:
        raise ValidationError(
            {
                "carried_over_from": "A recommendation can only repeat one of the same country "
                "from an earlier report year."
            }
        )
    rival = Recommendation.objects.repeating(
        target, year=recommendation.year, besides=recommendation
    )
    if rival and rival.link_confirmed:
        raise ValidationError(
            {
                "carried_over_from": f"{target} is already repeated by {rival} (a confirmed "
                "link); remove that link first."
            }
        )
    return rival


@atomic_write
def set_link(*, recommendation, target):
    """An admin links recommendation to target (None: it repeats nothing); the link is then
    confirmed, and the chain lengths recomputed. Keeps links one to one."""
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    rival = check_link(recommendation=rec, target=target)
    if rival:
        rival.carried_over_from, rival.link_similarity = None, None
        rival.save(update_fields=["carried_over_from", "link_similarity"])
    rec.carried_over_from = target
    rec.link_similarity = round(similarity(rec.text, target.text), 1) if target else None
    rec.link_confirmed = True
    rec.save(update_fields=["carried_over_from", "link_similarity", "link_confirmed"])
    refresh_chains(country_ids=[rec.country_id])
    recommendation.refresh_from_db()
    return recommendation


def remove_link(*, recommendation):
    """An admin says this recommendation repeats nothing; imports will not link it again."""
    return set_link(recommendation=recommendation, target=None)


@atomic_write
def confirm_links(*, recommendations):
    """An admin confirms the current links (or their absence) of these recommendations."""
    ids = sorted(rec.pk for rec in recommendations)
    rows = Recommendation.objects.filter(pk__in=ids)
    countries = set(rows.select_for_update().order_by("pk").values_list("country_id", flat=True))
    confirmed = rows.filter(link_confirmed=False).update(link_confirmed=True)
    changed(scopes=countries)
    return confirmed


@atomic_write
def change_link(*, recommendation, action, target=None):
    """An admin confirms the recommendation's link (or its absence), sets it to target (one of
    its link candidates) or removes it. The link is then confirmed, so imports keep it."""
    if action not in LINK_ACTIONS:
        raise ValidationError(f"Unknown action {action!r}: use confirm, set or remove.")
    if action == "confirm":
        confirm_links(recommendations=[recommendation])
    elif action == "remove":
        set_link(recommendation=recommendation, target=None)
    else:
        if target is None:
            raise ValidationError("Choose the earlier recommendation this one repeats.")
        if not Recommendation.objects.link_candidates(recommendation).filter(pk=target.pk).exists():
            raise ValidationError(
                f"{target} cannot be linked: a recommendation can only repeat one of "
                f"{recommendation.country}'s nearest earlier report year on record."
            )
        set_link(recommendation=recommendation, target=target)
    changed(scopes=[recommendation.country_id])
    recommendation.refresh_from_db()
    return recommendation


KEEP_LINK = object()


@atomic_write
def save_recommendation(*, recommendation, new_link=KEEP_LINK):
    """Save an admin's edit of a recommendation's own fields. A new link (an earlier
    recommendation, or None for "repeats nothing") goes through set_link: checked, confirmed,
    kept one to one, and the chain lengths recomputed."""
    stored_country, stored_link = (
        Recommendation.objects.stored(recommendation.pk, "country_id", "carried_over_from_id")
        if recommendation.pk
        else (None, None)
    )
    if new_link is not KEEP_LINK:
        # The row keeps its stored link until set_link has checked the new one.
        recommendation.carried_over_from_id = stored_link
    recommendation.save()
    apply_rules(recommendations=[recommendation])  # its text may have changed
    if new_link is not KEEP_LINK:
        set_link(recommendation=recommendation, target=new_link)
    # A new year, a year or country changed, or "removed from report" moves chains and what is
    # dropped, in the country it left too.
    refresh_chains(country_ids={recommendation.country_id, stored_country} - {None})
    return recommendation


@atomic_write
def set_pillar(*, recommendation, pillar):
    """An admin sets the pillar; imports never classify an existing recommendation again."""
    if pillar not in Pillar.values:
        raise ValidationError(
            f"Unknown pillar {pillar!r}: choose one of {', '.join(Pillar.labels)}."
        )
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if locked.pillar != pillar:
        Recommendation.objects.filter(pk=locked.pk).update(pillar=pillar)
        changed(scopes=[locked.country_id])
    recommendation.pillar = pillar
    return recommendation
