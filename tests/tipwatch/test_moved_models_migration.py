"""A database migrated before DataVersion and ImportRun moved to tipwatch migrates cleanly
after the move: same tables, same rows, the Admin role keeps seeing the import log."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrated_data import restore_migrated_data
from tipwatch.core.models import DataVersion, ImportRun

BEFORE_THE_MOVE = [
    ("countries", "0005_waivers_used"),
    ("recommendations", "0004_text_search_index"),
    ("tipwatch", None),
]


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_rows_and_grants():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    old_apps = executor.loader.project_state(BEFORE_THE_MOVE[:2]).apps
    old_apps.get_model("countries", "DataVersion").objects.update_or_create(
        pk=1, defaults={"version": 41}
    )
    old_apps.get_model("recommendations", "ImportRun").objects.create(
        command="import_tiers", files=["tiers.csv"], succeeded=True, created=3
    )
    old_grant = old_apps.get_model("auth", "Permission").objects.get(
        content_type__app_label="recommendations", codename="view_importrun"
    )

    executor = MigrationExecutor(connection)  # a fresh graph, as `migrate` would load
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert DataVersion.objects.get().version == 41
    run = ImportRun.objects.get()
    assert (run.command, run.files, run.created) == ("import_tiers", ["tiers.csv"], 3)
    admin = Group.objects.get(name="Admin")
    moved = admin.permissions.get(codename="view_importrun")
    assert moved.pk == old_grant.pk  # the same permission row, now on tipwatch's model
    assert moved.content_type.app_label == "tipwatch"
    restore_migrated_data()
