import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from coordinators.imports.master import SHEETS, build_master_template
from coordinators.models import (
    Area,
    Assignment,
    Center,
    Coordinator,
    SocialResource,
    Tier,
    Town,
    division_name,
)
from tests.builders import workbook_bytes

pytestmark = pytest.mark.django_db

GOOD_ROWS = {
    "所属": [
        ("ゆとりえ", "地域包括支援センター", 2, 1),
        ("吉祥寺本町", "地域包括支援センター", "2", 2),
        ("高齢者支援課", "高齢者支援課", 1, 9),
    ],
    "日常生活圏域": [
        ("東・南圏域", "ゆとりえ", "吉祥寺東町、吉祥寺南町、御殿山"),
        ("本町・北町圏域", "吉祥寺本町", "吉祥寺本町,吉祥寺北町"),
    ],
    "担当者": [
        ("佐藤 花子", "さとう はなこ", "ゆとりえ", 2, date(2020, 4, 1), None),
        ("中村 由美", "なかむら ゆみ", "吉祥寺本町", 2, "R3.4.1", "2023/3/31"),
        ("中村 由美", "なかむら ゆみ", "ゆとりえ", "2", "令和5年4月1日", None),
        ("伊藤 真理", "いとう まり", "高齢者支援課", 1, "２０１８/４/１", None),
    ],
    "社会資源": [
        (
            "東町ひだまり",
            "いきいきサロン",
            "東・南圏域",
            "吉祥寺東町",
            "武蔵野市吉祥寺東町1-1-1",
            "ひだまりの会",
            "活動中",
            "H28.6.1",
            "○",
            "",
        ),
        ("北町カフェ", "カフェ", "", "吉祥寺北町", "", "", "準備中", None, None, "市補助事業外"),
    ],
}


def write(tmp_path, content, name="master.xlsx"):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def snapshot():
    return {
        "centers": sorted(Center.objects.values_list("name", "kind", "tier", "display_order")),
        "areas": sorted(Area.objects.values_list("name", "center__name")),
        "towns": sorted(Town.objects.values_list("area__name", "name")),
        "coordinators": sorted(Coordinator.objects.values_list("name", "kana")),
        "assignments": sorted(
            Assignment.objects.values_list(
                "coordinator__name", "center__name", "tier", "start_date", "end_date"
            )
        ),
        "resources": sorted(
            SocialResource.objects.values_list(
                "name",
                "resource_type__name",
                "area__name",
                "town__name",
                "state",
                "launched_on",
                "is_subsidised",
                "notes",
            )
        ),
    }


def test_import_creates_every_sheet(tmp_path, capsys):
    call_command("import_master", write(tmp_path, workbook_bytes(GOOD_ROWS)))
    assert Center.objects.get(name="高齢者支援課").tier == 1
    assert list(Town.objects.filter(area__name="東・南圏域").values_list("name", flat=True)) == [
        "吉祥寺東町",
        "吉祥寺南町",
        "御殿山",
    ]
    history = Assignment.objects.filter(coordinator__name="中村 由美").order_by("start_date")
    assert [(a.center.name, a.start_date, a.end_date) for a in history] == [
        ("吉祥寺本町", date(2021, 4, 1), date(2023, 3, 31)),
        ("ゆとりえ", date(2023, 4, 1), None),
    ]
    salon = SocialResource.objects.get(name="東町ひだまり")
    assert (salon.launched_on, salon.is_subsidised, salon.state) == (
        date(2016, 6, 1),
        True,
        "active",
    )
    cafe = SocialResource.objects.get(name="北町カフェ")
    assert cafe.area.name == "本町・北町圏域"  # taken from its town
    assert not cafe.is_subsidised
    assert "社会資源: 新規 2件、更新 0件、変更なし 0件" in capsys.readouterr().out


