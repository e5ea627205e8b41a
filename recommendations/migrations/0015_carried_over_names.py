"""One name for the relation: link_similarity and link_confirmed become carried_over_similarity
and carried_over_confirmed (renamed in place, values kept), and the help texts say carried over
and recurrence chain."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('recommendations', '0014_sort_name_order'),
    ]

    operations = [
        migrations.RenameField(
            model_name='recommendation',
            old_name='link_similarity',
            new_name='carried_over_similarity',
        ),
        migrations.RenameField(
            model_name='recommendation',
            old_name='link_confirmed',
            new_name='carried_over_confirmed',
        ),
        migrations.AlterField(
            model_name='recommendation',
            name='carried_over_similarity',
            field=models.FloatField(blank=True, editable=False, help_text='0-100 similarity to the text it is carried over from.', null=True),
        ),
        migrations.AlterField(
            model_name='recommendation',
            name='carried_over_confirmed',
            field=models.BooleanField(default=False, help_text='An admin confirmed or set carried_over_from by hand.'),
        ),
        migrations.AlterField(
            model_name='recommendation',
            name='recurrence_years',
            field=models.PositiveSmallIntegerField(default=1, editable=False, help_text='Length of the recurrence chain ending here, in report years.'),
        ),
    ]
