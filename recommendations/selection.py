"""Which recommendations a bulk status update applies to.

Two ways to choose, both plain query strings so a selection survives the confirmation page:
ticked rows (`id=1&id=2`) or "all that match the filter" (the list's own query string plus
`all=1`).

Merge note: `matching_recommendations` is the one place that knows the list's filter. Here it
understands the simple parameters country, year and status; once recommendations/filters.py
has `RecommendationFilter`, its body becomes

    filterset = RecommendationFilter(querydict, queryset=Recommendation.objects.all())
    if not filterset.is_valid():
        raise ValidationError(...)  # the filterset's errors, as text
    return filterset.qs

so that "all that match" is exactly what the list shows.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q

from recommendations.models import Recommendation, Status

# Parameters of the list that say how to show rows, not which rows: never part of a filter.
NOT_FILTERS = ("page", "sort", "per_page", "format", "all", "id")

# A bulk update writes a few rows per recommendation in one transaction (1,000 took 1.5 s on
# SQLite and 3.3 s on PostgreSQL on the 2-core build machine); above this many, ask for a
# narrower filter rather than hold the locks and the request for long.
BULK_LIMIT = 1000


def matching_recommendations(querydict):
    """The recommendations the list shows for this query string, across all its pages."""
    rows = Recommendation.objects.all()
    country = querydict.get("country", "").strip()
    if country:
        rows = rows.filter(Q(country__iso3=country.upper()) | Q(country__slug=country))
    year = querydict.get("year", "").strip()
    if year:
        if not year.isdigit():
            raise ValidationError(f"The year must be a number, not {year!r}.")
        rows = rows.filter(year=int(year))
    status = querydict.get("status", "").strip()
    if status:
        if status not in Status.values:
            raise ValidationError(f"Unknown status {status!r}.")
        rows = rows.filter(status=status)
    return rows


def selected_recommendations(querydict):
    """The ticked recommendations, or all that match the filter when all=1."""
    if querydict.get("all") == "1":
        return matching_recommendations(querydict)
    ids = querydict.getlist("id")
    if not ids:
        raise ValidationError(
            "Select at least one recommendation, or choose all that match the filter."
        )
    if not all(value.isdigit() for value in ids):
        raise ValidationError("The selection contains something that is not a recommendation.")
    return Recommendation.objects.filter(pk__in=[int(value) for value in ids])


def filter_query(querydict):
    """The list's query string without the selection and the page: where to go back to."""
    kept = querydict.copy()
    for name in ("all", "id", "page"):
        kept.pop(name, None)
    return kept.urlencode()
