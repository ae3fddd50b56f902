"""The national view (issue 21): the municipality and its 団体コード, the city's 区分 added up by
national function, coordinators and 協議体 by tier, and how published versions keep them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from coordinators.closing import half_year_close
from coordinators.models import (
    Category,
    Municipality,
    NationalFunction,
    validate_municipality_code,
)
from coordinators.periods import Period
from reports.models import PublishedReport
from reports.published import report_for
from reports.renderers import report_json
from reports.selectors import build_report
from reports.snapshots import report_from, snapshot_of
from tests.builders import record, workbook_bytes
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

R6H1 = Period.for_half(2024, 1)


@pytest.mark.parametrize(
    ("code", "told"),
    [
        ("132038", "団体コード「132038」の検査数字（6桁目）が合いません。13203なら6桁目は9です。"),
        ("13203", "団体コードは検査数字を含む6桁です。5桁の「13203」なら「132039」です。"),
        ("１３２０３９", "団体コードは6桁の数字です（入力: １３２０３９）。"),
    ],
)
def test_a_wrong_code_is_refused_naming_the_right_check_digit(code, told):
    with pytest.raises(ValidationError) as refused:
        validate_municipality_code(code)
    assert refused.value.messages == [told]


@pytest.mark.parametrize("code", ["132039", "011002", "271004", "141305", "130001"])
def test_real_codes_pass(code):
    validate_municipality_code(code)


def _master(tmp_path, rows):
    path = tmp_path / "master.xlsx"
    path.write_bytes(workbook_bytes({"自治体": rows}))
    call_command("import_master", str(path))


def test_the_municipality_sheet_sets_the_name_and_code(tmp_path):
    _master(tmp_path, [("札幌市", "011002")])
    assert str(Municipality.objects.get()) == "札幌市（011002）"
    # full-width digits and spaces, and a number of six digits, are read as the code
    _master(tmp_path, [("武蔵野市", "１３２　０３９")])
    assert list(Municipality.objects.values_list("name", "code")) == [("武蔵野市", "132039")]
    _master(tmp_path, [("武蔵野市", 132039.0)])
    assert Municipality.objects.get().code == "132039"


def test_a_five_digit_number_is_not_guessed(tmp_path, capsys):
    # Excel drops the leading 0 of 011002 typed as a number; 11100 may also be a 5-digit code
    with pytest.raises(CommandError):
        _master(tmp_path, [("札幌市", 11002)])
    assert (
        "団体コードが数値の11002になっています。先頭の0が消えたのなら「011002」を、"
        "5桁のコードなら検査数字を付けた「110027」を"
    ) in capsys.readouterr().err
    assert not Municipality.objects.exists()


def test_admin_reads_the_code_as_the_import_does(client_for, dave):
    response = client_for(dave).post(
        "/admin/coordinators/municipality/add/", {"name": "武蔵野市", "code": "１３２０３９"}
    )
    assert response.status_code == 302
    assert Municipality.objects.get().code == "132039"


def test_the_municipality_sheet_refuses_a_bad_code_and_a_second_row(tmp_path, capsys):
    with pytest.raises(CommandError):
        _master(tmp_path, [("武蔵野市", "132038"), ("三鷹市", "132047")])
    told = capsys.readouterr().err
    assert "自治体!2 団体コード: 団体コード「132038」の検査数字（6桁目）が合いません。" in told
    assert "自治体!3 名称: 自治体は1行だけにしてください。" in told
    assert not Municipality.objects.exists()


def test_functions_add_up_the_city_s_own_categories(alice, sato):
    record(alice, [sato], day=date(2024, 6, 10), category=2)  # 実態把握 → ネットワーク構築
    record(alice, [sato], day=date(2024, 6, 11), category=4)  # 運営支援 → 資源開発
    record(alice, [sato], day=date(2024, 6, 12), category=6)  # 個別支援 → マッチング
    Category.objects.filter(number=6).update(
        national_function=NationalFunction.RESOURCE_DEVELOPMENT
    )
    assert build_report(R6H1).by_function == {
        "資源開発": 2,
        "ネットワーク構築": 1,
        "ニーズと取組のマッチング": 0,
        "その他": 0,
    }


def test_coordinators_by_tier_count_people_in_post_during_the_period(
    alice, sato, center_a, center_b
):
    AssignmentFactory(
        coordinator__name="元 担当", center=center_b, end_date=date(2024, 3, 31)
    )  # left before the period
    AssignmentFactory(coordinator__name="新 担当", center=center_b, start_date=date(2024, 9, 30))
    data = report_json(build_report(R6H1))
    assert data["coordinators_by_tier"] == {"1": 0, "2": 2, "3": 0}
    assert report_json(build_report(R6H1, center_a))["coordinators_by_tier"] == {
        "1": 0,
        "2": 1,
        "3": 0,
    }


def test_a_published_version_keeps_its_cross_walk_and_tells_a_change(alice, sato, carol, center_a):
    record(alice, [sato], day=date(2024, 6, 10), category=2)
    half_year_close(user=carol, fiscal_year=2024, half=1, center=center_a)
    Category.objects.filter(number=2).update(national_function=NationalFunction.OTHER)
    shown = report_for(R6H1, center_a)
    assert shown.published is not None
    assert shown.report.by_function["ネットワーク構築"] == 1
    changed = {(d["section"], d["key"]): (d["stored"], d["now"]) for d in shown.differences}
    assert changed == {
        ("by_function", "ネットワーク構築"): (1, 0),
        ("by_function", "その他"): (0, 1),
    }


def _as_format_3(snapshot):
    snapshot["format"] = 3
    snapshot["categories"] = [[number, label] for number, label, _f in snapshot["categories"]]
    for key in ("municipality", "coordinators_by_tier"):
        del snapshot[key]
    del snapshot["councils"]["by_tier"]
    return snapshot


def test_a_version_stored_before_issue_21_reads_through_the_seeded_cross_walk(alice, sato):
    record(alice, [sato], day=date(2024, 6, 10), category=6)
    old = report_json(report_from(_as_format_3(snapshot_of(build_report(R6H1)))))
    assert old["by_function"]["ニーズと取組のマッチング"] == 1
    assert old["coordinators_by_tier"] is None
    assert old["councils"]["by_tier"] == {"1": 0, "2": 0, "3": None}


def test_a_city_s_own_categories_stored_before_issue_21_are_not_guessed(alice, sato):
    """Format 3 stored a city's own 区分 without their functions: blank, not the first
    customer's cross-walk by number."""
    record(alice, [sato], day=date(2024, 6, 10), category=3)
    snapshot = _as_format_3(snapshot_of(build_report(R6H1)))
    snapshot["categories"][2][1] = "ニーズと取組のマッチング"  # number 3 meant something else
    old = report_from(snapshot)
    assert set(old.by_function.values()) == {None}
    assert report_json(old)["by_function"]["資源開発"] is None


