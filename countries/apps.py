from django.apps import AppConfig


class CountriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "countries"

    def ready(self):
        from countries.models import Country, TierRating
        from tipwatch.core import versions

        # A country is the scope of the page cache: its rows outdate only its own pages.
        versions.register_scope_model(Country)
        versions.register_scoped_rows(Country, scope_of=lambda row: row.pk)
        versions.register_scoped_rows(TierRating, scope_of=lambda row: row.country_id)
