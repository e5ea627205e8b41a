"""On PostgreSQL the status history refuses TRUNCATE too (0003 refuses UPDATE and DELETE, row
by row, which TRUNCATE does not fire): a statement trigger, let through only in a transaction
that set `tipwatch.empty_history` to 'on' (recommendations.models.status.emptying_history:
generate_demo_data, and the test runner's flush between transactional tests)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION tipwatch_status_history_no_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('tipwatch.empty_history', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'status history is append-only: TRUNCATE on % refused', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER status_history_no_truncate
    BEFORE TRUNCATE ON recommendations_statuschange
    FOR EACH STATEMENT EXECUTE FUNCTION tipwatch_status_history_no_truncate();
"""

DROP = """
DROP TRIGGER IF EXISTS status_history_no_truncate ON recommendations_statuschange;
DROP FUNCTION IF EXISTS tipwatch_status_history_no_truncate();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # No parameters: the % in the message is a PL/pgSQL placeholder, not psycopg's.
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0010_themes")]

    operations = [migrations.RunPython(forwards, backwards)]