def test_importing_the_same_workbook_twice_changes_nothing(tmp_path, capsys):
    path = write(tmp_path, workbook_bytes(GOOD_ROWS))
    call_command("import_master", path)
    first = snapshot()
    capsys.readouterr()
    call_command("import_master", path)
    assert snapshot() == first
    out = capsys.readouterr().out
    assert "新規 0件、更新 0件" in out
    assert "担当者: 新規 0件、更新 0件、変更なし 4件" in out


def test_changed_row_updates_by_name(tmp_path):
    call_command("import_master", write(tmp_path, workbook_bytes(GOOD_ROWS)))
    rows = dict(GOOD_ROWS)
    rows["社会資源"] = [(*GOOD_ROWS["社会資源"][0][:6], "休止", *GOOD_ROWS["社会資源"][0][7:])]
    call_command("import_master", write(tmp_path, workbook_bytes(rows), "second.xlsx"))
    assert SocialResource.objects.get(name="東町ひだまり").state == "paused"
    assert SocialResource.objects.count() == 2


def test_dry_run_reports_but_saves_nothing(tmp_path, capsys):
    call_command("import_master", write(tmp_path, workbook_bytes(GOOD_ROWS)), dry_run=True)
    assert not Center.objects.exists()
    out = capsys.readouterr().out
    assert "所属: 新規 3件" in out
    assert "保存していません" in out


def test_broken_workbook_saves_nothing_and_lists_every_error(tmp_path, capsys):
    rows = {
        "所属": [
            ("ゆとりえ", "地域包括支援センター", 2, 1),
            ("", "地域包括支援センター", 2, 2),
            ("吉祥寺本町", "センター", 4, "二"),
        ],
        "日常生活圏域": [("東・南圏域", "存在しない所属", "吉祥寺東町")],
        "担当者": [
            ("佐藤 花子", "", "ゆとりえ", 2, "R1.4.30", None),
            ("鈴木 健一", "", "ゆとりえ", 2, "2024/4/1", "2023/4/1"),
        ],
        "社会資源": [("東町サロン", "ふしぎな種別", "", "", "", "", "営業中", "", "はい", "")],
    }
    with pytest.raises(CommandError, match="件の誤りがあるため、何も保存していません"):
        call_command("import_master", write(tmp_path, workbook_bytes(rows)))
    errors = capsys.readouterr().err.splitlines()
    assert "所属!3 名称: 必須です。" in errors
    assert "所属!4 層: 1・2・3 のどれかを入力してください（入力: 4）。" in errors
    assert "所属!4 表示順: 0以上の整数を入力してください（入力: 二）。" in errors
    assert any(
        e.startswith("日常生活圏域!2 所属: 所属「存在しない所属」が見つかりません") for e in errors
    )
    assert any(e.startswith("担当者!2 開始日: 「R1.4.30」: 令和は") for e in errors)
    assert "担当者!3 終了日: 終了日は開始日以降の日付にしてください。" in errors
    assert any(
        e.startswith("社会資源!2 種別: 種別「ふしぎな種別」が見つかりません") for e in errors
    )
    assert any(e.startswith("社会資源!2 状態: 準備中・活動中・休止・終了") for e in errors)
    assert "社会資源!2 市補助事業: ○ か空欄にしてください（入力: はい）。" in errors
    assert len(errors) == 9
    # the good first row of 所属 was rolled back with everything else
    assert not Center.objects.exists()
    assert not Coordinator.objects.exists()


def test_each_bad_cell_of_a_resource_row_is_named(tmp_path, capsys):
    call_command("import_master", write(tmp_path, workbook_bytes(GOOD_ROWS)))
    rows = {
        "社会資源": [("東町サロン", "カフェ", "東・南圏域", "境南町", "", "", "営業中", "", "", "")]
    }
    with pytest.raises(CommandError):
        call_command("import_master", write(tmp_path, workbook_bytes(rows), "bad.xlsx"))
    assert (
        "社会資源!2 町名: 町名「境南町」が「東・南圏域」に見つかりません。"
        in capsys.readouterr().err
    )


