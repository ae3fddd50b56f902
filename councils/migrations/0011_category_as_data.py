"""Meetings and 会議体 keep their 区分 as the number they had, now a foreign key to 区分 as
data (issue 20); a new 会議体 starts with the 区分 marked 会議の既定."""

import councils.models
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('coordinators', '0023_category'),
        ('councils', '0010_third_tier_and_liaison_12'),
    ]

    operations = [
        migrations.AlterField(
            model_name='council',
            name='default_category',
            field=models.ForeignKey(db_column='default_category', default=councils.models.meeting_default_category, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='coordinators.category', verbose_name='既定の区分'),
        ),
        migrations.AlterField(
            model_name='historicalcouncil',
            name='default_category',
            field=models.ForeignKey(blank=True, db_column='default_category', db_constraint=False, default=councils.models.meeting_default_category, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coordinators.category', verbose_name='既定の区分'),
        ),
        migrations.AlterField(
            model_name='historicalmeeting',
            name='category',
            field=models.ForeignKey(blank=True, db_column='category', db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coordinators.category', verbose_name='区分'),
        ),
        migrations.AlterField(
            model_name='meeting',
            name='category',
            field=models.ForeignKey(db_column='category', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='coordinators.category', verbose_name='区分'),
        ),
    ]
