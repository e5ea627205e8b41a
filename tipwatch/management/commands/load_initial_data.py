import csv

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from countries.models import TierRating
from countries.tiers import parse_tier

BUNDLED_TIERS = sorted((settings.BASE_DIR / "data" / "tiers").glob("tier_placements_*.csv"))
BUNDLED_CHAPTERS = sorted((settings.BASE_DIR / "data" / "chapters").glob("*.txt"))


def bundled_facts():
    """{(iso3, year): (tier, source, basis)} of every bundled tier placement."""
    facts = {}
    for path in BUNDLED_TIERS:
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                key = (row["iso3"], int(row["report_year"]))
                facts[key] = (parse_tier(row["tier"]), row["source_url"], row["basis"])
    return facts


def bundle_has_news():
    """Whether a bundled country-year is not on record, a rating the bundle loaded (and nobody
    changed since) differs from it, or such a rating is no longer in it. One query."""
    on_record = {
        (iso3, year): (bundled, (tier, source, basis))
        for iso3, year, bundled, tier, source, basis in TierRating.objects.values_list(
            "country__iso3", "year", "bundled", "tier", "source", "basis"
        )
    }
    facts = bundled_facts()
    return any(
        key not in on_record or (on_record[key][0] and on_record[key][1] != values)
        for key, values in facts.items()
    ) or any(bundled and key not in facts for key, (bundled, _) in on_record.items())


class Command(BaseCommand):
    help = (
        "Load the bundled tier placements and chapters: everything on an empty database; on "
        "one with data, the bundled country-years not on record yet, corrections to the "
        "ratings a bundle loaded, and the deletion of those the bundle no longer gives (no "
        "other rating is changed or deleted; a bundled tier that disagrees with one is reported)."
    )

    def handle(self, *args, **options):
        if TierRating.objects.filter(is_synthetic=True).exists():
            self.stdout.write("The database holds synthetic data; the bundled data is not loaded.")
            return
        first_time = not TierRating.objects.exists()
        if not bundle_has_news():
            self.stdout.write("Bundled data already loaded; nothing to do.")
            return
        call_command(
            "import_tiers",
            *map(str, BUNDLED_TIERS),
            whole_bundle=True,
            stdout=self.stdout,
            stderr=self.stderr,
        )
        if first_time:
            call_command(
                "import_report", *map(str, BUNDLED_CHAPTERS), stdout=self.stdout, stderr=self.stderr
            )
