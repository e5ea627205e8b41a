"""DataVersion (from countries) and ImportRun (from recommendations) move to the site app.

State only: both keep their tables. The content types move with them, so permissions granted
on them (the Admin role's view_importrun) stay granted, now as tipwatch.view_importrun.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = {"countries": "dataversion", "recommendations": "importrun"}


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, model in MOVED.items():
        if not ContentType.objects.filter(app_label="tipwatch", model=model).exists():
            ContentType.objects.filter(app_label=app_label, model=model).update(
                app_label="tipwatch"
            )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, model in MOVED.items():
        ContentType.objects.filter(app_label="tipwatch", model=model).update(app_label=app_label)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("countries", "0005_waivers_used"),
        ("recommendations", "0004_text_search_index"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DataVersion",
                    fields=[
                        ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                        ("version", models.PositiveBigIntegerField(default=0)),
                    ],
                    options={"db_table": "countries_dataversion"},
                ),
                migrations.CreateModel(
                    name="ImportRun",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("command", models.CharField(max_length=40)),
                        ("started_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("invoked_as", models.CharField(blank=True, help_text="User or command line.", max_length=200)),
                        ("files", models.JSONField(default=list)),
                        ("created", models.PositiveIntegerField(default=0)),
                        ("updated", models.PositiveIntegerField(default=0)),
                        ("unchanged", models.PositiveIntegerField(default=0)),
                        ("warnings", models.JSONField(default=list)),
                        ("errors", models.JSONField(default=list)),
                        ("succeeded", models.BooleanField(default=False)),
                        ("run_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"db_table": "recommendations_importrun", "ordering": ["-started_at", "-id"]},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
