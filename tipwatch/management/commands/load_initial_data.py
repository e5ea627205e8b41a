import csv

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from countries.models import TierRating

BUNDLED_TIERS = sorted((settings.BASE_DIR / "data" / "tiers").glob("tier_placements_*.csv"))
BUNDLED_CHAPTERS = sorted((settings.BASE_DIR / "data" / "chapters").glob("*.txt"))


def bundled_country_years():
    """(iso3, year) of every bundled tier placement."""
    keys = set()
    for path in BUNDLED_TIERS:
        with path.open(newline="", encoding="utf-8") as handle:
            keys |= {(row["iso3"], int(row["report_year"])) for row in csv.DictReader(handle)}
    return keys


class Command(BaseCommand):
    help = (
        "Load the bundled tier placements and chapters: everything on an empty database; on "
        "one with data, the bundled country-years not on record yet (ratings on record are "
        "never changed; a bundled tier that disagrees with one is reported)."
    )

    def handle(self, *args, **options):
        if TierRating.objects.filter(is_synthetic=True).exists():
            self.stdout.write("The database holds synthetic data; the bundled data is not loaded.")
            return
        first_time = not TierRating.objects.exists()
        on_record = set(TierRating.objects.values_list("country__iso3", "year"))
        if not bundled_country_years() - on_record:
            self.stdout.write("Bundled data already loaded; nothing to do.")
            return
        call_command(
            "import_tiers",
            *map(str, BUNDLED_TIERS),
            keep_existing=True,
            stdout=self.stdout,
            stderr=self.stderr,
        )
        if first_time:
            call_command(
                "import_report", *map(str, BUNDLED_CHAPTERS), quiet=True, stdout=self.stdout
            )
