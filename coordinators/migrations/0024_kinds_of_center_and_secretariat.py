"""Kinds of 所属 as data and the 事務局 (issue 20): the two kinds that were fixed in code become
rows, every 所属 (and its change history) points at the row of its former code, and the 所属 of
the former kind 高齢者支援課 is marked 事務局 (the first by display order, when there were
several)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


KINDS = [("community", "地域包括支援センター", 1), ("division", "高齢者支援課", 2)]


def seed_kinds(apps, schema_editor):
    CenterKind = apps.get_model("coordinators", "CenterKind")
    for _code, name, order in KINDS:
        CenterKind.objects.create(name=name, display_order=order)


def point_at_kinds(apps, schema_editor):
    CenterKind = apps.get_model("coordinators", "CenterKind")
    by_code = {code: CenterKind.objects.get(name=name) for code, name, _order in KINDS}
    for model in ("Center", "HistoricalCenter"):
        rows = apps.get_model("coordinators", model).objects
        for code, kind in by_code.items():
            rows.filter(kind_code=code).update(kind=kind)
    Center = apps.get_model("coordinators", "Center")
    division = Center.objects.filter(kind_code="division").order_by("display_order", "name").first()
    if division is not None:
        Center.objects.filter(pk=division.pk).update(is_secretariat=True)


class Migration(migrations.Migration):

    dependencies = [
        ('coordinators', '0023_category'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CenterKind',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=50, unique=True, verbose_name='名称')),
                ('display_order', models.PositiveIntegerField(default=0, verbose_name='表示順')),
            ],
            options={
                'verbose_name': '所属の種別',
                'verbose_name_plural': '所属の種別',
                'ordering': ['display_order', 'name'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCenterKind',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(db_index=True, max_length=50, verbose_name='名称')),
                ('display_order', models.PositiveIntegerField(default=0, verbose_name='表示順')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical 所属の種別',
                'verbose_name_plural': 'historical 所属の種別',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='center',
            name='is_secretariat',
            field=models.BooleanField(default=False, help_text='事業の事務局（市の担当課など）。市に1つだけ', verbose_name='事務局'),
        ),
        migrations.AddField(
            model_name='historicalcenter',
            name='is_secretariat',
            field=models.BooleanField(default=False, help_text='事業の事務局（市の担当課など）。市に1つだけ', verbose_name='事務局'),
        ),
        migrations.RunPython(seed_kinds, migrations.RunPython.noop),
        migrations.RenameField(model_name='center', old_name='kind', new_name='kind_code'),
        migrations.RenameField(model_name='historicalcenter', old_name='kind', new_name='kind_code'),
        migrations.AddField(
            model_name='center',
            name='kind',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='centers', to='coordinators.centerkind', verbose_name='種別'),
        ),
        migrations.AddField(
            model_name='historicalcenter',
            name='kind',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coordinators.centerkind', verbose_name='種別'),
        ),
        migrations.RunPython(point_at_kinds, migrations.RunPython.noop),
    ]
