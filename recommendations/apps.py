from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recommendations"

    def ready(self):
        from recommendations.models import StatusTally
        from tipwatch.pagecache import refresh_with_countries

        # The status tally is derived per country: rebuilt whenever a country's data changes.
        refresh_with_countries(StatusTally.objects.rebuild)
