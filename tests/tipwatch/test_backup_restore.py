"""manage.py backup and restore: every row back exactly, history and trigger included, and no
page cached before the restore served after it. Runs on the suite's database (SQLite or
PostgreSQL), so both are tested."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from recommendations.models import StatusChange
from tests.factories import make_persona, make_recommendation, make_status, make_user
from tests.migrated_data import restore_migrated_data
from tipwatch.core import backups
from tipwatch.core.models import DataVersion, ImportRun

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def migrated_data():
    restore_migrated_data()  # after another transactional test's flush


def every_row():
    """Every row of every table the site has, in primary-key order (DataVersion apart)."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model is DataVersion:
            continue
        rows[model._meta.db_table] = list(model.objects.order_by("pk").values_list())
    return rows


def make_history():
    admin = make_persona("Admin")
    make_user(username="reader", perms=["recommendations.view_recommendation"])
    rec = make_recommendation(year=2023, text="Adopt a national action plan.")
    make_status(rec, "no_progress", user=admin)
    make_status(rec, "in_progress", note="Draft plan seen.", user=admin)
    # Microseconds that a JSON dump at millisecond precision would lose.
    precise = datetime.datetime(2024, 3, 5, 10, 11, 12, 123457, tzinfo=datetime.UTC)
    StatusChange.objects.create(
        recommendation=rec, status="partial", as_of=datetime.date(2024, 3, 1), recorded_at=precise
    )
    ImportRun.objects.create(command="import_tiers", succeeded=False, errors=["x.csv:2: bad"])
    return rec, admin


def run(command, *args):
    out = StringIO()
    call_command(command, *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_restore_brings_back_every_row_exactly(tmp_path):
    rec, admin = make_history()
    before = every_row()
    assert before["recommendations_statuschange"] and before["auth_user_user_permissions"]
    path = tmp_path / "site.backup"
    assert "Backed up" in run("backup", path)

    # Life goes on: more history, a new account, a permission granted.
    make_status(rec, "implemented", user=admin)
    make_user(username="later")
    admin.user_permissions.add(Permission.objects.get(codename="delete_recommendation"))
    assert every_row() != before

    assert "Restored" in run("restore", path, "--no-input")
    assert every_row() == before
    stored = StatusChange.objects.get(status="partial").recorded_at
    assert stored.microsecond == 123457


def test_the_append_only_history_survives_a_restore(tmp_path):
    rec, _ = make_history()
    path = tmp_path / "site.backup"
    run("backup", path)
    run("restore", path, "--no-input")
    if connection.vendor == "postgresql":
        from django.db import DatabaseError, transaction

        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            StatusChange.objects.filter(recommendation=rec).update(note="rewritten")


def test_no_page_of_the_discarded_timeline_is_served_after_a_restore(tmp_path):
    rec = make_recommendation(year=2023, text="Fund shelters.")
    client = Client()
    client.force_login(make_persona("Analyst"))
    path = tmp_path / "site.backup"
    run("backup", path)

    make_status(rec, "implemented", note="Discarded timeline.")
    assert "Discarded timeline." in client.get(rec.get_absolute_url()).content.decode()

    run("restore", path, "--no-input")
    make_status(rec, "no_progress", note="Restored timeline.")
    page = client.get(rec.get_absolute_url()).content.decode()
    assert "Restored timeline." in page and "Discarded timeline." not in page


def test_a_file_that_is_no_backup_is_refused_and_nothing_changes(tmp_path):
    make_history()
    before = every_row()
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(CommandError, match="is not a TIPWatch backup"):
        run("restore", path, "--no-input")
    with pytest.raises(CommandError, match="cannot read"):
        run("restore", tmp_path / "missing.backup", "--no-input")
    assert every_row() == before


def test_a_backup_that_cannot_be_written_says_why_and_leaves_nothing(tmp_path):
    target = tmp_path / "missing-folder" / "site.backup"
    with pytest.raises(CommandError, match="missing-folder"):
        run("backup", target)
    assert not target.parent.exists()


def test_a_backup_of_the_other_database_kind_is_refused(tmp_path):
    path = tmp_path / "other.backup"
    other = backups.SQLITE_MAGIC if connection.vendor == "postgresql" else b"PGDMP\x01\x0e"
    path.write_bytes(other + b"\x00" * 100)
    expected = "sqlite backup" if connection.vendor == "postgresql" else "postgresql backup"
    with pytest.raises(CommandError, match=expected):
        run("restore", path, "--no-input")


def test_a_database_of_another_site_is_refused(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("an SQLite file stands for any foreign database")
    import sqlite3

    path = tmp_path / "other.sqlite3"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE things (id integer)")
    other.commit()
    other.close()
    with pytest.raises(CommandError, match="no table django_migrations"):
        run("restore", path, "--no-input")


def test_restore_asks_before_replacing_the_database(tmp_path, monkeypatch):
    make_history()
    path = tmp_path / "site.backup"
    run("backup", path)
    make_user(username="kept")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled; nothing was changed"):
        call_command("restore", str(path), stdout=StringIO())
    assert get_user_model().objects.filter(username="kept").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL client tools")
def test_missing_or_older_client_tools_are_refused_clearly(tmp_path, monkeypatch):
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="pg_dump was not found on PATH: install"):
        run("backup", tmp_path / "x.backup")
    monkeypatch.undo()
    monkeypatch.setattr(backups, "_tool_major_version", lambda path: 9)
    with pytest.raises(CommandError, match="pg_dump is version 9 but the server is version"):
        run("backup", tmp_path / "x.backup")
    assert not (tmp_path / "x.backup").exists()
