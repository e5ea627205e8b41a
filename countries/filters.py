"""Filters for the countries list: every country, with its rating of the chosen year."""

import django_filters
from django import forms
from django.db.models import Q

from countries.models import Country, Region
from countries.tiers import Movement, Tier
from tipwatch.core.parsing import SortKeysField

NO_DATA = "none"
MOVEMENT_CHOICES = [
    (Movement.UP, "Up (upgrade)"),
    (Movement.DOWN, "Down (downgrade)"),
    (Movement.SAME, "Same"),
    (Movement.FIRST, "New (first rating)"),
    (Movement.SPECIAL, "To or from Special Case"),
]


class SortFilter(django_filters.OrderingFilter):
    """A list's sort ("-year,country"): a key left empty ("year,", ",") is a form error (400),
    like an unknown one, never a server error."""

    base_field_class = SortKeysField


class CountryFilter(django_filters.FilterSet):
    """Filters countries by their rating in one report year (default: the latest on record).

    The year is not a filter on its own: it chooses which rating the other filters read, so the
    queryset is built for it before they run.
    """

    year = django_filters.TypedChoiceFilter(
        choices=[], coerce=int, method="keep", empty_value=None, label="Report year"
    )
    region = django_filters.ChoiceFilter(choices=Region.choices, empty_label="All regions")
    tier = django_filters.ChoiceFilter(
        choices=[*Tier.choices, (NO_DATA, "No data / not assessed")],
        method="filter_tier",
        empty_label="Any tier",
        label="Tier that year",
    )
    movement = django_filters.ChoiceFilter(
        choices=MOVEMENT_CHOICES, empty_label="Any change", label="Change from previous year"
    )
    name = django_filters.CharFilter(method="filter_name", label="Name contains")
    at_risk = django_filters.BooleanFilter(
        method="filter_flag",
        widget=forms.CheckboxInput,
        label="At risk of automatic downgrade",
    )
    special_watch_list = django_filters.BooleanFilter(
        method="filter_special_watch_list", widget=forms.CheckboxInput, label="Special Watch List"
    )
    sort = SortFilter(
        fields=(("name", "name"), ("region", "region"), ("tier", "tier")),
        field_labels={"name": "Name", "region": "Region", "tier": "Tier"},
        label="Sort by",
        empty_label="Name (default)",
    )

    class Meta:
        model = Country
        fields = []

    def __init__(self, data=None, *args, years=(), **kwargs):
        self.years = list(years)
        data = data.copy() if data is not None else None
        if data is not None and self.years and not data.get("year"):
            data["year"] = str(self.years[0])
        super().__init__(data, *args, **kwargs)
        self.filters["year"].extra["choices"] = [(year, year) for year in self.years]

    @property
    def chosen_year(self):
        """The chosen year when it is valid, else the latest on record (or None)."""
        if self.is_bound:
            self.form.is_valid()  # other fields' errors do not discard a valid year
            if self.form.cleaned_data.get("year"):
                return self.form.cleaned_data["year"]
        return self.years[0] if self.years else None

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self.queryset = Country.objects.in_year(self.chosen_year).order_by("name")
            self._qs = super().qs
        return self._qs

    def keep(self, queryset, name, value):
        return queryset

    def filter_tier(self, queryset, name, value):
        if value == NO_DATA:
            return queryset.filter(tier__isnull=True)
        return queryset.filter(tier=value)

    def filter_name(self, queryset, name, value):
        # aliases is a JSON list: icontains reads its text, which is enough for a search box.
        return queryset.filter(Q(name__icontains=value) | Q(aliases__icontains=value))

    def filter_flag(self, queryset, name, value):
        return queryset.filter(**{name: True}) if value else queryset

    def filter_special_watch_list(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.on_special_watch_list()
