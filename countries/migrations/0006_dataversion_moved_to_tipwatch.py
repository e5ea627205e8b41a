"""DataVersion now lives in tipwatch (state only; the table stays)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0005_waivers_used"),
        ("tipwatch", "0001_moved_models"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DataVersion")],
            database_operations=[],
        ),
    ]
