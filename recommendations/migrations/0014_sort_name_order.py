from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('countries', '0010_country_sort_name'),
        ('recommendations', '0013_upgrade_facts'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='follow',
            options={'ordering': ['country__sort_name']},
        ),
        migrations.AlterModelOptions(
            name='recommendation',
            options={'ordering': ['-year', 'country__sort_name', 'position'], 'permissions': [('change_status', 'Can record the status of a recommendation'), ('import_data', 'Can import report chapters and tier tables')]},
        ),
    ]
