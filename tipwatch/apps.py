from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site at the top: the pages that read several apps, the API, roles, demo accounts and
    start-up data. Its models live in the apps below it (tipwatch.core keeps the label
    `tipwatch`)."""

    name = "tipwatch"
    label = "site"
    verbose_name = "TIPWatch site"

    def ready(self):
        from django.db.models.signals import post_migrate

        from tipwatch.roles import roles_after_migrate

        # The roles follow the permissions the apps define: granted after every migrate.
        post_migrate.connect(roles_after_migrate, dispatch_uid="site-roles")
