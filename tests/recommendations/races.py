"""What the tests of concurrent writes share: they run on PostgreSQL only, and watch its lock
table to know when their requests are all waiting."""

import pytest
from django.db import connection

from tests.migrated_data import restore_migrated_data


def prepare_race():
    """Skip on SQLite, which takes one write lock per database (IMMEDIATE transactions), so its
    writers are serialised anyway and there is no row lock to race on; else restore the
    migrated rows (after another transactional test's flush)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite serialises its writers, there is no lock to race on")
    restore_migrated_data()


def waiting_for_locks():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0]
