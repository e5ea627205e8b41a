from django.db import migrations, models

from countries.collation import sort_key


def set_sort_names(apps, schema_editor):
    Country = apps.get_model("countries", "Country")
    countries = list(Country.objects.only("id", "name"))
    for country in countries:
        country.sort_name = sort_key(country.name)
    Country.objects.bulk_update(countries, ["sort_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0009_cache_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="country",
            name="sort_name",
            field=models.CharField(
                db_index=True,
                default="",
                editable=False,
                help_text="The name's collation key (countries/collation.py), set on save.",
                max_length=400,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(set_sort_names, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="country",
            options={
                "ordering": ["sort_name", "name"],
                "permissions": [
                    ("trends_home", "Starts on the trends page after login (managers)")
                ],
                "verbose_name_plural": "countries",
            },
        ),
        migrations.AlterModelOptions(
            name="tierrating",
            options={"ordering": ["country__sort_name", "country__name", "-year"]},
        ),
    ]
