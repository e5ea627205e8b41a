"""Filters of the API lists that have no page of their own; recommendations and the feed of
changes use the list pages' own FilterSets (recommendations/filters.py)."""

import django_filters

from countries.models import Country, Region, TierRating
from countries.tiers import Movement, Tier
from recommendations.filters import StatusChangeFilter, WholeNumberFilter
from tipwatch.core.parsing import TimestampField


class TimestampFilter(django_filters.DateTimeFilter):
    """An ISO 8601 instant read by tipwatch.core.parsing (ASCII digits, in range once in UTC)."""

    field_class = TimestampField


class CountryApiFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(choices=Region.choices)

    class Meta:
        model = Country
        fields = []


class TierApiFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(
        field_name="country__iso3", label="ISO 3166 alpha-3 code", method="by_iso3", max_length=3
    )
    region = django_filters.ChoiceFilter(field_name="country__region", choices=Region.choices)
    year = WholeNumberFilter(field_name="year", min_value=2001, max_value=2100)
    tier = django_filters.ChoiceFilter(choices=Tier.choices)
    movement = django_filters.ChoiceFilter(choices=Movement.choices)
    at_risk = django_filters.BooleanFilter()

    class Meta:
        model = TierRating
        fields = []

    def by_iso3(self, queryset, name, value):
        return queryset.filter(country__iso3=value.upper())


class ChangeFeedFilter(StatusChangeFilter):
    """The /changes/ page's filters, plus `since`: only changes recorded after that instant."""

    since = TimestampFilter(
        field_name="recorded_at",
        lookup_expr="gt",
        label="Recorded after (ISO 8601 timestamp, e.g. 2026-01-31T12:00:00Z)",
    )
