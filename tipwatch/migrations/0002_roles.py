"""The roles (groups and their permissions), defined in tipwatch/roles.py.

Before the apps were untangled this was recommendations/0002_roles; on a database made then,
this finds everything in place and adds nothing.
"""

from django.db import migrations

from tipwatch.roles import grant_roles


def create_roles(apps, schema_editor):
    grant_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("tipwatch", "0001_moved_models"),
        ("countries", "0006_dataversion_moved_to_tipwatch"),
        ("recommendations", "0005_importrun_moved_to_tipwatch"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
