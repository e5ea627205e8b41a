"""Writes of what each recommendation is carried over from (carried_over_from) and of the
pillar: the import's automatic matching and the recurrence chains' lengths, and an admin's
corrections (confirm, set or remove what it is carried over from; set the pillar).

Which recommendation repeats which is decided by recommendations/recurrence.py (pure matching);
this module reads the rows, applies its answer and keeps recurrence_years true.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction

from recommendations.models import Pillar, Recommendation
from recommendations.recurrence import (
    RecurrenceRow,
    dropped_years,
    match_year,
    recurrence_years_of,
    similarity,
)
from recommendations.services.themes import apply_rules
from tipwatch.core.versions import atomic_write, changed

CARRIED_OVER_ACTIONS = ("confirm", "set", "remove")
IDS_PER_UPDATE = 5000  # SQLite allows 32,766 parameters per statement


# Atomic alone; inside an import's transaction no savepoint (a failure rolls back the run).
@transaction.atomic(savepoint=False)
def match_carried_over(*, country_years):
    """Match again what the recommendations of the given (country_id, year)s and of the next
    year on record after each are carried over from; return those whose carried_over_from
    changed (saved).

    Each year is matched against the nearest earlier year of the same country that has
    recommendations.
    """
    years_of = Recommendation.objects.in_report().years_by_country(
        {country_id for country_id, _ in country_years}
    )
    to_match = set()  # (country, year, previous year)
    for country_id, year in country_years:
        to_match.update(_years_to_match(country_id, year, years_of[country_id]))
    if not to_match:
        return []
    rows = Recommendation.objects.in_report().carried_over_rows(
        country_ids={c for c, _, _ in to_match},
        years={y for _, target, previous in to_match for y in (target, previous)},
    )
    changed = []
    for country_id, target, previous in sorted(to_match):
        changed += match_year(rows[country_id, target], rows[country_id, previous])
    Recommendation.objects.bulk_update(
        changed, ["carried_over_from", "carried_over_similarity"], batch_size=500
    )
    return changed


def _years_to_match(country_id, year, years):
    """(country, year, previous year) for `year` (when it has recommendations) and the next
    year on record after it, each with the nearest earlier year that has recommendations."""
    years = sorted(years)
    later = [y for y in years if y > year]
    for target in ([year] if year in years else []) + later[:1]:
        earlier = [y for y in years if y < target]
        if earlier:
            yield (country_id, target, earlier[-1])


@transaction.atomic(savepoint=False)
def refresh_recurrence(*, country_ids):
    """Recompute what carried_over_from and the years of these countries' recommendations
    imply, from one read of their rows: recurrence_years (the recurrence chain's length) and
    dropped_in (the dropped list's column). Run after their years, carried_over_from or report
    membership changed; return how many values changed."""
    rows, stored = _recurrence_rows(country_ids, "recurrence_years", "dropped_in")
    return _write_changed(
        "recurrence_years", recurrence_years_of(rows), stored["recurrence_years"]
    ) + (_write_changed("dropped_in", dropped_years(rows), stored["dropped_in"]))


@transaction.atomic(savepoint=False)
def refresh_dropped(*, country_ids):
    """dropped_in alone (refresh_recurrence does both); return how many changed."""
    rows, stored = _recurrence_rows(country_ids, "dropped_in")
    return _write_changed("dropped_in", dropped_years(rows), stored["dropped_in"])


def _recurrence_rows(country_ids, *fields):
    """The countries' rows as RecurrenceRows, and {field: {pk: its stored value}} (one query)."""
    values = Recommendation.objects.filter(country_id__in=set(country_ids)).values_list(
        *RecurrenceRow._fields, *fields
    )
    rows, stored = [], {field: {} for field in fields}
    for row in values:
        recurrence_row = RecurrenceRow(*row[: len(RecurrenceRow._fields)])
        rows.append(recurrence_row)
        for field, value in zip(fields, row[len(RecurrenceRow._fields) :], strict=True):
            stored[field][recurrence_row.pk] = value
    return rows, stored


def _write_changed(field, wanted, stored):
    """Set field to wanted[pk] where it differs from stored[pk]: one UPDATE per value (a few
    years or recurrence_years), cheaper than a CASE over every row, ids bounded per statement."""
    changed = defaultdict(list)
    for pk, value in wanted.items():
        if stored[pk] != value:
            changed[value].append(pk)
    for value, ids in changed.items():
        for start in range(0, len(ids), IDS_PER_UPDATE):
            chunk = ids[start : start + IDS_PER_UPDATE]
            Recommendation.objects.filter(pk__in=chunk).update(**{field: value})
    return sum(len(ids) for ids in changed.values())


def check_carried_over(*, recommendation, target):
    """Raise ValidationError unless recommendation may repeat target; return the recommendation
    of the same year that repeats target now (automatically; set_carried_over undoes it), if
    any."""
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
    if rival and rival.carried_over_confirmed:
        raise ValidationError(
            {
                "carried_over_from": f"{target} is already repeated by {rival} "
                "(confirmed by an admin); remove that first."
            }
        )
    return rival


@atomic_write
def set_carried_over(*, recommendation, target):
    """An admin says recommendation is carried over from target (None: it repeats nothing);
    that is then confirmed, and recurrence_years recomputed. Keeps the relation one to one."""
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    rival = check_carried_over(recommendation=rec, target=target)
    if rival:
        rival.carried_over_from, rival.carried_over_similarity = None, None
        rival.save(update_fields=["carried_over_from", "carried_over_similarity"])
    rec.carried_over_from = target
    rec.carried_over_similarity = round(similarity(rec.text, target.text), 1) if target else None
    rec.carried_over_confirmed = True
    rec.save(
        update_fields=["carried_over_from", "carried_over_similarity", "carried_over_confirmed"]
    )
    refresh_recurrence(country_ids=[rec.country_id])
    recommendation.refresh_from_db()
    return recommendation


def remove_carried_over(*, recommendation):
    """An admin says this recommendation repeats nothing; imports will not match it again."""
    return set_carried_over(recommendation=recommendation, target=None)


@atomic_write
def confirm_carried_over(*, recommendations):
    """An admin confirms what these recommendations are carried over from (or that they repeat
    nothing)."""
    ids = sorted(rec.pk for rec in recommendations)
    rows = Recommendation.objects.filter(pk__in=ids)
    countries = set(rows.select_for_update().order_by("pk").values_list("country_id", flat=True))
    confirmed = rows.filter(carried_over_confirmed=False).update(carried_over_confirmed=True)
    changed(scopes=countries)
    return confirmed


@atomic_write
def change_carried_over(*, recommendation, action, target=None):
    """An admin confirms what the recommendation is carried over from (or that it repeats
    nothing), sets it to target (one of its carried_over_candidates) or removes it. It is then
    confirmed, so imports keep it."""
    if action not in CARRIED_OVER_ACTIONS:
        raise ValidationError(f"Unknown action {action!r}: use confirm, set or remove.")
    if action == "confirm":
        confirm_carried_over(recommendations=[recommendation])
    elif action == "remove":
        set_carried_over(recommendation=recommendation, target=None)
    else:
        if target is None:
            raise ValidationError("Choose the earlier recommendation this one repeats.")
        if (
            not Recommendation.objects.carried_over_candidates(recommendation)
            .filter(pk=target.pk)
            .exists()
        ):
            raise ValidationError(
                f"It cannot be carried over from {target}: a recommendation can only repeat one of "
                f"{recommendation.country}'s nearest earlier report year on record."
            )
        set_carried_over(recommendation=recommendation, target=target)
    changed(scopes=[recommendation.country_id])
    recommendation.refresh_from_db()
    return recommendation


KEEP_CARRIED_OVER = object()


@atomic_write
def save_recommendation(*, recommendation, new_carried_over_from=KEEP_CARRIED_OVER):
    """Save an admin's edit of a recommendation's own fields. A new carried_over_from (an
    earlier recommendation, or None for "repeats nothing") goes through set_carried_over:
    checked, confirmed, kept one to one, and recurrence_years recomputed."""
    stored_country, stored_from = (
        Recommendation.objects.stored(recommendation.pk, "country_id", "carried_over_from_id")
        if recommendation.pk
        else (None, None)
    )
    if new_carried_over_from is not KEEP_CARRIED_OVER:
        # The row keeps its stored carried_over_from until set_carried_over has checked the new.
        recommendation.carried_over_from_id = stored_from
    recommendation.save()
    apply_rules(recommendations=[recommendation])  # its text may have changed
    if new_carried_over_from is not KEEP_CARRIED_OVER:
        set_carried_over(recommendation=recommendation, target=new_carried_over_from)
    # A new year, a year or country changed, or "removed from report" moves recurrence chains
    # and what is dropped, in the country it left too.
    refresh_recurrence(country_ids={recommendation.country_id, stored_country} - {None})
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
