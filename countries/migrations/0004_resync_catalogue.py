"""Databases migrated before the importers gain the report spellings added since (KOS, ...)."""

from django.db import migrations


def resync(apps, schema_editor):
    from countries.catalogue import sync_countries

    sync_countries(apps.get_model("countries", "Country"))


class Migration(migrations.Migration):
    dependencies = [("countries", "0003_data_version")]

    operations = [migrations.RunPython(resync, migrations.RunPython.noop)]
