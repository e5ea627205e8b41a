from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tipwatch.core.backups import BackupError, backup_kind, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `manage.py backup`, all or nothing, "
        "and make every page cached before it unreadable. Stop the site while it runs; run "
        "`manage.py migrate` afterwards when the backup is older than the code."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Do not ask to confirm."
        )

    def handle(self, *args, file, interactive, **options):
        try:
            backup_kind(file)  # refuse a file that is no backup before asking anything
            if interactive and not self._confirmed(file):
                raise CommandError("Restore cancelled; nothing was changed.")
            restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored the database from {file}.")

    def _confirmed(self, file):
        name = connection.settings_dict["NAME"]
        answer = input(
            f"This replaces every row of the database {name} with the backup {file}.\n"
            "Type 'yes' to continue: "
        )
        return answer.strip() == "yes"
