"""Waivers granted (recorded or implied) and waivers used per Watch List run, derived."""

from django.db import migrations, models

from countries.tiers import derive_history


def derive_waivers(apps, schema_editor):
    TierRating = apps.get_model("countries", "TierRating")
    by_country = {}
    for rating in TierRating.objects.order_by("country_id", "year"):
        by_country.setdefault(rating.country_id, []).append(rating)
    changed = []
    for ratings in by_country.values():
        facts = derive_history([(r.year, r.tier, r.waiver) for r in ratings])
        for rating, fact in zip(ratings, facts, strict=True):
            if (rating.waiver_granted, rating.waivers_used) != (
                fact.waiver_granted,
                fact.waivers_used,
            ):
                rating.waiver_granted, rating.waivers_used = fact.waiver_granted, fact.waivers_used
                changed.append(rating)
    TierRating.objects.bulk_update(changed, ["waiver_granted", "waivers_used"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0004_resync_catalogue"),
    ]

    operations = [
        migrations.AddField(
            model_name="tierrating",
            name="waiver_granted",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Waiver recorded, or implied (3rd+ WL year).",
            ),
        ),
        migrations.AddField(
            model_name="tierrating",
            name="waivers_used",
            field=models.PositiveSmallIntegerField(
                default=0,
                editable=False,
                help_text="Waivers granted in this Watch List run so far.",
            ),
        ),
        migrations.RunPython(derive_waivers, migrations.RunPython.noop),
    ]
