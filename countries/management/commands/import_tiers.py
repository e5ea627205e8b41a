from countries.imports import import_tier_tables
from tipwatch.management.import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import tier placements from CSV (header: country,year,tier[,source,basis], or the "
        "bundled report_year,iso3,country,tier,basis,source_url). All or nothing; idempotent."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--keep-existing",
            action="store_true",
            help="Only add the country-years not on record; never change a rating on record "
            "(a different tier in the file is reported as a warning).",
        )

    def handle(self, *args, **options):
        self.run_import(import_tier_tables, options, keep_existing=options["keep_existing"])
