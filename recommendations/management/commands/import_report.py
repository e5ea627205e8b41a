from django.core.management.base import CommandError

from countries.tiers import parse_tier
from recommendations.chapter_import import import_chapters, preview_chapters
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
        parser.add_argument(
            "--tier",
            action="append",
            default=[],
            metavar="ISO3=TIER",
            help="The tier to write for a country whose chapter disagrees with itself (the "
            "heading says one tier, the summary another), e.g. --tier COG=2WL; repeatable.",
        )
        parser.add_argument(
            "--confirm-year",
            action="append",
            default=[],
            metavar="ISO3",
            help="The report year is right for this country's chapter although its 'for the "
            "Nth consecutive year' does not fit the Watch List years on record; repeatable.",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Confirm the values on record the import changes (tiers, summaries, "
            "recommendations; --dry-run lists them). Without it such an import is refused.",
        )

    def handle(self, *args, **options):
        year = options["year"]
        if year is not None:
            try:
                year = parse_year(year, label="--year")
            except ValueError as error:
                raise CommandError(str(error)) from None
        choices = {"tiers": _tier_choices(options["tier"]), "years": _years(options)}
        if options["dry_run"]:
            self.run_preview(preview_chapters, options, year=year, choices=choices)
        else:
            self.run_import(
                import_chapters, options, year=year, choices=choices, overwrite=options["overwrite"]
            )


def _tier_choices(given):
    tiers = {}
    for choice in given:
        iso3, _, label = choice.partition("=")
        tier = parse_tier(label)
        if not iso3.strip() or tier is None:
            raise CommandError(
                f"--tier {choice!r}: give ISO3=TIER, e.g. COG=2WL (tiers: 1, 2, 2WL, 3, SC)"
            )
        tiers[_iso3(iso3, "--tier")] = tier
    return tiers


def _years(options):
    return [_iso3(iso3, "--confirm-year") for iso3 in options["confirm_year"]]


def _iso3(text, option):
    code = text.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise CommandError(f"{option} {text!r}: give the country's ISO 3166 alpha-3 code")
    return code
