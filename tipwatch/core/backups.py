"""Backups of the whole database and their restore, exact to the byte (manage.py backup/restore).

PostgreSQL: `pg_dump --format=custom`, restored by `pg_restore` piped into one `psql`
transaction that first empties the schema, so a failed restore changes nothing and a restored
database holds exactly the backup's tables, rows, sequences and the append-only trigger of the
status history. The client tools must be installed, at least the server's major version.

SQLite: the online backup API (the same as the `sqlite3` shell's `.backup`), which copies the
database page by page while the site keeps running, and back.

After a restore the data version moves past every version either timeline used, so no page or
permission cached before it can be served again (and `tipwatch.core.versions.renew_identity()` is
called when it exists, for caches shared between databases).
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connection

POSTGRESQL_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
# A backup must hold these tables to be a TIPWatch backup.
REQUIRED_TABLES = ("django_migrations", "recommendations_statuschange", "auth_user")
# How long a restore waits for pages still reading the tables before it gives up.
LOCK_TIMEOUT = "30s"


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why and what to do."""


def backup(path):
    """Write the whole database to `path` (replaced only once the backup is complete)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    try:
        if connection.vendor == "postgresql":
            _pg_dump(partial)
        elif connection.vendor == "sqlite":
            _sqlite_backup(partial)
        else:
            raise BackupError(f"backups of {connection.vendor} databases are not supported")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def restore(path):
    """Replace the whole database with the backup at `path`, all or nothing."""
    path = Path(path)
    kind = backup_kind(path)
    if kind != connection.vendor:
        raise BackupError(f"{path} is a {kind} backup; this site's database is {connection.vendor}")
    version_before = _data_version()
    if kind == "postgresql":
        _pg_restore(path)
    else:
        _sqlite_restore(path)
    _renew_cache_identity(version_before)


def backup_kind(path):
    """'postgresql' or 'sqlite' from the file's first bytes, or BackupError."""
    try:
        with open(path, "rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror}") from None
    if head.startswith(POSTGRESQL_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC:
        return "sqlite"
    raise BackupError(f"{path} is not a TIPWatch backup (neither pg_dump nor SQLite)")


# Cache identity -------------------------------------------------------------------------------


def _data_version():
    from tipwatch.core.models import DataVersion

    try:
        return DataVersion.objects.values_list("version", flat=True).first() or 0
    except Exception:  # the database may be empty or older than the table
        return 0


def _renew_cache_identity(version_before):
    """Move the data version past both timelines' versions, so no cached page of either can
    be read again; and renew the cache identity where the page cache has one."""
    from tipwatch.core.models import DataVersion

    connection.close()  # the restore replaced what the old connection saw
    restored = _data_version()
    DataVersion.objects.update_or_create(
        pk=1, defaults={"version": max(version_before, restored) + 1}
    )
    from tipwatch.core.versions import renew_identity

    renew_identity()


# PostgreSQL ---------------------------------------------------------------------------------


def _pg_environment():
    """libpq's variables for the site's database: no password on a command line."""
    settings = connection.settings_dict
    env = dict(os.environ)
    values = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
        "PGSSLMODE": settings.get("OPTIONS", {}).get("sslmode"),
    }
    env.update({name: str(value) for name, value in values.items() if value})
    return env


def _pg_tool(name):
    """The path of a PostgreSQL client tool, refused when missing or older than the server."""
    found = shutil.which(name)
    server_major = connection.pg_version // 10000
    if found is None:
        raise BackupError(
            f"{name} was not found on PATH: install the PostgreSQL {server_major} client tools "
            f"(Debian: apt-get install postgresql-client-{server_major})"
        )
    tool_major = _tool_major_version(found)
    if tool_major < server_major:
        raise BackupError(
            f"{name} is version {tool_major} but the server is version {server_major}: install "
            f"the PostgreSQL {server_major} client tools (Debian: postgresql-client-{server_major})"
        )
    return found


def _tool_major_version(path):
    output = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", output)
    if not match:
        raise BackupError(f"cannot tell the version of {path} from {output.strip()!r}")
    return int(match[1])


def _run(command, **options):
    result = subprocess.run(command, capture_output=True, env=_pg_environment(), **options)
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip()
        raise BackupError(f"{Path(command[0]).name} failed: {message}")
    return result


def _pg_dump(target):
    connection.ensure_connection()
    pg_dump = _pg_tool("pg_dump")
    _run(
        [
            pg_dump,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--lock-wait-timeout={LOCK_TIMEOUT}",
            f"--file={target}",
        ]
    )


def _pg_restore(path):
    connection.ensure_connection()
    pg_restore, psql = _pg_tool("pg_restore"), _pg_tool("psql")
    listing = _run([pg_restore, "--list", str(path)]).stdout.decode(errors="replace")
    missing = [name for name in REQUIRED_TABLES if f" TABLE public {name} " not in listing]
    if missing:
        raise BackupError(f"{path} is not a TIPWatch backup: no table {', '.join(missing)}")
    # One transaction: empty the schema, then the backup's own script. Nothing changes unless
    # all of it runs; pages still reading wait or make it give up after LOCK_TIMEOUT.
    prologue = (
        f"SET lock_timeout = '{LOCK_TIMEOUT}';\n"
        "DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n"
    ).encode()
    connection.close()
    env = _pg_environment()
    with tempfile.TemporaryFile() as reader_errors, tempfile.TemporaryFile() as writer_errors:
        reader = subprocess.Popen(
            [pg_restore, "--no-owner", "--no-privileges", "--file=-", str(path)],
            stdout=subprocess.PIPE,
            stderr=reader_errors,
            env=env,
        )
        writer = subprocess.Popen(
            [
                psql,
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                "--output=/dev/null",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=writer_errors,
            env=env,
        )
        try:
            writer.stdin.write(prologue)
            shutil.copyfileobj(reader.stdout, writer.stdin)
        except BrokenPipeError:
            pass  # psql stopped at an error: its message follows
        finally:
            writer.stdin.close()
            reader.stdout.close()
        for process, errors in ((reader, reader_errors), (writer, writer_errors)):
            if process.wait() != 0:
                errors.seek(0)
                message = errors.read().decode(errors="replace").strip()
                name = Path(process.args[0]).name
                raise BackupError(f"{name} failed, nothing was restored: {message}")


# SQLite -------------------------------------------------------------------------------------


def _sqlite_backup(target):
    connection.ensure_connection()
    try:
        destination = sqlite3.connect(target)
    except sqlite3.Error as error:
        raise BackupError(f"cannot write {target}: {error}") from None
    try:
        with destination:
            connection.connection.backup(destination)
    except sqlite3.Error as error:
        raise BackupError(f"cannot write {target}: {error}") from None
    finally:
        destination.close()


def _sqlite_restore(path):
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        _check_sqlite_backup(source, path)
        connection.ensure_connection()
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"cannot restore {path}: {error}") from None
    finally:
        source.close()


def _check_sqlite_backup(source, path):
    (result,) = source.execute("PRAGMA quick_check").fetchone()
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}")
    tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
    missing = [name for name in REQUIRED_TABLES if name not in tables]
    if missing:
        raise BackupError(f"{path} is not a TIPWatch backup: no table {', '.join(missing)}")
