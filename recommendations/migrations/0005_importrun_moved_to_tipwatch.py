"""ImportRun now lives in tipwatch (state only; the table stays)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0004_text_search_index"),
        ("tipwatch", "0001_moved_models"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportRun")],
            database_operations=[],
        ),
    ]
