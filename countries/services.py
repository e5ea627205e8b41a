"""Writes to tier ratings. Each public function is one atomic action."""

from django.core.exceptions import ValidationError
from django.db import transaction

from countries.models import TierRating
from countries.tiers import MAX_WAIVERS, derive_history
from tipwatch.core.versions import atomic_write, changed

DERIVED_FIELDS = [
    "movement",
    "previous_tier",
    "watch_list_years",
    "at_risk",
    "auto_downgrade",
    "waiver_granted",
    "waivers_used",
]


@atomic_write
def refresh_derived_facts(*, country_ids):
    """Recompute movement, Watch List streak and downgrade risk for the given countries.

    Call after any change to their ratings: one year's facts depend on the years before it.
    """
    by_country = TierRating.objects.histories(country_ids)
    updated = []
    for country_ratings in by_country.values():
        facts = derive_history([(r.year, r.tier, r.waiver) for r in country_ratings])
        for rating, fact in zip(country_ratings, facts, strict=True):
            new_values = {field: getattr(fact, field) for field in DERIVED_FIELDS}
            if any(getattr(rating, f) != v for f, v in new_values.items()):
                for field, value in new_values.items():
                    setattr(rating, field, value)
                updated.append(rating)
    TierRating.objects.bulk_update(updated, DERIVED_FIELDS, batch_size=500)
    changed(scopes=country_ids)
    return len(updated)


@atomic_write
def set_waiver(*, country, year, granted):
    """Record (granted=True) or withdraw a waiver of the automatic downgrade for one country and
    report year, then recompute the country's derived facts (which bumps the data version).

    Raises TierRating.DoesNotExist when the year has no rating, ValidationError when the year
    cannot carry a waiver or the run would have more than MAX_WAIVERS.
    """
    rating = TierRating.objects.select_for_update().get(country=country, year=year)
    if problem := rating.waiver_problem():
        raise ValidationError(problem)
    if granted and not rating.waiver:
        history = TierRating.objects.histories([country.pk])[country.pk]
        rows = [(r.year, r.tier, r.waiver or r.year == year) for r in history]
        facts = derive_history(rows)
        run_end = _run_end(facts, year)
        granted_in_run = _waivers_in_run(facts, run_end)
        if granted_in_run > MAX_WAIVERS:
            raise ValidationError(
                f"This Watch List run (to {run_end.year}) already carries {MAX_WAIVERS} "
                "waivers, the most the law allows."
            )
    rating.waiver = granted
    TierRating.objects.filter(pk=rating.pk).update(waiver=granted)
    refresh_derived_facts(country_ids=[country.pk])
    rating.refresh_from_db()
    return rating


def _run_end(facts, year):
    """The last year of the Watch List run that contains `year`."""
    index = next(i for i, fact in enumerate(facts) if fact.year == year)
    while index + 1 < len(facts) and facts[index + 1].watch_list_years > 1:
        index += 1
    return facts[index]


def _waivers_in_run(facts, end):
    """Waivers granted (uncapped) in the run ending with `end`."""
    by_year = {fact.year: fact for fact in facts}
    return sum(
        by_year[y].waiver_granted for y in range(end.year - end.watch_list_years + 1, end.year + 1)
    )


@atomic_write
def save_rating(*, rating):
    """The admin's save of one rating: the rating, then its country's derived facts."""
    rating.save()
    refresh_derived_facts(country_ids=[rating.country_id])
    return rating


@atomic_write
def delete_rating(*, rating):
    """The admin's delete of one rating, then its country's derived facts recomputed."""
    country_id = rating.country_id
    rating.delete()
    refresh_derived_facts(country_ids=[country_id])


# Atomic alone; inside an import's transaction no savepoint (a failure rolls back the run).
@transaction.atomic(savepoint=False)
def save_ratings(*, wanted, counts):
    """Create or update the tier ratings {(country_id, year): field values}, in bulk, counting
    ("rating", created/updated/unchanged). Fields not given (summary, waiver) are kept, but for
    `bundled`: a write that does not say it is the bundled data's makes the rating its own."""
    wanted = {key: {"bundled": False, **values} for key, values in wanted.items()}
    existing = {
        (rating.country_id, rating.year): rating
        for rating in TierRating.objects.filter(
            country_id__in={country_id for country_id, _ in wanted},
            year__in={year for _, year in wanted},
        )
    }
    new, changed_ratings, fields = [], [], set()
    for (country_id, year), values in wanted.items():
        rating = existing.get((country_id, year))
        fields.update(values)
        if rating is None:
            new.append(TierRating(country_id=country_id, year=year, **values))
            counts["rating", "created"] += 1
        elif any(getattr(rating, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(rating, name, value)
            changed_ratings.append(rating)
            counts["rating", "updated"] += 1
        else:
            counts["rating", "unchanged"] += 1
    TierRating.objects.bulk_create(new, batch_size=500)
    TierRating.objects.bulk_update(changed_ratings, sorted(fields), batch_size=500)
    changed(scopes={country_id for country_id, _ in wanted})
