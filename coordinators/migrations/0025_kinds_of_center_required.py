"""Every 所属 now points at its kind (0024): the old code column goes and the kind is required.
A migration of its own: PostgreSQL refuses to alter a table whose rows the same transaction
has just updated through a deferred foreign key."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coordinators", "0024_kinds_of_center_and_secretariat"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveField(model_name='center', name='kind_code'),
        migrations.RemoveField(model_name='historicalcenter', name='kind_code'),
        migrations.AlterField(
            model_name='center',
            name='kind',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='centers', to='coordinators.centerkind', verbose_name='種別'),
        ),
        migrations.AddConstraint(
            model_name='center',
            constraint=models.UniqueConstraint(condition=models.Q(('is_secretariat', True)), fields=('is_secretariat',), name='center_one_secretariat', violation_error_message='事務局にできる所属は1つだけです。'),
        ),
        migrations.AddField(
            model_name='historicalcenterkind',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
    ]
