"""Cache versions: a permissions version and a random identity of this database (made here,
at migrate time, so two databases never share one), beside the site-wide version."""

import secrets

from django.db import migrations, models

import tipwatch.core.models


def ensure_row(apps, schema_editor):
    DataVersion = apps.get_model("tipwatch", "DataVersion")
    row, _ = DataVersion.objects.get_or_create(pk=1)
    row.identity = secrets.token_hex(16)
    row.save(update_fields=["identity"])


class Migration(migrations.Migration):

    dependencies = [
        ('tipwatch', '0003_import_jobs_and_schedule'),
    ]

    operations = [
        migrations.AddField(
            model_name='dataversion',
            name='identity',
            field=models.CharField(default=tipwatch.core.models.new_identity, help_text="Random, made at migrate time and renewed by a restore: cache keys of one database never match another's.", max_length=32),
        ),
        migrations.AddField(
            model_name='dataversion',
            name='permissions_version',
            field=models.PositiveBigIntegerField(default=0, help_text='Bumped by any change of who holds which permission.'),
        ),
        migrations.AlterField(
            model_name='dataversion',
            name='version',
            field=models.PositiveBigIntegerField(default=0, help_text='Bumped by what changes every page (a user renamed, a migration).'),
        ),
        migrations.RunPython(ensure_row, migrations.RunPython.noop),
    ]
