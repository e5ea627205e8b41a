from django.core.management.base import CommandError

from recommendations.imports import import_chapters, preview_chapters
from tipwatch.core.import_command import ImportCommand
from tipwatch.core.parsing import parse_year


class Command(ImportCommand):
    help = (
        "Import TIP report country chapters from the report PDF (whole or part), country pages "
        "saved from the web (HTML) or text (one chapter or many): tier, summary and prioritized "
        "recommendations for each country and year. All or nothing; a second run changes nothing."
    )
    unit = "chapter"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--year", help="Report year of chapters whose file states none.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what the import would write, per chapter, and write nothing.",
        )

    def handle(self, *args, **options):
        year = options["year"]
        if year is not None:
            try:
                year = parse_year(year, label="--year")
            except ValueError as error:
                raise CommandError(str(error)) from None
        if options["dry_run"]:
            self.run_preview(preview_chapters, options, year=year)
        else:
            self.run_import(import_chapters, options, year=year)
