"""A second city in its own vocabulary, onboarded from one workbook (issue 20's acceptance).

Its 社会福祉協議会 is the 事務局 and has the tier-1 coordinator; 12 圏域; a 第3層 所属 and
coordinator; four 区分 of its own (その他 for tier 1 only); two 佐藤 花子 told apart by 職員番号
in different 所属; two 「ふれあいサロン」 in different 圏域; one person holding two posts (兼務).
`import_master` alone sets it up; records come through `import_records` and the week page; the
report (screen, JSON, CSV, workbook, Word) shows its own columns and totals.
"""

import csv
import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from docx import Document

from coordinators.imports.records import import_records
from coordinators.models import (
    Activity,
    ActivityForm,
    Area,
    Category,
    Center,
    Coordinator,
    Municipality,
    SocialResource,
)
from tests.builders import workbook, workbook_bytes
from tests.conftest import FAST_HASHERS
from tests.factories import division_user, staff_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("season_2024")]

CENTERS = [
    # 名称, 種別, 層, 表示順, 事務局
    ("みどり市社会福祉協議会", "社会福祉協議会", 1, 1, "○"),
    ("中央地域包括支援センター", "地域包括支援センター", 2, 2, ""),
    ("北地域包括支援センター", "地域包括支援センター", 2, 3, ""),
    ("南地域包括支援センター", "地域包括支援センター", 2, 4, ""),
    ("緑町地区社協", "地区社協", 3, 5, ""),
]
AREAS = [
    (f"{name}圏域", center, f"{name}一丁目、{name}二丁目")
    for name, center in [
        ("本町", "中央地域包括支援センター"),
        ("栄町", "中央地域包括支援センター"),
        ("旭町", "中央地域包括支援センター"),
        ("若葉", "中央地域包括支援センター"),
        ("北原", "北地域包括支援センター"),
        ("松山", "北地域包括支援センター"),
        ("桜台", "北地域包括支援センター"),
        ("東原", "北地域包括支援センター"),
        ("南台", "南地域包括支援センター"),
        ("浜町", "南地域包括支援センター"),
        ("緑町", "緑町地区社協"),
        ("新田", "南地域包括支援センター"),
    ]
]
MUNICIPALITY_CODE = "991015"  # fictional (no prefecture 99), its check digit right
MASTER = {
    "自治体": [("みどり市", MUNICIPALITY_CODE)],
    "区分": [
        (1, "資源開発", 1, "", "資源開発"),
        (2, "ネットワーク構築", 2, "1、2、3", "ネットワーク構築"),
        (3, "ニーズと取組のマッチング", 3, "", "ニーズと取組のマッチング"),
        (4, "その他", 4, "1", "その他"),
    ],
    "所属": CENTERS,
    "日常生活圏域": AREAS,
    "担当者": [
        # 氏名, ふりがな, 所属, 層, 開始日, 終了日, 兼務, 職員番号
        ("山田 一郎", "やまだ いちろう", "みどり市社会福祉協議会", 1, "R6.4.1", None, "", "1001"),
        ("佐藤 花子", "さとう はなこ", "中央地域包括支援センター", 2, "R6.4.1", None, "", "1023"),
        ("佐藤 花子", "さとう はなこ", "北地域包括支援センター", 2, "R6.4.1", None, "", "2045"),
        ("武田 誠", "たけだ まこと", "北地域包括支援センター", 2, "R6.4.1", None, "", ""),
        ("武田 誠", "たけだ まこと", "緑町地区社協", 3, "R6.4.1", None, "○", ""),
        ("小林 幸子", "こばやし さちこ", "緑町地区社協", 3, "R6.4.1", None, "", ""),
    ],
    "社会資源": [
        ("ふれあいサロン", "いきいきサロン", "本町圏域", "", "", "", "活動中", "", "", ""),
        ("ふれあいサロン", "いきいきサロン", "北原圏域", "", "", "", "活動中", "", "", ""),
    ],
}
CATEGORY_LABELS = ["資源開発", "ネットワーク構築", "ニーズと取組のマッチング", "その他"]


def _row(day, center, people, category, resource="", description="サロン訪問"):
    return (day, "10:00", 60, center, people, category, "訪問", resource, "", 8, description)


RECORDS = [
    # the 佐藤 花子 of each 所属, each at the ふれあいサロン of its own 圏域
    _row("2024/6/10", "中央地域包括支援センター", "佐藤 花子", "資源開発", "ふれあいサロン"),
    _row("2024/6/11", "北地域包括支援センター", "佐藤 花子", "ネットワーク構築", "ふれあいサロン"),
    _row("2024/6/12", "みどり市社会福祉協議会", "山田 一郎", "その他", description="広報"),
    _row("2024/6/13", "緑町地区社協", "小林 幸子", "ニーズと取組のマッチング"),
    # 兼務: the row's 所属 says which post the record counts for
    _row("2024/6/14", "緑町地区社協", "武田 誠", "ネットワーク構築", description="見守り会議"),
]


