"""Filters of the API lists that have no page of their own; recommendations and the feed of
changes use the list pages' own FilterSets (recommendations/filters.py)."""

import django_filters
from django.core.validators import RegexValidator

from countries.models import Country, Region, TierRating
from countries.tiers import Movement, Tier
from recommendations.filters import StatusChangeFilter, WholeNumberFilter
from tipwatch.core.parsing import FlagField, TimestampField


class TimestampFilter(django_filters.DateTimeFilter):
    """An ISO 8601 instant read by tipwatch.core.parsing (ASCII digits, in range once in UTC)."""

    field_class = TimestampField


ISO3_CODE = RegexValidator(
    r"^[A-Za-z]{3}\Z", "country must be an ISO 3166 alpha-3 code (three letters), e.g. NOR."
)


class FlagFilter(django_filters.BooleanFilter):
    """true or false (1 or 0) read by tipwatch.core.parsing; any other text is a 400."""

    field_class = FlagField


class CountryApiFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(choices=Region.choices)

    class Meta:
        model = Country
        fields = []


class TierApiFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(
        field_name="country__iso3",
        label="ISO 3166 alpha-3 code (any case)",
        method="by_iso3",
        validators=[ISO3_CODE],
    )
    region = django_filters.ChoiceFilter(field_name="country__region", choices=Region.choices)
    year = WholeNumberFilter(field_name="year", min_value=2001, max_value=2100)
    tier = django_filters.ChoiceFilter(choices=Tier.choices)
    movement = django_filters.ChoiceFilter(choices=Movement.choices)
    at_risk = FlagFilter(label="At risk of automatic downgrade (true or false)")

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
