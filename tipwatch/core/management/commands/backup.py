from django.core.management.base import BaseCommand, CommandError

from tipwatch.core.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the whole database (every row, the status history, the import log, users and "
        "permissions) to FILE: pg_dump's custom format on PostgreSQL, an SQLite database file "
        "on SQLite. Safe while the site runs. Restore it with `manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, file, **options):
        try:
            backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up the database to {file}.")
