"""Seed the social-resource types and the three role groups with their permissions.

Types are data a city may rename or extend in admin; this only provides the common start.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RESOURCE_TYPES = [
    "いきいきサロン",
    "テンミリオンハウス",
    "つどいの場",
    "コミュニティセンター",
    "老人クラブ",
    "地区社協",
    "ボランティア団体",
    "カフェ",
    "民間",
    "その他",
]

MASTER_MODELS = [
    "center",
    "area",
    "town",
    "coordinator",
    "assignment",
    "resourcetype",
    "socialresource",
    "staffprofile",
]

GROUP_PERMISSIONS = {
    # Center staff work through the app's own screens; they get no admin access at all.
    "センター職員": [("coordinators", "view_socialresource"), ("coordinators", "change_socialresource"), ("coordinators", "add_socialresource")],
    "高齢者支援課": [("coordinators", f"view_{m}") for m in MASTER_MODELS]
    + [("coordinators", "add_socialresource"), ("coordinators", "change_socialresource")],
    "管理者": [
        ("coordinators", f"{action}_{m}")
        for m in MASTER_MODELS
        for action in ("view", "add", "change", "delete")
    ]
    + [("auth", f"{action}_user") for action in ("view", "add", "change")],
}


def seed(apps, schema_editor):
    for app_config in apps.get_app_configs():
        # Permissions are normally created after all migrations; the groups need them now.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    ResourceType = apps.get_model("coordinators", "ResourceType")
    for order, name in enumerate(RESOURCE_TYPES, start=1):
        ResourceType.objects.get_or_create(name=name, defaults={"display_order": order})

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codes in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, codename in codes:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("coordinators", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
