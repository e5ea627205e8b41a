"""Once the roles migration; the roles (groups and their permissions) are now granted after
every migrate by the site (tipwatch/roles.py), so that they follow the permissions the apps
define. Kept, empty, so that databases that applied it and the migration graph stay as they were.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tipwatch", "0001_moved_models"),
        ("countries", "0006_dataversion_moved_to_tipwatch"),
        ("recommendations", "0005_importrun_moved_to_tipwatch"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = []
