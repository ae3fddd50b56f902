"""People and places told apart (issue 20): a coordinator by 職員番号, else 氏名 + ふりがな; a
social resource by 名称 + 圏域. The former unique names satisfy both."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('coordinators', '0025_kinds_of_center_required'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='coordinator',
            name='staff_number',
            field=models.CharField(blank=True, help_text='同じ氏名の人を見分ける番号（市の職員番号など）。空欄なら氏名とふりがなで見分けます', max_length=20, verbose_name='職員番号'),
        ),
        migrations.AddField(
            model_name='historicalcoordinator',
            name='staff_number',
            field=models.CharField(blank=True, help_text='同じ氏名の人を見分ける番号（市の職員番号など）。空欄なら氏名とふりがなで見分けます', max_length=20, verbose_name='職員番号'),
        ),
        migrations.AlterField(
            model_name='coordinator',
            name='name',
            field=models.CharField(max_length=100, verbose_name='氏名'),
        ),
        migrations.AlterField(
            model_name='historicalcoordinator',
            name='name',
            field=models.CharField(max_length=100, verbose_name='氏名'),
        ),
        migrations.AlterField(
            model_name='historicalsocialresource',
            name='name',
            field=models.CharField(max_length=200, verbose_name='名称'),
        ),
        migrations.AlterField(
            model_name='socialresource',
            name='name',
            field=models.CharField(max_length=200, verbose_name='名称'),
        ),
        migrations.AddConstraint(
            model_name='coordinator',
            constraint=models.UniqueConstraint(condition=models.Q(('staff_number', ''), _negated=True), fields=('staff_number',), name='coordinator_unique_staff_number', violation_error_message='この職員番号の人はすでに登録されています。'),
        ),
        migrations.AddConstraint(
            model_name='coordinator',
            constraint=models.UniqueConstraint(condition=models.Q(('staff_number', '')), fields=('name', 'kana'), name='coordinator_unique_name_without_number', violation_error_message='同じ氏名・ふりがなの人がいます。別の人なら職員番号を入力してください。'),
        ),
        migrations.AddConstraint(
            model_name='socialresource',
            constraint=models.UniqueConstraint(fields=('name', 'area'), name='resource_unique_name_in_area', violation_error_message='同じ圏域に同じ名称の社会資源があります。'),
        ),
        migrations.AddConstraint(
            model_name='socialresource',
            constraint=models.UniqueConstraint(condition=models.Q(('area__isnull', True)), fields=('name',), name='resource_unique_name_without_area', violation_error_message='圏域のない同じ名称の社会資源があります。'),
        ),
    ]
