from django.contrib import admin

from countries.models import Country, TierRating
from countries.services import DERIVED_FIELDS, delete_rating, refresh_derived_facts, save_rating


class TierRatingInline(admin.TabularInline):
    model = TierRating
    extra = 0
    fields = ["year", "tier", "waiver", "source", "basis", "movement", "at_risk"]
    readonly_fields = ["movement", "at_risk"]
    ordering = ["-year"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso3", "iso2", "region"]
    list_filter = ["region"]
    search_fields = ["name", "iso3", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TierRatingInline]

    def save_formset(self, request, form, formset, change):
        for rating_form in formset.forms:
            if rating_form.has_changed():
                rating_form.instance.bundled = False  # the admin's now: no bundle changes it
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_derived_facts(country_ids=[form.instance.pk])


@admin.register(TierRating)
class TierRatingAdmin(admin.ModelAdmin):
    list_display = ["country", "year", "tier", "movement", "watch_list_years", "at_risk", "waiver"]
    list_filter = ["year", "tier", "movement", "at_risk", "waiver", "bundled", "country__region"]
    search_fields = ["country__name", "summary"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    readonly_fields = [*DERIVED_FIELDS, "bundled"]

    def save_model(self, request, obj, form, change):
        if form.changed_data:
            obj.bundled = False  # the admin's now: no bundle changes it
        save_rating(rating=obj)

    def delete_model(self, request, obj):
        delete_rating(rating=obj)
