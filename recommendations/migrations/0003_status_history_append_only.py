"""On PostgreSQL the database itself refuses UPDATE and DELETE on the status history."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION tipwatch_status_history_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'status history is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER status_history_append_only
    BEFORE UPDATE OR DELETE ON recommendations_statuschange
    FOR EACH ROW EXECUTE FUNCTION tipwatch_status_history_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS status_history_append_only ON recommendations_statuschange;
DROP FUNCTION IF EXISTS tipwatch_status_history_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # No parameters: the % in the message are PL/pgSQL placeholders, not psycopg ones.
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
