from django.apps import AppConfig

# A user save that changes none of what pages show (the login's last_login, a password).
UNSEEN_USER_FIELDS = {"last_login", "password"}


class CoreConfig(AppConfig):
    """The machinery under every app: versions and the page cache, parsing, limits, the CSV
    writer, the import log, jobs, logs. It keeps the label `tipwatch`, so its tables and
    migrations stay where they were. It imports no app: the apps register with it in their
    own ready() (tipwatch/core/versions.py)."""

    name = "tipwatch.core"
    label = "tipwatch"
    verbose_name = "TIPWatch"

    def ready(self):
        from django.contrib.auth.models import Group, Permission, User
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from tipwatch.core.middleware import session_seen_at_login

        user_logged_in.connect(session_seen_at_login, dispatch_uid="tipwatch-session-seen")
        # Who holds which permission is cached on the permissions version (tipwatch.core.auth).
        for through in (
            User.groups.through,
            User.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(
                permissions_changed, sender=through, dispatch_uid=f"perms-{through}"
            )
        for model in (Group, Permission):
            post_delete.connect(permissions_changed, sender=model, dispatch_uid=f"perms-{model}")
        # Pages name who recorded a status: a renamed user outdates them all.
        post_save.connect(user_saved, sender=User, dispatch_uid="pages-user-saved")
        post_delete.connect(site_changed, sender=User, dispatch_uid="pages-user-deleted")
        # Data migrations write through historical models, which send no signals.
        post_migrate.connect(migrated, dispatch_uid="pages-migrated")


def permissions_changed(**kwargs):
    from tipwatch.core.versions import changed

    changed(permissions=True)


def site_changed(**kwargs):
    from tipwatch.core.versions import changed

    changed(site=True)


def user_saved(sender, instance, created, update_fields=None, **kwargs):
    from tipwatch.core.versions import changed

    if created:
        return  # no page names a user before they record something
    if update_fields is not None and set(update_fields) <= UNSEEN_USER_FIELDS:
        return
    # is_superuser is part of the permissions key; is_staff and is_active are read afresh.
    changed(site=True, permissions=True)


def migrated(sender, plan=None, **kwargs):
    from tipwatch.core.versions import changed

    # Once per migrate run that applied something forwards (backwards, the tables may be gone).
    if sender.label == "tipwatch" and plan and not any(backwards for _, backwards in plan):
        changed(site=True, permissions=True)
