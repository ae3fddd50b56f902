"""The demo city: the first customer's organisation with fictional people and resources.

Everything is upserted by name, so loading it again leaves the same data. Later capabilities
add their own demo records on top of this.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from coordinators.models import (
    Area,
    Center,
    CenterKind,
    Coordinator,
    DemoMark,
    Municipality,
    ResourceState,
    ResourceType,
    SocialResource,
    StaffProfile,
    Tier,
    Town,
)
from coordinators.organisation.services import coordinator_assign
from coordinators.roles import ADMIN, DIVISION, STAFF, group_for

DIVISION_NAME = "高齢者支援課"
TIER2_CENTERS = [
    "ゆとりえ",
    "吉祥寺本町",
    "高齢者総合センター",
    "吉祥寺ナーシングホーム",
    "桜堤ケアハウス",
    "武蔵野赤十字",
]

# (area, serving center, short name used in resource names, towns)
AREAS = [
    ("吉祥寺東・南圏域", "ゆとりえ", "東町", ["吉祥寺東町", "吉祥寺南町", "御殿山"]),
    ("吉祥寺本町・北町圏域", "吉祥寺本町", "本町", ["吉祥寺本町", "吉祥寺北町"]),
    ("中央圏域", "高齢者総合センター", "緑町", ["中町", "緑町", "八幡町"]),
    ("西久保・関前圏域", "吉祥寺ナーシングホーム", "関前", ["西久保", "関前"]),
    ("桜堤・境圏域", "桜堤ケアハウス", "桜堤", ["桜堤", "境"]),
    ("境南圏域", "武蔵野赤十字", "境南", ["境南町"]),
]

# (name, kana, [(center, tier, start, end)]); 中村 moved centers, 山本 left.
COORDINATORS = [
    ("佐藤 花子", "さとう はなこ", [("ゆとりえ", 2, date(2020, 4, 1), None)]),
    ("鈴木 健一", "すずき けんいち", [("吉祥寺本町", 2, date(2023, 4, 1), None)]),
    ("高橋 美咲", "たかはし みさき", [("高齢者総合センター", 2, date(2019, 4, 1), None)]),
    ("田中 直樹", "たなか なおき", [("吉祥寺ナーシングホーム", 2, date(2022, 10, 1), None)]),
    (
        "中村 由美",
        "なかむら ゆみ",
        [
            ("吉祥寺本町", 2, date(2021, 4, 1), date(2023, 3, 31)),
            ("桜堤ケアハウス", 2, date(2023, 4, 1), None),
        ],
    ),
    ("山本 恵", "やまもと めぐみ", [("桜堤ケアハウス", 2, date(2018, 4, 1), date(2023, 3, 31))]),
    ("小林 大輔", "こばやし だいすけ", [("武蔵野赤十字", 2, date(2021, 7, 1), None)]),
    ("伊藤 真理", "いとう まり", [(DIVISION_NAME, 1, date(2018, 4, 1), None)]),
    ("渡辺 翔", "わたなべ しょう", [(DIVISION_NAME, 1, date(2024, 4, 1), None)]),
]

# (type, name pattern, schedule, operator pattern, subsidised, state, launched)
RESOURCE_PATTERNS = [
    (
        "いきいきサロン",
        "いきいきサロン {nick}ひだまり",
        "毎月第2水曜 13:30〜15:30",
        "{town}ひだまりの会",
        True,
        "active",
        date(2016, 6, 1),
    ),
    (
        "いきいきサロン",
        "いきいきサロン {nick}ふれあい茶話会",
        "毎週金曜 10:00〜12:00",
        "{town}ふれあいの会",
        True,
        "active",
        date(2018, 5, 1),
    ),
    (
        "いきいきサロン",
        "いきいきサロン {nick}うたごえ",
        "毎月第4火曜 14:00〜15:30",
        "うたごえボランティア{nick}",
        True,
        "paused",
        date(2015, 10, 1),
    ),
    (
        "テンミリオンハウス",
        "テンミリオンハウス {nick}の家",
        "月〜金 10:00〜16:00",
        "NPO法人{nick}ささえあい",
        True,
        "active",
        date(2012, 4, 1),
    ),
    (
        "つどいの場",
        "{nick}つどいの場「えんがわ」",
        "毎週火曜 10:00〜12:00",
        "{town}町会",
        False,
        "active",
        date(2021, 9, 1),
    ),
    (
        "コミュニティセンター",
        "{nick}コミュニティセンター",
        "9:30〜21:30（第3月曜休館）",
        "{nick}コミュニティ協議会",
        True,
        "active",
        date(1995, 4, 1),
    ),
    (
        "老人クラブ",
        "{nick}寿会",
        "毎月第1月曜 定例会",
        "{nick}寿会",
        True,
        "active",
        date(1990, 4, 1),
    ),
    (
        "地区社協",
        "{nick}地区福祉の会",
        "年6回 運営委員会",
        "{nick}地区社会福祉協議会",
        True,
        "active",
        date(2000, 4, 1),
    ),
    (
        "ボランティア団体",
        "見守りボランティア{nick}",
        "随時",
        "見守りボランティア{nick}",
        False,
        "active",
        date(2019, 1, 15),
    ),
    (
        "カフェ",
        "{nick}まちかどカフェ",
        "毎月第3土曜 13:00〜16:00",
        "株式会社{nick}ベーカリー",
        False,
        "preparing",
        None,
    ),
]
EXTRA_RESOURCES = [
    (
        "民間",
        "スポーツクラブ健康体操教室",
        "本町",
        "毎週水曜 10:00〜11:00",
        "民間スポーツクラブ",
        False,
        "active",
    ),
    (
        "民間",
        "ドラッグストア相談コーナー",
        "境南",
        "第1・3木曜 14:00〜16:00",
        "民間薬局",
        False,
        "active",
    ),
    (
        "その他",
        "男性の料理教室",
        "緑町",
        "毎月第2土曜 10:00〜13:00",
        "料理ボランティア",
        False,
        "ended",
    ),
]

DEMO_LOGINS = [
    # (username, password, full name, role group, center or None, linked coordinator)
    ("staff_yutorie", "yutorie-demo-2024", "ゆとりえ 職員", STAFF, "ゆとりえ", "佐藤 花子"),
    ("staff_honcho", "honcho-demo-2024", "吉祥寺本町 職員", STAFF, "吉祥寺本町", "鈴木 健一"),
    ("division", "division-demo-2024", "高齢者支援課 職員", DIVISION, None, "伊藤 真理"),
    ("admin", "admin-demo-2024!", "システム管理者", ADMIN, None, None),
]


@dataclass
class DemoLogin:
    username: str
    password: str
    role: str
    center: str


DEMO_MUNICIPALITY = ("武蔵野市", "132039")


def _upsert(model, lookup, values):
    obj, _ = model.objects.update_or_create(**lookup, defaults=values)
    return obj


@transaction.atomic
def load_demo_city():
    """Load the demo organisation, resources and logins; returns the logins to print."""
    # the demo city's 全国地方公共団体コード, with its check digit (issue 21)
    _upsert(Municipality, {"id": 1}, {"name": DEMO_MUNICIPALITY[0], "code": DEMO_MUNICIPALITY[1]})
    centers = {}
    community = CenterKind.objects.get_or_create(name="地域包括支援センター")[0]
    division = CenterKind.objects.get_or_create(name="高齢者支援課")[0]
    for order, name in enumerate(TIER2_CENTERS, start=1):
        centers[name] = _upsert(
            Center,
            {"name": name},
            {
                "kind": community,
                "tier": Tier.SECOND,
                "display_order": order,
                "is_active": True,
            },
        )
    centers[DIVISION_NAME] = _upsert(
        Center,
        {"name": DIVISION_NAME},
        {
            "kind": division,
            "tier": Tier.FIRST,
            "is_secretariat": True,
            "display_order": 100,
            "is_active": True,
        },
    )

    towns_by_nick = {}
    for order, (area_name, center_name, nick, town_names) in enumerate(AREAS, start=1):
        area = _upsert(
            Area, {"name": area_name}, {"center": centers[center_name], "display_order": order}
        )
        towns = [
            _upsert(Town, {"area": area, "name": town}, {"display_order": index})
            for index, town in enumerate(town_names, start=1)
        ]
        towns_by_nick[nick] = (area, towns)

    for name, kana, history in COORDINATORS:
        coordinator = _upsert(Coordinator, {"name": name}, {"kana": kana})
        for center_name, tier, start, end in history:
            coordinator_assign(
                coordinator=coordinator,
                center=centers[center_name],
                tier=tier,
                start_date=start,
                end_date=end,
            )

    types = {resource_type.name: resource_type for resource_type in ResourceType.objects.all()}
    for nick, (area, towns) in towns_by_nick.items():
        for index, (
            type_name,
            pattern,
            schedule,
            operator,
            subsidised,
            state,
            launched,
        ) in enumerate(RESOURCE_PATTERNS):
            town = towns[index % len(towns)]
            _upsert(
                SocialResource,
                {"name": pattern.format(nick=nick, town=town.name)},
                {
                    "resource_type": types[type_name],
                    "area": area,
                    "town": town,
                    "address": f"武蔵野市{town.name}{index % 4 + 1}-{index + 3}-{index * 2 + 1}",
                    "operator": operator.format(nick=nick, town=town.name),
                    "schedule": schedule,
                    "state": ResourceState(state),
                    "launched_on": launched,
                    "is_subsidised": subsidised,
                },
            )
    for type_name, name, nick, schedule, operator, subsidised, state in EXTRA_RESOURCES:
        area, towns = towns_by_nick[nick]
        _upsert(
            SocialResource,
            {"name": f"{nick} {name}"},
            {
                "resource_type": types[type_name],
                "area": area,
                "town": towns[0],
                "operator": operator,
                "schedule": schedule,
                "state": ResourceState(state),
                "is_subsidised": subsidised,
                "notes": "市補助事業外の取組" if not subsidised else "",
            },
        )

    logins = []
    for username, password, full_name, role, center_name, coordinator_name in DEMO_LOGINS:
        is_admin = role == ADMIN
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "last_name": full_name,
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save()
        group = group_for(role)
        user.groups.set([group])
        if center_name:
            StaffProfile.objects.update_or_create(
                user=user, defaults={"center": centers[center_name]}
            )
        if coordinator_name:
            Coordinator.objects.filter(name=coordinator_name).update(user=user)
        logins.append(DemoLogin(username, password, group.name, center_name or "—"))
    _mark(DemoMark.Kind.CENTER, centers)
    _mark(DemoMark.Kind.LOGIN, [login.username for login in logins])
    return logins


def _mark(kind, names):
    # what the demo made, so a later load_demo knows the database as its own (issue 17)
    for name in names:
        DemoMark.objects.get_or_create(kind=kind, name=name)
