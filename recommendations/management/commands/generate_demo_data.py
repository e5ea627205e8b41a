import time

from django.core.management.base import BaseCommand, CommandError

from recommendations.demo_data import (
    FIRST_ASKS_YEAR,
    RealDataError,
    SyntheticDataExists,
    generate,
    generate_asks,
)
from tipwatch.core.parsing import whole_number


class Command(BaseCommand):
    help = (
        "Replace all tier ratings, recommendations and status history with synthetic data "
        "(marked is_synthetic). Scale 1: every country, 2001-2025, 10 recommendations per "
        "country-year, 10 status changes each; below 1, that share of the countries; above 1, "
        "that multiple of the recommendations per country-year."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="e.g. 0.1, 1 or 10")
        parser.add_argument("--seed", type=whole_number, default=0, help="same seed, same data")
        parser.add_argument(
            "--force",
            action="store_true",
            help="also delete real (non-synthetic) ratings, recommendations and history",
        )
        parser.add_argument(
            "--beside-real-tiers",
            action="store_true",
            help=f"keep every tier rating and real recommendation; add synthetic "
            f"recommendations (with statuses and themes) to each rated country-year from "
            f"{FIRST_ASKS_YEAR} without real ones (python3 dev.py start --demo); does nothing "
            f"when synthetic recommendations are already there",
        )

    def handle(self, *args, scale, seed, force, beside_real_tiers, **options):
        started = time.monotonic()
        if beside_real_tiers:
            try:
                written = generate_asks(seed=seed)
            except SyntheticDataExists as exists:
                self.stdout.write(f"{exists} Nothing written.")
                return
            counts = ", ".join(f"{n} {label}" for label, n in written.items() if n)
            self.stdout.write(f"Synthetic recommendations beside the tier ratings: {counts}")
            return
        try:
            written = generate(scale=scale, seed=seed, force=force)
        except (RealDataError, ValueError) as error:
            raise CommandError(str(error)) from None
        counts = ", ".join(f"{n} {label}" for label, n in written.items())
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Synthetic data at scale {scale:g} (seed {seed}): {counts} in {elapsed:.1f} s"
        )