def test_a_version_stored_before_names_today_s_municipality(alice, sato, carol, center_a):
    record(alice, [sato], day=date(2024, 6, 10))
    half_year_close(user=carol, fiscal_year=2024, half=1, center=center_a)
    stored = PublishedReport.objects.get(center=center_a)
    stored.snapshot = _as_format_3(stored.snapshot)
    stored.save()
    Municipality.objects.create(name="武蔵野市", code="132039")
    shown = report_for(R6H1, center_a)
    assert shown.published == stored
    assert report_json(shown.report)["municipality"] == {"name": "武蔵野市", "code": "132039"}


GOOD = {
    "period": {"label": "令和6年度上半期", "start": "2024-04-01", "end": "2024-09-30"},
    "scope": "全所属",
    "municipality": {"name": "武蔵野市", "code": "132039"},
    "by_function": {
        "資源開発": 1,
        "ネットワーク構築": 2,
        "ニーズと取組のマッチング": 3,
        "その他": 4,
    },
    "coordinators_by_tier": {"1": 1, "2": 2, "3": 0},
    "councils": {"by_tier": {"1": 1, "2": 2, "3": 0}},
    "published": None,
}


@pytest.mark.parametrize(
    ("changes", "told"),
    [
        ({"by_function": {"資源開発": "4"}}, "by_functionの「資源開発」が件数ではありません"),
        ({"by_function": [1, 2]}, "by_functionの形が報告のJSONと違います"),
        ({"coordinators_by_tier": [1, 2, 3]}, "coordinators_by_tierの形が報告のJSONと違います"),
        ({"published": True}, "published（公表版）の形が報告のJSONと違います"),
        ({"published": {}}, "published（公表版）の形が報告のJSONと違います"),
        ({"period": "令和6年度上半期"}, "報告のJSONではありません"),
        ({"municipality": "132039"}, "団体コードがありません"),
    ],
)
def test_the_roll_up_refuses_a_file_of_another_shape_naming_it(tmp_path, capsys, changes, told):
    import json

    path = tmp_path / "city.json"
    path.write_text(json.dumps({**GOOD, **changes}, ensure_ascii=False))
    with pytest.raises(CommandError):
        call_command("rollup_reports", str(path), "--output", str(tmp_path / "out.xlsx"))
    assert f"{path}: {told}" in capsys.readouterr().err
    assert not (tmp_path / "out.xlsx").exists()


