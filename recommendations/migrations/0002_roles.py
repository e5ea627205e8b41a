"""The three roles as groups holding permissions; code checks the permissions, not the names."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
        "recommendations.view_importrun",
    ],
}


def create_roles(apps, schema_editor):
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


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0001_initial"),
        ("countries", "0002_load_countries"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
