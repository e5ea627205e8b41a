"""The three roles as groups holding permissions; code checks the permissions, not the names.

Granted after every migrate (tipwatch/apps.py), so they follow the permissions the apps define;
idempotent: it only adds what is missing.
"""

from django.contrib.auth.management import create_permissions

READ = [
    "countries.view_country",
    "countries.view_tierrating",
    "recommendations.view_recommendation",
    "recommendations.view_statuschange",
]

ROLE_PERMISSIONS = {
    "Analyst": READ,
    "Manager": [*READ, "countries.trends_home"],
    "Admin": [
        *READ,
        "countries.add_country",
        "countries.change_country",
        "countries.add_tierrating",
        "countries.change_tierrating",
        "recommendations.change_recommendation",
        "recommendations.change_status",
        "recommendations.import_data",
        "recommendations.add_statuschange",
        "tipwatch.view_importrun",
    ],
}


def grant_roles(apps):
    """Create the groups and give each its permissions (`apps`: a migration's app registry)."""
    # Permissions are normally made after migrate; make them now so the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def roles_after_migrate(sender, apps=None, **kwargs):
    """post_migrate: once per migrate run (the core is the first app with models). A flush
    (the end of a transactional test) sends it without a migration's `apps`: nothing to do,
    as the tests that need the groups make them again (tests/migrated_data.py)."""
    if sender.label == "tipwatch" and apps is not None:
        grant_roles(apps)
