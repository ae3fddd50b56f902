"""区分 as data (issue 20): the seven that were fixed in code become rows with the same numbers,
so every stored record, template and meeting keeps its column value; the columns then become
foreign keys. The national functions are the defaults the issue names, for the city to confirm."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


# number, label, tiers that may record it (2層支援: tier 1 only), national function
SEEDED = [
    (1, "担い手の養成", (1, 2, 3), "resource_development"),
    (2, "実態把握", (1, 2, 3), "network"),
    (3, "立上支援", (1, 2, 3), "resource_development"),
    (4, "運営支援", (1, 2, 3), "resource_development"),
    (5, "啓発", (1, 2, 3), "other"),
    (6, "個別支援", (1, 2, 3), "matching"),
    (7, "2層支援（1層のみ）", (1,), "network"),
]
MEETING_DEFAULT = 4  # what Council.default_category defaulted to in code


def seed(apps, schema_editor):
    Category = apps.get_model("coordinators", "Category")
    for number, label, tiers, function in SEEDED:
        Category.objects.create(
            number=number,
            label=label,
            display_order=number,
            tier_1=1 in tiers,
            tier_2=2 in tiers,
            tier_3=3 in tiers,
            national_function=function,
            is_meeting_default=number == MEETING_DEFAULT,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("coordinators", "0022_role_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Category",
            fields=[
                (
                    "number",
                    models.PositiveSmallIntegerField(
                        help_text="報告やファイルでの区分のコード。記録があると変えられません",
                        primary_key=True,
                        serialize=False,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(99, "番号は1から99までです。"),
                        ],
                        verbose_name="番号",
                    ),
                ),
                ("label", models.CharField(max_length=50, unique=True, verbose_name="名称")),
                ("display_order", models.PositiveIntegerField(default=0, verbose_name="表示順")),
                ("tier_1", models.BooleanField(default=True, verbose_name="第1層で記録できる")),
                ("tier_2", models.BooleanField(default=True, verbose_name="第2層で記録できる")),
                ("tier_3", models.BooleanField(default=True, verbose_name="第3層で記録できる")),
                (
                    "national_function",
                    models.CharField(
                        choices=[
                            ("resource_development", "資源開発"),
                            ("network", "ネットワーク構築"),
                            ("matching", "ニーズと取組のマッチング"),
                            ("other", "その他"),
                        ],
                        default="other",
                        help_text="全国の報告でこの区分を数える機能",
                        max_length=30,
                        verbose_name="国の機能",
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="無効にすると新しい記録では選べません（過去の記録は残ります）",
                        verbose_name="有効",
                    ),
                ),
                (
                    "is_meeting_default",
                    models.BooleanField(
                        default=False,
                        help_text="新しい会議体の「既定の区分」（1つだけ）",
                        verbose_name="会議の既定",
                    ),
                ),
            ],
            options={
                "verbose_name": "区分",
                "verbose_name_plural": "区分",
                "ordering": ["display_order", "number"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("is_meeting_default", True)),
                        fields=("is_meeting_default",),
                        name="category_one_meeting_default",
                        violation_error_message="会議の既定にできる区分は1つだけです。",
                    )
                ],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="activity",
            name="category",
            field=models.ForeignKey(
                db_column="category",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="coordinators.category",
                verbose_name="区分",
            ),
        ),
        migrations.AlterField(
            model_name="activitytemplate",
            name="category",
            field=models.ForeignKey(
                db_column="category",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="coordinators.category",
                verbose_name="区分",
            ),
        ),
        migrations.AlterField(
            model_name="historicalactivity",
            name="category",
            field=models.ForeignKey(
                blank=True,
                db_column="category",
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="coordinators.category",
                verbose_name="区分",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalCategory",
            fields=[
                (
                    "number",
                    models.PositiveSmallIntegerField(
                        db_index=True,
                        help_text="報告やファイルでの区分のコード。記録があると変えられません",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(99, "番号は1から99までです。"),
                        ],
                        verbose_name="番号",
                    ),
                ),
                ("label", models.CharField(db_index=True, max_length=50, verbose_name="名称")),
                ("display_order", models.PositiveIntegerField(default=0, verbose_name="表示順")),
                ("tier_1", models.BooleanField(default=True, verbose_name="第1層で記録できる")),
                ("tier_2", models.BooleanField(default=True, verbose_name="第2層で記録できる")),
                ("tier_3", models.BooleanField(default=True, verbose_name="第3層で記録できる")),
                (
                    "national_function",
                    models.CharField(
                        choices=[
                            ("resource_development", "資源開発"),
                            ("network", "ネットワーク構築"),
                            ("matching", "ニーズと取組のマッチング"),
                            ("other", "その他"),
                        ],
                        default="other",
                        help_text="全国の報告でこの区分を数える機能",
                        max_length=30,
                        verbose_name="国の機能",
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="無効にすると新しい記録では選べません（過去の記録は残ります）",
                        verbose_name="有効",
                    ),
                ),
                (
                    "is_meeting_default",
                    models.BooleanField(
                        default=False,
                        help_text="新しい会議体の「既定の区分」（1つだけ）",
                        verbose_name="会議の既定",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical 区分",
                "verbose_name_plural": "historical 区分",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
