"""Seed council kinds and regional-issue themes; cities rename or extend them in admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

KINDS = [
    ("地域包括ケア推進協議会", 1),
    ("SC連携会議", 3),
    ("地域ケア会議", 2),
    ("居場所づくり準備会", 2),
    ("地域フォーラム（地域懇談会）", 2),
    ("地域団体会議", 2),
    ("その他", 2),
]
THEMES = ["移動・買物", "居場所", "担い手", "認知症", "空き家", "見守り", "情報発信", "その他"]
MODELS = ["councilkind", "council", "meeting", "issuetheme", "regionalissue", "issuestep"]


def seed(apps, schema_editor):
    Kind = apps.get_model("councils", "CouncilKind")
    for order, (name, tier) in enumerate(KINDS, start=1):
        Kind.objects.get_or_create(name=name, defaults={"tier": tier, "display_order": order})
    Theme = apps.get_model("councils", "IssueTheme")
    for order, name in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(name=name, defaults={"display_order": order})

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="管理者").permissions.add(
        *Permission.objects.filter(
            content_type__app_label="councils",
            codename__in=[f"{a}_{m}" for m in MODELS for a in ("view", "add", "change", "delete")],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0001_initial"),
        ("coordinators", "0007_seed_consultation_choices"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