@pytest.fixture
def city(tmp_path):
    path = tmp_path / "みどり市マスタ.xlsx"
    path.write_bytes(workbook_bytes(MASTER))
    call_command("import_master", str(path))
    centers = {center.name: center for center in Center.objects.all()}
    return {
        "division": division_user("midori"),
        "kita": staff_user("kita", centers["北地域包括支援センター"]),
        "centers": centers,
    }


def _upload(data, name="records.xlsx"):
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_the_master_workbook_alone_sets_the_city_up(city):
    assert str(Municipality.objects.get()) == "みどり市（991015）"
    assert list(Category.objects.values_list("number", "label", "national_function")) == [
        (1, "資源開発", "resource_development"),
        (2, "ネットワーク構築", "network"),
        (3, "ニーズと取組のマッチング", "matching"),
        (4, "その他", "other"),
    ]
    assert Area.objects.count() == 12
    secretariat = Center.objects.get(is_secretariat=True)
    assert (secretariat.name, secretariat.kind.name, secretariat.tier) == (
        "みどり市社会福祉協議会",
        "社会福祉協議会",
        1,
    )
    assert Center.objects.get(name="緑町地区社協").tier == 3
    assert Coordinator.objects.filter(name="佐藤 花子").count() == 2
    assert SocialResource.objects.filter(name="ふれあいサロン").count() == 2
    takeda = Coordinator.objects.get(name="武田 誠")
    assert takeda.assignments.count() == 2


def test_records_count_in_the_city_s_own_columns(city, client):
    report = import_records(_upload(workbook(RECORDS)), user=city["division"])
    assert not report.errors, report.errors
    people = {
        (a.center.name, a.resource.area.name, a.coordinators.get().staff_number)
        for a in Activity.objects.filter(resource__isnull=False)
    }
    assert people == {
        ("中央地域包括支援センター", "本町圏域", "1023"),
        ("北地域包括支援センター", "北原圏域", "2045"),
    }
    kenmu = Activity.objects.get(description="見守り会議")
    assert (kenmu.center.name, kenmu.tier) == ("緑町地区社協", 3)

    # the week page of 北包括: its 佐藤 花子 records 資源開発; その他 is tier 1's only
    kita = city["centers"]["北地域包括支援センター"]
    sato = Coordinator.objects.get(staff_number="2045")
    visit = ActivityForm.objects.get(name="訪問")
    client.force_login(city["kita"])
    url = reverse("coordinators:activity_create") + f"?center={kita.pk}"
    entry = {
        "date": "2024-06-17",
        "category": "1",
        "form": visit.pk,
        "coordinators": [sato.pk],
        "description": "新しいサロンの立上げ相談",
    }
    assert client.post(url, entry).status_code == 302
    refused = client.post(url, {**entry, "category": "4", "description": "広報誌"})
    assert "「その他」は第1層の所属だけが記録できます。" in refused.content.decode()
    assert not Activity.objects.filter(description="広報誌").exists()

    # a tier-2 その他 in a file is refused by row, and nothing of the file is saved
    tier_2_other = _row("2024/6/18", "北地域包括支援センター", "佐藤 花子", "その他")
    report = import_records(_upload(workbook([tier_2_other])), user=city["division"])
    assert [(e.row, e.column) for e in report.errors] == [(2, "区分")]
    assert "「その他」は第1層の所属だけが記録できます。" in report.errors[0].message

    division = client
    division.force_login(city["division"])
    base = reverse("reports:report") + "?period=R6上半期"

    page = division.get(base).content.decode()
    for label in CATEGORY_LABELS:
        assert label in page
    assert "みどり市社会福祉協議会" in page
    assert "高齢者支援課" not in page

    data = json.loads(division.get(base + "&format=json").content)
    # issue 21: the national view of the same figures
    assert data["municipality"] == {"name": "みどり市", "code": MUNICIPALITY_CODE}
    assert data["by_function"] == {
        "資源開発": 2,
        "ネットワーク構築": 2,
        "ニーズと取組のマッチング": 1,
        "その他": 1,
    }
    # 武田 誠 holds 第2層 and, 兼務, 第3層: counted in both
    assert data["coordinators_by_tier"] == {"1": 1, "2": 3, "3": 2}
    assert data["councils"]["by_tier"] == {"1": 0, "2": 0, "3": 0}
    # the two ふれあいサロン are two places, each named with its 圏域
    assert sorted(place["name"] for place in data["top_places"]) == [
        "ふれあいサロン（北原圏域）",
        "ふれあいサロン（本町圏域）",
    ]
    assert data["visits"]["distinct_places"] == 2
    assert [(c["code"], c["label"]) for c in data["categories"]] == list(
        zip([1, 2, 3, 4], CATEGORY_LABELS, strict=True)
    )
    assert data["activity_counts"]["totals"] == {"1": 2, "2": 2, "3": 1, "4": 1}
    rows = {row["center"]: row for row in data["activity_counts"]["rows"]}
    assert rows["北地域包括支援センター"]["counts"] == {"1": 1, "2": 1, "3": 0, "4": None}
    assert rows["緑町地区社協"]["tier"] == 3
    assert rows["緑町地区社協"]["counts"] == {"1": 0, "2": 1, "3": 1, "4": None}
    assert rows["みどり市社会福祉協議会"]["counts"]["4"] == 1

    content = division.get(base + "&format=csv&table=0").content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(content)))
    header = next(row for row in table if "資源開発" in row)
    assert [cell for cell in header if cell in CATEGORY_LABELS] == CATEGORY_LABELS
    total = next(row for row in table if row and row[0] == "合計")
    assert total[header.index("資源開発")] == "2"
    assert total[header.index("その他")] == "1"

    sheet = openpyxl.load_workbook(
        io.BytesIO(division.get(base + "&format=xlsx").content)
    ).worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in values if "資源開発" in row)
    assert [cell for cell in header if cell in CATEGORY_LABELS] == CATEGORY_LABELS
    total = next(row for row in values if row and row[0] == "合計")
    assert total[header.index("ネットワーク構築")] == 2

    document = Document(
        io.BytesIO(
            division.get(reverse("reports:document") + "?period=R6上半期&format=docx").content
        )
    )
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for label in CATEGORY_LABELS:
        assert label in cells
    assert "高齢者支援課" not in "".join(cells) + "".join(p.text for p in document.paragraphs)


