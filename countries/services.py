"""Writes to tier ratings. Each public function is one atomic action."""

from django.db import transaction

from countries.models import TierRating
from countries.tiers import derive_history
from tipwatch.pagecache import bump_data_version

DERIVED_FIELDS = ["movement", "previous_tier", "watch_list_years", "at_risk", "auto_downgrade"]


@transaction.atomic
def refresh_derived_facts(country_ids):
    """Recompute movement, Watch List streak and downgrade risk for the given countries.

    Call after any change to their ratings: one year's facts depend on the years before it.
    """
    ratings = list(TierRating.objects.filter(country_id__in=set(country_ids)).order_by("year"))
    by_country = {}
    for rating in ratings:
        by_country.setdefault(rating.country_id, []).append(rating)
    changed = []
    for country_ratings in by_country.values():
        facts = derive_history([(r.year, r.tier) for r in country_ratings])
        for rating, fact in zip(country_ratings, facts, strict=True):
            new_values = {field: getattr(fact, field) for field in DERIVED_FIELDS}
            if any(getattr(rating, f) != v for f, v in new_values.items()):
                for field, value in new_values.items():
                    setattr(rating, field, value)
                changed.append(rating)
    TierRating.objects.bulk_update(changed, DERIVED_FIELDS, batch_size=500)
    bump_data_version()
    return len(changed)


@transaction.atomic
def set_waiver(*, rating, granted):
    """Record whether a waiver of the automatic downgrade was granted for this rating's year."""
    rating.waiver = granted
    rating.save(update_fields=["waiver"])
    return rating
