import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from recommendations.models import Recommendation
from recommendations.services.themes import apply_rules_everywhere
from recommendations.services.wording_groups import refresh_wording_groups
from recommendations.themes import THEME_SLUGS


class Command(BaseCommand):
    help = (
        "Re-apply the theme rules (recommendations/themes.py) to every recommendation whose "
        "themes no admin corrected, all or nothing; report how many gained and lost each theme. "
        "Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, quiet, **options):
        started = time.monotonic()
        total = Recommendation.objects.filter(themes_corrected=False).count()
        # The bar writes to the real stream: Django's wrapper would add a newline per update.
        stream = getattr(self.stderr, "_out", self.stderr)
        with tqdm(total=total, disable=quiet, file=stream, unit="rec") as bar:
            result = apply_rules_everywhere(progress=bar.update)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{total} recommendations read, {len(result.recommendations)} changed "
            f"in {elapsed:.1f} s."
        )
        for slug in THEME_SLUGS:
            added, removed = result.counts[slug, "added"], result.counts[slug, "removed"]
            if added or removed:
                self.stdout.write(f"  {slug}: +{added} -{removed}")
        # The analysis pages' groups of repeated wording, kept with the themes they show.
        regrouped = refresh_wording_groups()
        self.stdout.write(f"{regrouped} recommendations changed wording group.")
