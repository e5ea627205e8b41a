"""Which recommendations a bulk status update applies to.

Two ways to choose, both plain query strings so a selection survives the confirmation page:
ticked rows (`id=1&id=2`) or "all that match the filter" (the list's own query string plus
`all=1`).

`matching_recommendations` is the one place that knows the list's filter: it runs the list's
own FilterSet, so "all that match" is exactly what the list shows.
"""

from django.core.exceptions import ValidationError

from recommendations.models import Recommendation
from tipwatch.core.parsing import parse_id

# Parameters of the list that say how to show rows, not which rows: never part of a filter.
NOT_FILTERS = ("page", "sort", "per_page", "format", "all", "id")

# A bulk update writes a few rows per recommendation in one transaction (1,000 took 1.5 s on
# SQLite and 3.3 s on PostgreSQL on the 2-core build machine); above this many, ask for a
# narrower filter rather than hold the locks and the request for long.
BULK_LIMIT = 1000


def matching_recommendations(querydict):
    """The recommendations the list shows for this query string, across all its pages."""
    from recommendations.filters import RecommendationFilter

    filters = querydict.copy()
    for name in NOT_FILTERS:
        filters.pop(name, None)
    filterset = RecommendationFilter(filters, queryset=Recommendation.objects.all())
    if not filterset.is_valid():
        problems = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in filterset.errors.items()
        )
        raise ValidationError(f"The filter is not valid ({problems}).")
    return filterset.qs


def selected_recommendations(querydict):
    """The ticked recommendations, or all that match the filter when all=1."""
    if querydict.get("all") == "1":
        return matching_recommendations(querydict)
    ids = querydict.getlist("id")
    if not ids:
        raise ValidationError(
            "Select at least one recommendation, or choose all that match the filter."
        )
    try:
        pks = [parse_id(value) for value in ids]
    except ValueError:
        raise ValidationError(
            "The selection contains something that is not a recommendation."
        ) from None
    return Recommendation.objects.filter(pk__in=pks)


def filter_query(querydict):
    """The list's query string without the selection and the page: where to go back to."""
    kept = querydict.copy()
    for name in ("all", "id", "page"):
        kept.pop(name, None)
    return kept.urlencode()
