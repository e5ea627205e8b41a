from countries.tier_import import import_tier_tables
from tipwatch.core.import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import tier placements from CSV (header: country,year,tier[,source,basis], or the "
        "bundled report_year,iso3,country,tier,basis,source_url). All or nothing; idempotent."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--as-bundled-data",
            action="store_true",
            help="Load the files as the project's bundled data (load_initial_data does): add "
            "the country-years not on record, correct the ratings a bundle loaded, never change "
            "any other rating (a different tier is reported as a warning).",
        )

        parser.add_argument(
            "--whole-bundle",
            action="store_true",
            help="As --as-bundled-data, the files being the whole bundled data: also delete the "
            "ratings an earlier bundle loaded that they no longer give, if nobody changed them "
            "since (load_initial_data does).",
        )

    def handle(self, *args, **options):
        self.run_import(
            import_tier_tables,
            options,
            bundled=options["as_bundled_data"],
            whole_bundle=options["whole_bundle"],
        )
