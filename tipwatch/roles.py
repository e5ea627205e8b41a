"""The three roles as groups holding permissions; code checks the permissions, not the names.

Granted after every migrate (tipwatch/apps.py), so they follow the permissions the apps define;
idempotent: it only adds what is missing.
"""

from django.apps import apps as global_apps
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
        stub = getattr(app_config, "models_module", None) is None  # a migration's registry
        if stub:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        if stub:
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
    """post_migrate: once per migrate run (the core is the first app with models), and after a
    flush (which sends it without `apps`: the installed apps then)."""
    if sender.label == "tipwatch":
        grant_roles(apps or global_apps)
