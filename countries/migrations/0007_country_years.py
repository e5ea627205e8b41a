"""Countries through time: the years a country existed in, and the countries that ended
(Serbia and Montenegro, Netherlands Antilles) with the aliases the reports used."""

from django.db import migrations, models


def resync(apps, schema_editor):
    from countries.catalogue import sync_countries

    sync_countries(apps.get_model("countries", "Country"))


class Migration(migrations.Migration):
    dependencies = [("countries", "0006_dataversion_moved_to_tipwatch")]

    operations = [
        migrations.AddField(
            model_name="country",
            name="first_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="First report year it could be ranked in (empty: 2001).",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="country",
            name="last_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Last report year before it ended (empty: it still exists).",
                null=True,
            ),
        ),
        migrations.RunPython(resync, migrations.RunPython.noop),
    ]
