"""Which ratings are the bundled data's (TierRating.bundled), so that a newer bundle may correct
them and never touches any other.

On a database loaded before the field existed, a rating is the bundle's when it is exactly a
row of data/tiers/ (tier, source and basis), or one of the two rows of the previous bundle
(2016-2025, 1,329 rows) that this one corrects: The Gambia and Liberia 2017, Tier 2 there,
Tier 2 Watch List here.
"""

import csv

from django.conf import settings
from django.db import migrations, models

PREVIOUS_BUNDLE_CORRECTED = {
    (iso3, 2017, "2", "https://africatimes.com/2017/06/28/u-s-trafficking-report-finds-no-"
     "african-nation-in-compliance-with-standards/", "stated")
    for iso3 in ("GMB", "LBR")
}


def bundled_rows():
    from countries.tiers import parse_tier

    rows = set(PREVIOUS_BUNDLE_CORRECTED)
    for path in (settings.BASE_DIR / "data" / "tiers").glob("tier_placements_*.csv"):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                rows.add(
                    (
                        row["iso3"],
                        int(row["report_year"]),
                        parse_tier(row["tier"]),
                        row["source_url"],
                        row["basis"],
                    )
                )
    return rows


def mark_bundled(apps, schema_editor):
    TierRating = apps.get_model("countries", "TierRating")
    ratings = TierRating.objects.filter(is_synthetic=False).values_list(
        "pk", "country__iso3", "year", "tier", "source", "basis"
    )
    bundle = bundled_rows()
    ids = [pk for pk, *facts in ratings if tuple(facts) in bundle]
    for start in range(0, len(ids), 500):
        TierRating.objects.filter(pk__in=ids[start : start + 500]).update(bundled=True)


class Migration(migrations.Migration):
    dependencies = [("countries", "0007_country_years")]

    operations = [
        migrations.AddField(
            model_name="tierrating",
            name="bundled",
            field=models.BooleanField(
                default=False,
                db_default=False,
                editable=False,
                help_text="Loaded from the project's bundled data (data/tiers/) and unchanged "
                "since: a newer bundle may correct it. Any other write (admin, chapter, another "
                "table) clears it, and the bundle never changes the rating again.",
            ),
        ),
        migrations.RunPython(mark_bundled, migrations.RunPython.noop),
    ]
