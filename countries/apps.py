from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CountriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "countries"

    def ready(self):
        from tipwatch.pagecache import bump_data_version

        # Single saves and deletes (the admin's among them) outdate the cached pages; the
        # services' bulk writes call bump_data_version themselves.
        for model_name in (
            "countries.Country",
            "countries.TierRating",
            "recommendations.Recommendation",
            "recommendations.StatusChange",
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_data_version,
                    sender=model_name,
                    dispatch_uid=f"bump-data-version-{model_name}-{signal}",
                )