def test_overlapping_history_is_refused(tmp_path, capsys):
    rows = {
        "所属": GOOD_ROWS["所属"],
        "担当者": [
            ("中村 由美", "", "吉祥寺本町", 2, "2021/4/1", None),
            ("中村 由美", "", "ゆとりえ", 2, "2023/4/1", None),
        ],
    }
    with pytest.raises(CommandError):
        call_command("import_master", write(tmp_path, workbook_bytes(rows)))
    assert "担当者!3 開始日: 所属履歴の期間が重なっています" in capsys.readouterr().err
    assert not Assignment.objects.exists()


def test_wrong_headers_are_reported_for_the_sheet(tmp_path, capsys):
    content = workbook_bytes(
        {"所属": [("ゆとりえ", "地域包括支援センター", 2, 1)]},
        headers={"所属": ("名前", "種別", "層", "表示順")},
    )
    with pytest.raises(CommandError):
        call_command("import_master", write(tmp_path, content))
    assert "所属!1 見出し: 1行目は「名称」「種別」「層」「表示順」の順にしてください" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("master.csv", b"a,b\n", "Excelブック（.xlsx）を選んでください"),
        ("master.xlsm", b"PK\x03\x04", "マクロ有効ブック"),
        ("master.xlsx", b"this is not a workbook", "Excelブック（.xlsx）として読めません"),
        ("master.xlsx", b"PK\x03\x04broken", "ファイルが壊れています"),
    ],
)
def test_files_that_are_not_plain_xlsx_are_refused(tmp_path, name, content, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_master", write(tmp_path, content, name))


def test_macro_enabled_workbook_renamed_xlsx_is_refused(tmp_path):
    buffer = io.BytesIO(workbook_bytes(GOOD_ROWS))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00macro")
    with pytest.raises(CommandError, match="マクロを含むブックは取り込めません"):
        call_command("import_master", write(tmp_path, buffer.getvalue()))


def test_oversized_file_is_refused(tmp_path, settings):
    settings.MASTER_IMPORT_MAX_BYTES = 1024
    with pytest.raises(CommandError, match="ファイルが大きすぎます"):
        call_command("import_master", write(tmp_path, workbook_bytes(GOOD_ROWS)))


def test_template_has_every_sheet_with_headers():
    workbook = openpyxl.load_workbook(io.BytesIO(build_master_template()))
    assert workbook.sheetnames == [*SHEETS, "協議体"]
    for name, columns in SHEETS.items():
        assert tuple(c.value for c in workbook[name][1]) == columns
    assert tuple(c.value for c in workbook["協議体"][1]) == (
        "名称",
        "層",
        "種別",
        "所属",
        "協議体相当",
        "既定の区分",
    )


def test_template_keeps_codes_as_typed_and_offers_the_marks():
    """A 職員番号 or 団体コード starting with 0 stays as typed (the columns are text), and 兼務
    offers its ○ (issue 20, 21)."""
    workbook = openpyxl.load_workbook(io.BytesIO(build_master_template()))
    assert workbook["担当者"].column_dimensions["H"].number_format == "@"
    assert workbook["自治体"].column_dimensions["B"].number_format == "@"
    lists = {
        str(validation.sqref).split(":")[0]: validation.formula1
        for validation in workbook["担当者"].data_validations.dataValidation
    }
    assert lists["G2"] == '"○"'


def test_template_round_trips_through_the_import(tmp_path, capsys):
    call_command("import_master", write(tmp_path, build_master_template()))
    assert "所属: 新規 0件" in capsys.readouterr().out


def test_admin_upload_page_imports_and_shows_counts(client_for, dave):
    client = client_for(dave)
    upload = io.BytesIO(workbook_bytes(GOOD_ROWS))
    upload.name = "master.xlsx"
    page = client.post(reverse("coordinators:master_import"), {"file": upload}).content.decode()
    assert "取り込みました" in page
    assert Center.objects.count() == 3


def test_admin_upload_page_lists_errors_and_saves_nothing(client_for, dave):
    client = client_for(dave)
    upload = io.BytesIO(workbook_bytes({"所属": [("ゆとりえ", "病院", 4, 1)]}))
    upload.name = "master.xlsx"
    page = client.post(reverse("coordinators:master_import"), {"file": upload}).content.decode()
    assert "1件の誤りがあるため、何も保存していません" in page
    assert "所属!2 層:" in page
    assert not Center.objects.exists()


def test_admin_upload_page_refuses_xlsm_at_the_field(client_for, dave):
    upload = io.BytesIO(b"PK\x03\x04")
    upload.name = "master.xlsm"
    response = client_for(dave).post(reverse("coordinators:master_import"), {"file": upload})
    assert response.status_code == 200
    assert "マクロ有効ブック（.xlsm）" in response.content.decode()


def test_two_rows_with_the_same_key_are_an_error_naming_both_rows(tmp_path, capsys):
    salon = ("ふれあいサロン", "いきいきサロン", "", "", "", "", "活動中", "", "", "")
    rows = {
        "所属": GOOD_ROWS["所属"],
        "担当者": [
            ("佐藤 花子", "", "ゆとりえ", 2, "2020/4/1", None),
            ("佐藤　花子", "", "ゆとりえ", "第2層", "R2.4.1", None),  # the same assignment
            # same person and 開始日 elsewhere without 兼務: refused, never a move (issue 20)
            ("佐藤 花子", "", "吉祥寺本町", 2, "R2.4.1", None),
        ],
        "社会資源": [
            salon,
            ("東町ひだまり", "いきいきサロン", "", "", "", "", "活動中", "", "", ""),
            salon,
        ],
    }
    with pytest.raises(CommandError, match="何も保存していません"):
        call_command("import_master", write(tmp_path, workbook_bytes(rows)))
    errors = capsys.readouterr().err
    assert (
        "担当者!3 氏名・所属・層・開始日: 氏名・所属・層・開始日"
        "「佐藤　花子・ゆとりえ・第2層・令和2年4月1日」の行が2行目と3行目にあります" in errors
    )
    assert (
        "担当者!4 開始日: 所属履歴の期間が重なっています: ゆとりえ・第2層（令和2年4月1日〜）と"
        "吉祥寺本町・第2層（令和2年4月1日〜）。同時に担当するなら、どちらかを兼務にしてください。"
        in errors
    )
    assert "社会資源!4 名称: 名称「ふれあいサロン」の行が2行目と4行目にあります" in errors
    # All or nothing, as before: not even the good 所属 rows are kept.
    assert not Center.objects.exists()
    assert not SocialResource.objects.exists()


# --- names typed another way are the registered ones (issue 15) ----------------------------


@pytest.mark.parametrize("typed", ["佐藤　花子", "佐藤花子"])
def test_a_person_typed_with_another_space_is_unchanged(tmp_path, capsys, typed):
    call_command("import_master", write(tmp_path, workbook_bytes(GOOD_ROWS)))
    rows = {
        "担当者": [(typed, "さとう はなこ", "ゆとりえ", 2, date(2020, 4, 1), None)],
        "社会資源": [("東町　ひだまり", *GOOD_ROWS["社会資源"][0][1:])],
    }
    capsys.readouterr()
    call_command("import_master", write(tmp_path, workbook_bytes(rows), "second.xlsx"))
    out = capsys.readouterr().out
    assert "担当者: 新規 0件、更新 0件、変更なし 1件" in out
    assert "社会資源: 新規 0件、更新 0件、変更なし 1件" in out
    assert list(Coordinator.objects.filter(name__startswith="佐藤").values_list("name")) == [
        ("佐藤 花子",)
    ]
    assert Assignment.objects.filter(coordinator__name="佐藤 花子").count() == 1
    assert SocialResource.objects.filter(name__startswith="東町").count() == 1


def test_two_rows_of_one_person_typed_two_ways_are_an_error_naming_both(tmp_path, capsys):
    rows = {
        "所属": GOOD_ROWS["所属"],
        "担当者": [
            ("佐藤 花子", "", "ゆとりえ", 2, "2020/4/1", None),
            ("佐藤花子", "", "ゆとりえ", "２", "R2.4.1", None),
        ],
    }
    with pytest.raises(CommandError):
        call_command("import_master", write(tmp_path, workbook_bytes(rows)))
    assert (
        "担当者!3 氏名・所属・層・開始日: 氏名・所属・層・開始日"
        "「佐藤花子・ゆとりえ・第2層・令和2年4月1日」の行が2行目と3行目"
    ) in capsys.readouterr().err


def test_a_row_naming_its_center_and_area_another_way_finds_them(tmp_path):
    call_command("import_master", write(tmp_path, workbook_bytes(GOOD_ROWS)))
    rows = {
        "担当者": [("高橋 美咲", "", "ゆとりえ ", 2, "R6.4.1", None)],
        "社会資源": [
            # an ESC as Excel writes it
            ("みなみ_x001B_カフェ", "カフェ", "東・南 圏域", "吉祥寺 南町", "", "", "", "", "", "")
        ],
    }
    call_command("import_master", write(tmp_path, workbook_bytes(rows), "second.xlsx"))
    cafe = SocialResource.objects.get(name="みなみカフェ")
    assert (cafe.area.name, cafe.town.name) == ("東・南圏域", "吉祥寺南町")


def test_a_third_tier_center_and_coordinator_are_taken(tmp_path):
    """Issue 20: some cities place coordinators in 第3層 (a neighbourhood)."""
    rows = {
        "所属": [("北町地区社協", "地域包括支援センター", "第3層", 1)],
        "担当者": [("山本 三郎", "やまもと さぶろう", "北町地区社協", "３", "2024/4/1", None)],
    }
    call_command("import_master", write(tmp_path, workbook_bytes(rows)))
    center = Center.objects.get(name="北町地区社協")
    assert center.tier == Tier.THIRD
    assert center.assignments.get().tier == Tier.THIRD
    assert center.get_tier_display() == "第3層"


def test_a_kind_of_center_the_city_names_is_registered_and_its_division_marked(tmp_path, capsys):
    """Issue 20: 種別 is any text, and the 5th column 事務局 marks the division."""
    rows = {
        "所属": [
            ("みどり市社会福祉協議会", "社会福祉協議会", 1, 1, "○"),
            ("みどり北包括", "地域包括支援センター", 2, 2, ""),
        ]
    }
    headers = {"所属": ("名称", "種別", "層", "表示順", "事務局")}
    call_command("import_master", write(tmp_path, workbook_bytes(rows, headers=headers)))
    council = Center.objects.get(name="みどり市社会福祉協議会")
    assert (council.kind.name, council.tier, council.is_secretariat) == ("社会福祉協議会", 1, True)
    assert division_name() == "みどり市社会福祉協議会"
    assert not Center.objects.get(name="みどり北包括").is_secretariat

    # a file of four columns (before issue 20) leaves the 事務局 as it is
    four = {"所属": [(name, kind, tier, order) for name, kind, tier, order, _ in rows["所属"]]}
    old_header = {"所属": ("名称", "種別", "層", "表示順")}
    call_command("import_master", write(tmp_path, workbook_bytes(four, headers=old_header)))
    assert division_name() == "みどり市社会福祉協議会"

    # marking another moves it; marking two is refused by row, nothing saved
    moved = {"所属": [(*rows["所属"][0][:4], ""), (*rows["所属"][1][:4], "○")]}
    call_command("import_master", write(tmp_path, workbook_bytes(moved, headers=headers)))
    assert division_name() == "みどり北包括"
    both = {"所属": [(*rows["所属"][0][:4], "○"), (*rows["所属"][1][:4], "○")]}
    capsys.readouterr()
    with pytest.raises(CommandError):
        call_command("import_master", write(tmp_path, workbook_bytes(both, headers=headers)))
    assert (
        "所属!3 事務局: 事務局に○を付けられるのは1行だけです（「みどり市社会福祉協議会」にも"
        "付いています）。" in capsys.readouterr().err
    )
    assert division_name() == "みどり北包括"
