from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from countries.models import TierRating

BUNDLED_TIERS = settings.BASE_DIR / "data" / "tiers" / "tier_placements_2016_2025.csv"
BUNDLED_CHAPTERS = sorted((settings.BASE_DIR / "data" / "chapters").glob("*.txt"))


class Command(BaseCommand):
    help = "Load the bundled tier placements and chapters, the first time only."

    def handle(self, *args, **options):
        if TierRating.objects.exists():
            self.stdout.write("Data already loaded; nothing to do.")
            return
        call_command("import_tiers", str(BUNDLED_TIERS), quiet=True, stdout=self.stdout)
        call_command("import_report", *map(str, BUNDLED_CHAPTERS), quiet=True, stdout=self.stdout)
