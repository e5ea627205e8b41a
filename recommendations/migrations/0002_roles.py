"""Once the roles migration; the roles are now made by tipwatch/core/migrations/0002_roles.py.

Kept, empty, so that databases that applied it and the migration graph stay as they were.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0001_initial"),
        ("countries", "0002_load_countries"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
