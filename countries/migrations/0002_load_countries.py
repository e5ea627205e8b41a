"""Every country and territory the TIP report rates is present after migrate."""

from django.db import migrations


def load_countries(apps, schema_editor):
    from countries.catalogue import sync_countries

    sync_countries(apps.get_model("countries", "Country"))


class Migration(migrations.Migration):
    dependencies = [("countries", "0001_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
