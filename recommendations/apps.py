from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recommendations"

    def ready(self):
        from recommendations.models import Recommendation, StatusChange, StatusTally
        from recommendations.services.upgrades import refresh_upgrade_facts
        from tipwatch.core import versions

        versions.register_scoped_rows(Recommendation, scope_of=lambda row: row.country_id)
        versions.register_scoped_rows(
            StatusChange, scope_of=lambda row: row.recommendation.country_id
        )
        # The status tally is derived per country: rebuilt whenever a country's data changes.
        versions.register_scope_refresher(StatusTally.objects.rebuild)
        # So is each ask's place in /analysis/upgrades/ (its status at the next cut-off).
        versions.register_scope_refresher(refresh_upgrade_facts)
