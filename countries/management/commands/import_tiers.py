from countries.imports import import_tier_tables
from tipwatch.management.import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import tier placements from CSV (header: country,year,tier[,source,basis], or the "
        "bundled report_year,iso3,country,tier,basis,source_url). All or nothing; idempotent."
    )

    def handle(self, *args, **options):
        self.run_import(import_tier_tables, options)
