"""On PostgreSQL, a GIN index for the full-text search of recommendation texts.

The expression is the one RecommendationQuerySet.matching filters on (SearchVector("text",
config="english")), so the planner can use it. SQLite searches with a plain contains instead
and gets no index.
"""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS rec_text_search ON recommendations_recommendation
    USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')));
"""

DROP = "DROP INDEX IF EXISTS rec_text_search;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0003_status_history_append_only")]

    operations = [migrations.RunPython(forwards, backwards)]
