from django.apps import AppConfig

# Models whose rows belong to one country: a save or delete outdates that country's pages.
COUNTRY_OF = {
    "countries.Country": lambda row: row.pk,
    "countries.TierRating": lambda row: row.country_id,
    "recommendations.Recommendation": lambda row: row.country_id,
    "recommendations.StatusChange": lambda row: row.recommendation.country_id,
}
# A user save that changes none of what pages show (the login's last_login, a password).
UNSEEN_USER_FIELDS = {"last_login", "password"}


class TipwatchConfig(AppConfig):
    """Site-wide wiring that belongs to no one app: the login hook of the session expiry, and
    what outdates cached pages and permissions (tipwatch/pagecache.py)."""

    name = "tipwatch"
    verbose_name = "TIPWatch site"

    def ready(self):
        from django.contrib.auth.models import Group, Permission, User
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from tipwatch.middleware import session_seen_at_login

        user_logged_in.connect(session_seen_at_login, dispatch_uid="tipwatch-session-seen")
        # Who holds which permission is cached on the permissions version (tipwatch.auth).
        for through in (User.groups.through, User.user_permissions.through,
                        Group.permissions.through):  # fmt: skip
            m2m_changed.connect(
                permissions_changed, sender=through, dispatch_uid=f"perms-{through}"
            )
        for model in (Group, Permission):
            post_delete.connect(permissions_changed, sender=model, dispatch_uid=f"perms-{model}")
        # Pages name who recorded a status: a renamed user outdates them all.
        post_save.connect(user_saved, sender=User, dispatch_uid="pages-user-saved")
        post_delete.connect(site_changed, sender=User, dispatch_uid="pages-user-deleted")
        # A country deleted lowers the sum of the countries' versions: outdate everything.
        post_delete.connect(site_changed, sender="countries.Country", dispatch_uid="pages-country")
        # Data migrations write through historical models, which send no signals.
        post_migrate.connect(migrated, dispatch_uid="pages-migrated")
        # Single saves and deletes (the admin's among them) outdate their country's pages; the
        # services' bulk writes name their countries themselves (pagecache.changed).
        for model_name in COUNTRY_OF:
            for signal in (post_save, post_delete):
                signal.connect(
                    country_row_changed,
                    sender=model_name,
                    dispatch_uid=f"pages-{model_name}-{signal}",
                )


def country_row_changed(sender, instance, **kwargs):
    from tipwatch.pagecache import changed

    changed(countries=[COUNTRY_OF[sender._meta.label](instance)])


def permissions_changed(**kwargs):
    from tipwatch.pagecache import changed

    changed(permissions=True)


def site_changed(**kwargs):
    from tipwatch.pagecache import changed

    changed(site=True)


def user_saved(sender, instance, created, update_fields=None, **kwargs):
    from tipwatch.pagecache import changed

    if created:
        return  # no page names a user before they record something
    if update_fields is not None and set(update_fields) <= UNSEEN_USER_FIELDS:
        return
    # is_superuser is part of the permissions key; is_staff and is_active are read afresh.
    changed(site=True, permissions=True)


def migrated(sender, plan=None, **kwargs):
    from tipwatch.pagecache import changed

    # Once per migrate run that applied something forwards (backwards, the tables may be gone).
    if sender.name == "tipwatch" and plan and not any(backwards for _, backwards in plan):
        changed(site=True, permissions=True)
