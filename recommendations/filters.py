"""Filters of the recommendations list, the dropped list and the status changes (/changes/).

Both read their state from the query string, so a filtered page is a shareable link. A value
that does not validate is a form error shown on the page, never a server error.
"""

import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from countries.filters import SortFilter
from countries.models import Country, Region
from recommendations.models import Pillar, Recommendation, Status, StatusChange
from recommendations.themes import THEMES
from tipwatch.core.parsing import (
    LARGEST_ID,
    ChoicesField,
    WholeNumberField,
    is_whole_number,
    parse_id,
)
from tipwatch.core.people import names_shown

MAX_SEARCH_LENGTH = 200
MAX_RECURRENCE_YEARS = 100


class CountryChoiceField(forms.ModelChoiceField):
    """A country given by slug (what the select sends) or by id (links built from ids)."""

    def to_python(self, value):
        if value not in self.empty_values and is_whole_number(str(value)):
            try:
                return self.queryset.get(pk=parse_id(value))
            except (Country.DoesNotExist, ValueError):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from None
        return super().to_python(value)


class CountryChoiceFilter(django_filters.ModelChoiceFilter):
    """Choose one country (by slug, or id), for the recommendations' and changes' filters."""

    field_class = CountryChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Country.objects.only("name", "slug"))
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", "All countries")
        super().__init__(*args, **kwargs)


class WholeNumberFilter(django_filters.NumberFilter):
    field_class = WholeNumberField


class AnyOfFilter(django_filters.MultipleChoiceFilter):
    """Any of several choices; an empty one (theme=) is none (tipwatch.core.parsing)."""

    field_class = ChoicesField


class RecommendationOrdering(SortFilter):
    """Sort by a column, then by the list order so that pages never overlap."""

    def filter(self, qs, value):
        if not value:
            return qs.in_list_order()
        ordering = [self.get_ordering_value(param) for param in value]
        if any(field.lstrip("-") == "status_rank" for field in ordering):
            qs = qs.with_status_rank()
        return qs.order_by(*ordering, "-year", "country_id", "position")


class YearChoices:
    """A FilterSet mixin: its "year" filter offers the years that have recommendations."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read the years once per request (a callable would be read at validation and again
        # at rendering).
        years = Recommendation.objects.report_years()
        year = self.filters["year"]
        year.extra["choices"] = [(str(y), str(y)) for y in years]
        # A form field made before (the API schema generator builds the class's own) would
        # keep the choices it was made with: drop it so this request's are used.
        year.__dict__.pop("_field", None)


class RecommendationFilter(YearChoices, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Text contains",
        method="search",
        max_length=MAX_SEARCH_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. shelter"}),
    )
    country = CountryChoiceFilter()
    region = django_filters.ChoiceFilter(
        field_name="country__region",
        label="Region",
        choices=Region.choices,
        empty_label="All regions",
    )
    year = django_filters.ChoiceFilter(choices=[], empty_label="All years")
    pillar = django_filters.ChoiceFilter(choices=Pillar.choices, empty_label="All pillars")
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="All statuses")
    # The fixed themes (migration 0010 made their rows from the same list): no query.
    theme = AnyOfFilter(
        choices=THEMES,
        label="Themes (any of)",
        method="with_theme",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    recurrence_years__gte = WholeNumberFilter(
        field_name="recurrence_years",
        label="Recurring for at least (years)",
        min_value=1,
        max_value=MAX_RECURRENCE_YEARS,
        method="recurring",
    )
    wording_group = WholeNumberFilter(
        label="Asked in nearly the same words as",
        min_value=1,
        max_value=LARGEST_ID,
        widget=forms.HiddenInput,
    )
    sort = RecommendationOrdering(
        label="Sort by",
        fields=(
            ("country__sort_name", "country"),
            ("year", "year"),
            ("position", "position"),
            ("status_rank", "status"),
        ),
        field_labels={"status_rank": "Status"},
        empty_label="Newest year first",
    )

    class Meta:
        model = Recommendation
        fields = []

    def search(self, queryset, name, value):
        return queryset.matching(value)

    def recurring(self, queryset, name, value):
        return queryset.recurring(value)

    def with_theme(self, queryset, name, value):
        return queryset.with_theme(value) if value else queryset


class DroppedFilter(YearChoices, django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        choices=[],
        empty_label="All years",
        label="Dropped from the report of",
        method="dropped_from",
    )
    country = CountryChoiceFilter()

    class Meta:
        model = Recommendation
        fields = []

    def dropped_from(self, queryset, name, value):
        # A valid choice is a year; year__lt narrows the rows whose next year is computed.
        year = int(value)
        return queryset.filter(dropped_in=year, year__lt=year)


class ChangeFilterForm(forms.Form):
    # (start, end) of each date range: an end before its start is an error (the API's schema
    # says so too: tipwatch.api.schema).
    ranges = (("as_of_from", "as_of_to"), ("recorded_from", "recorded_to"))

    def clean(self):
        cleaned = super().clean()
        for start, end in self.ranges:
            if cleaned.get(start) and cleaned.get(end) and cleaned[start] > cleaned[end]:
                self.add_error(end, "The end date cannot be before the start date.")
        return cleaned


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


class StatusChangeFilter(django_filters.FilterSet):
    country = CountryChoiceFilter(field_name="recommendation__country", label="Country")
    recorded_by = django_filters.ModelChoiceFilter(
        label="Recorded by",
        queryset=get_user_model().objects.order_by("username").only("username"),
        to_field_name="username",
        empty_label="Anyone",
    )
    as_of_from = django_filters.DateFilter(
        field_name="as_of", lookup_expr="gte", label="Status as of (from)", widget=_date_input()
    )
    as_of_to = django_filters.DateFilter(
        field_name="as_of", lookup_expr="lte", label="Status as of (to)", widget=_date_input()
    )
    recorded_from = django_filters.DateFilter(
        label="Recorded (from)", method="recorded_since", widget=_date_input()
    )
    recorded_to = django_filters.DateFilter(
        label="Recorded (to)", method="recorded_until", widget=_date_input()
    )

    class Meta:
        model = StatusChange
        fields = []
        form = ChangeFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not names_shown(self.request):
            # Public visitors get no list of accounts, and cannot probe names by filtering.
            del self.filters["recorded_by"]

    # Compare the timestamp itself with the day's bounds (not recorded_at__date), so the
    # change_newest index on recorded_at still serves the filter.
    def recorded_since(self, queryset, name, value):
        start = datetime.datetime.combine(value, datetime.time.min)
        return queryset.filter(recorded_at__gte=timezone.make_aware(start))

    def recorded_until(self, queryset, name, value):
        end = datetime.datetime.combine(value, datetime.time.max)
        return queryset.filter(recorded_at__lte=timezone.make_aware(end))


class DueFilter(django_filters.FilterSet):
    """Filters of the "Due for review" page."""

    country = CountryChoiceFilter()
    region = django_filters.ChoiceFilter(
        field_name="country__region",
        label="Region",
        choices=Region.choices,
        empty_label="All regions",
    )
    pillar = django_filters.ChoiceFilter(choices=Pillar.choices, empty_label="All pillars")

    class Meta:
        model = Recommendation
        fields = []