def test_a_second_import_of_the_master_changes_nothing(city, tmp_path, capsys):
    path = tmp_path / "again.xlsx"
    path.write_bytes(workbook_bytes(MASTER))
    capsys.readouterr()
    call_command("import_master", str(path))
    told = capsys.readouterr().out
    assert "担当者: 新規 0件、更新 0件、変更なし 6件" in told
    assert "社会資源: 新規 0件、更新 0件、変更なし 2件" in told
    assert Coordinator.objects.filter(name="佐藤 花子").count() == 2
    assert Center.objects.count() == len(CENTERS)


@pytest.fixture(scope="module")
def demo_json(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo city's 令和6年度上半期 report JSON (its published version), as a file; the demo
    is loaded in a transaction rolled back after, so this module's cities start empty."""
    path = tmp_path_factory.mktemp("rollup") / "musashino.json"
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        try:
            call_command("load_demo", "--force")
            call_command(
                "export_report", "--period", "R6上半期", "--format", "json", "--output", str(path)
            )
        finally:
            transaction.set_rollback(True)
    return path


def _report_file(client, tmp_path, name, period="R6上半期"):
    path = tmp_path / name
    path.write_bytes(
        client.get(reverse("reports:report") + f"?period={period}&format=json").content
    )
    return path


NUMBERS = slice(2, -1)  # the columns between 市町村 and 数値


def test_a_prefecture_adds_up_the_demo_city_and_the_second_city(
    demo_json, city, client, tmp_path, capsys
):
    assert not import_records(_upload(workbook(RECORDS)), user=city["division"]).errors
    client.force_login(city["division"])
    midori = _report_file(client, tmp_path, "midori.json")
    output = tmp_path / "集計.xlsx"
    call_command("rollup_reports", str(demo_json), str(midori), "--output", str(output))
    sheet = openpyxl.load_workbook(output).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
    header, musashino, second, total = rows
    assert header[:7] == ["団体コード", "市町村", *CATEGORY_LABELS, "合計"]
    assert musashino[:7] == ["132039", "武蔵野市", 314, 232, 23, 211, 780]
    assert musashino[-1] == "公表版 第1版"
    assert second[:7] == [MUNICIPALITY_CODE, "みどり市", 1, 2, 1, 1, 5]
    assert second[7:10] == [1, 3, 2]  # 担当者 by tier, 兼務 in both
    assert second[-1] == "締め前（いまの数値）"
    assert total[0] == "合計"
    assert total[NUMBERS] == [
        a + b for a, b in zip(musashino[NUMBERS], second[NUMBERS], strict=True)
    ]
    assert total[2:7] == [315, 234, 24, 212, 785]


def test_the_roll_up_refuses_mixed_periods_a_city_twice_and_a_file_without_a_code(
    demo_json, city, client, tmp_path, capsys
):
    client.force_login(city["division"])
    first = _report_file(client, tmp_path, "midori.json")
    later = _report_file(client, tmp_path, "midori_h2.json", period="R6下半期")
    again = tmp_path / "midori_copy.json"
    again.write_bytes(first.read_bytes())
    Municipality.objects.all().delete()
    uncoded = _report_file(client, tmp_path, "uncoded.json")
    output = tmp_path / "集計.xlsx"
    # 4: the later half-year is also みどり市 a second time
    with pytest.raises(CommandError, match="4件の問題があるため、集計していません"):
        call_command(
            "rollup_reports",
            *map(str, (demo_json, first, later, again, uncoded)),
            "--output",
            str(output),
        )
    told = capsys.readouterr().err
    assert f"{later}: 期間が違います（令和6年度下半期。" in told
    assert f"{again}: みどり市（{MUNICIPALITY_CODE}）は {first} と同じ自治体です。" in told
    assert f"{uncoded}: 団体コードがありません。" in told
    assert not output.exists()
