from django.apps import AppConfig

PAGE_MODELS = (
    "countries.Country",
    "countries.TierRating",
    "recommendations.Recommendation",
    "recommendations.StatusChange",
)


class TipwatchConfig(AppConfig):
    """Site-wide wiring that belongs to no one app: the login hook of the session expiry, and
    what outdates cached pages and permissions."""

    name = "tipwatch"
    verbose_name = "TIPWatch site"

    def ready(self):
        from django.contrib.auth.models import Group, Permission, User
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from tipwatch.middleware import session_seen_at_login
        from tipwatch.pagecache import bump_data_version

        user_logged_in.connect(session_seen_at_login, dispatch_uid="tipwatch-session-seen")
        # Who holds which permission is cached on the data version (tipwatch.auth): any
        # change of grants outdates it.
        for through in (User.groups.through, User.user_permissions.through,
                        Group.permissions.through):  # fmt: skip
            m2m_changed.connect(bump_data_version, sender=through, dispatch_uid=f"perms-{through}")
        for model in (Group, Permission):
            post_delete.connect(bump_data_version, sender=model, dispatch_uid=f"perms-{model}")
        # Single saves and deletes (the admin's among them) outdate the cached pages; the
        # services' bulk writes call bump_data_version themselves.
        for model_name in PAGE_MODELS:
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_data_version,
                    sender=model_name,
                    dispatch_uid=f"bump-data-version-{model_name}-{signal}",
                )