def test_the_roll_up_refuses_what_is_not_a_report(tmp_path, capsys):
    path = tmp_path / "notes.json"
    path.write_text("{")
    other = tmp_path / "list.json"
    other.write_text("[]")
    sjis = tmp_path / "sjis.json"
    sjis.write_bytes('{"scope": "全所属"}'.encode("cp932"))
    with pytest.raises(CommandError):
        call_command(
            "rollup_reports",
            *map(str, (path, other, sjis)),
            "--output",
            str(tmp_path / "out.xlsx"),
        )
    told = capsys.readouterr().err
    assert f"{path}: JSONとして読めません。" in told
    assert f"{other}: 報告のJSONではありません" in told
    assert f"{sjis}: UTF-8で保存されたJSONではありません。" in told


def test_a_roll_up_total_tells_which_columns_leave_a_city_out(tmp_path):
    import json

    import openpyxl

    older = {**GOOD, "municipality": {"name": "三鷹市", "code": "132047"}}
    older["coordinators_by_tier"] = None  # a version stored before they were counted
    older["by_function"] = {**GOOD["by_function"], "その他": 4.0}
    paths = []
    for name, data in (("a.json", GOOD), ("b.json", older)):
        paths.append(tmp_path / name)
        paths[-1].write_text(json.dumps(data, ensure_ascii=False))
    output = tmp_path / "out.xlsx"
    call_command("rollup_reports", *map(str, paths), "--output", str(output))
    rows = list(openpyxl.load_workbook(output).worksheets[0].iter_rows(values_only=True))
    total = next(row for row in rows if row[0] == "合計")
    assert total[2:7] == (2, 4, 6, 8, 20)
    assert total[7:10] == (1, 2, 0)
    assert (
        rows[-1][0] == "※ 空欄の市町村を含まない合計: 担当者 第1層、担当者 第2層、担当者 第3層"
        "（その版では数えていません）"
    )


def test_the_roll_up_tells_an_output_folder_that_is_not_there(tmp_path):
    import json

    path = tmp_path / "a.json"
    path.write_text(json.dumps(GOOD, ensure_ascii=False))
    with pytest.raises(CommandError, match="に書き出せません"):
        call_command(
            "rollup_reports", str(path), "--output", str(tmp_path / "missing" / "out.xlsx")
        )
    assert not (tmp_path / "out.xlsx").exists()  # the good case: tests/test_second_city.py
