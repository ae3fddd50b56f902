"""Seed the activity forms (活動形態); cities rename or extend them in admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FORMS = [
    ("訪問", True),
    ("会議・協議体出席", False),
    ("研修・講座受講", False),
    ("講師・講話", False),
    ("視察受入", False),
    ("広報誌・チラシ発行", False),
    ("イベント開催", False),
    ("電話・メール連絡", False),
    ("相談対応", False),
    ("事務・準備", False),
    ("その他", False),
]

ACTIVITY_MODELS = ["activity", "activityform", "activitytemplate", "halfyearclosing"]


def seed(apps, schema_editor):
    ActivityForm = apps.get_model("coordinators", "ActivityForm")
    for order, (name, counts_as_visit) in enumerate(FORMS, start=1):
        ActivityForm.objects.get_or_create(
            name=name, defaults={"counts_as_visit": counts_as_visit, "display_order": order}
        )

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def grant(group_name, codenames):
        group = Group.objects.get(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="coordinators", codename__in=codenames)
        )

    grant("管理者", [f"{a}_{m}" for m in ACTIVITY_MODELS for a in ("view", "add", "change", "delete")])
    grant("高齢者支援課", [f"view_{m}" for m in ACTIVITY_MODELS] + ["add_halfyearclosing", "change_halfyearclosing"])


class Migration(migrations.Migration):
    dependencies = [("coordinators", "0003_activities")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
