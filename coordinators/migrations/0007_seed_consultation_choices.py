"""Seed the consultation pick-lists and grant the roles their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROUTES = ["来所・電話", "訪問・活動先で", "会議等で", "メール・その他"]
CONSULTER_TYPES = [
    "高齢者（本人）",
    "家族",
    "地域活動者",
    "ケアマネジャー",
    "福祉施設・事業所",
    "その他関係機関",
]
TOPICS = [
    "介護保険・福祉施設",
    "個別ケース",
    "講師",
    "活動費",
    "他地域の取組",
    "プログラム内容",
    "認知症",
    "地域課題・社会資源",
    "活動場所",
    "空き家活用",
    "生活保護",
    "消費者被害",
    "その他",
]
OUTCOMES = [
    ("在宅介護支援センター等につないだ", False),
    ("社会資源につないだ", True),
    ("情報提供・助言で終了", False),
    ("継続対応中", False),
]
MODELS = [
    "consultationroute",
    "consultertype",
    "consultationtopic",
    "consultationoutcome",
    "consultation",
    "supportcase",
    "casestep",
    "accessrecord",
    "resourcestatechange",
]


def seed(apps, schema_editor):
    for model_name, names in [
        ("ConsultationRoute", ROUTES),
        ("ConsulterType", CONSULTER_TYPES),
        ("ConsultationTopic", TOPICS),
    ]:
        model = apps.get_model("coordinators", model_name)
        for order, name in enumerate(names, start=1):
            model.objects.get_or_create(name=name, defaults={"display_order": order})
    Outcome = apps.get_model("coordinators", "ConsultationOutcome")
    for order, (name, connects) in enumerate(OUTCOMES, start=1):
        Outcome.objects.get_or_create(
            name=name, defaults={"display_order": order, "connects_resource": connects}
        )

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admins = Group.objects.get(name="管理者")
    admins.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="coordinators",
            codename__in=[f"{a}_{m}" for m in MODELS[:4] for a in ("view", "add", "change", "delete")]
            + [f"view_{m}" for m in MODELS[4:]],
        )
    )


class Migration(migrations.Migration):
    dependencies = [("coordinators", "0006_consultations")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
