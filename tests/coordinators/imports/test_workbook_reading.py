"""Reading workbooks as the user sees them in Excel (issue 15), for both imports and both pages.

Each workbook is built the way real files are: borders drawn on empty cells, merged cells, a
formula written by a program (openpyxl writes formulas without their result), and a zip bomb
written part by part with zipfile.
"""

import html
import io
import re
import zipfile
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl.styles import Border, Side
from openpyxl.worksheet._reader import WorkSheetParser

from coordinators.imports import workbook as workbook_module
from coordinators.imports.master import SHEETS as MASTER_SHEETS
from coordinators.imports.records import SHEETS as RECORD_SHEETS
from coordinators.imports.workbook import MAX_ROWS_PER_SHEET_ON_A_PAGE
from coordinators.models import Activity, Center, SocialResource
from tests.bad_input import field_errors
from tests.builders import book, good_row, workbook
from tests.factories import AssignmentFactory, SocialResourceFactory

pytestmark = pytest.mark.django_db

HEADER = RECORD_SHEETS["活動記録"]
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FORMULA_NOT_SAVED = "数式の結果が保存されていません。Excel で開いて保存し直してください。"


@pytest.fixture
def people(center_a, area_a):
    AssignmentFactory(coordinator__name="佐藤 花子", center=center_a, start_date=date(2015, 4, 1))
    AssignmentFactory(coordinator__name="高橋 美咲", center=center_a, start_date=date(2015, 4, 1))
    SocialResourceFactory(name="東町ひだまり", area=area_a)


def salon(name, kind="いきいきサロン"):
    return (name, kind, "", "", "", "", "活動中", "", "", "")


def built(sheets, *, borders_to=0, border_columns=None, merged=(), title=None):
    """An .xlsx as bytes, written with openpyxl as a user's Excel file would be: {sheet: rows},
    borders on the first sheet's cells down to row `borders_to` (its header's width, or
    `border_columns` columns), `merged` ranges on the first sheet, whose title may differ."""
    content = openpyxl.Workbook()
    content.remove(content.active)
    for name, rows in sheets.items():
        sheet = content.create_sheet(name)
        for row in rows:
            sheet.append(row)
    first = content.worksheets[0]
    width = border_columns or first.max_column
    for row in range(1, borders_to + 1):
        for column in range(1, width + 1):
            first.cell(row, column).border = BORDER
    for cells in merged:
        first.merge_cells(cells)
    if title:
        first.title = title
    buffer = io.BytesIO()
    content.save(buffer)
    return buffer.getvalue()


def rewritten(content, part, change):
    """`content` with one zip part passed through change(bytes) -> bytes."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, change(data) if item.filename == part else data)
    return buffer.getvalue()


def run(tmp_path, command, content):
    path = tmp_path / "book.xlsx"
    path.write_bytes(content)
    call_command(command, str(path))


def post(client, url_name, content):
    upload = io.BytesIO(content)
    upload.name = "book.xlsx"
    return client.post(reverse(f"coordinators:{url_name}"), {"file": upload, "dry_run": ""})


def import_errors(page):
    found = re.search(r'<ul class="errorlist import-errors">(.*?)</ul>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", found[1])).strip() if found else ""


# --- rows without a value are not rows


def test_three_rows_bordered_down_to_row_1200_import_on_the_page(client_for, carol, people):
    rows = [good_row(), good_row("2024/6/11"), good_row("2024/6/12")]
    content = built({"活動記録": [HEADER, *rows]}, borders_to=1_200)
    page = post(client_for(carol), "records_import", content).content.decode()
    assert "取り込みました" in page
    assert re.findall(r'<td class="number">(\d+)</td>', page) == ["3", "0", "0", "0"]
    assert Activity.objects.count() == 3


def test_a_25000_row_bordered_sheet_with_3_values_is_read_without_its_empty_rows(
    tmp_path, people, dave, capsys, monkeypatch
):
    parsed = []
    parse_row = WorkSheetParser.parse_row
    monkeypatch.setattr(
        WorkSheetParser, "parse_row", lambda self, row: parsed.append(1) or parse_row(self, row)
    )
    rows = [good_row(), good_row("2024/6/11"), good_row("2024/6/12")]
    content = built({"活動記録": [HEADER, *rows]}, borders_to=25_000, border_columns=1)
    run(tmp_path, "import_records", content)
    assert "活動記録: 新規 3件、更新 0件、変更なし 0件、記録済み 0件" in capsys.readouterr().out
    # openpyxl parses the header, the 3 rows and the one after them, not 25,000 rows
    assert len(parsed) <= 5


def test_master_rows_bordered_past_the_page_limit_import_on_the_page(client_for, dave):
    rows = [salon("東町ひだまり"), salon("北町カフェ", "カフェ"), salon("本町サロン")]
    content = built({"社会資源": [MASTER_SHEETS["社会資源"], *rows]}, borders_to=1_200)
    page = post(client_for(dave), "master_import", content).content.decode()
    assert "取り込みました" in page
    assert SocialResource.objects.count() == 3


# --- headers and sheet names compared as the user reads them


@pytest.mark.parametrize(
    "header",
    [
        "所要時間(分)",
        "所要時間\n（分）",
        "所要時間 （分）",
        "所要時間\u3000(分)",
        " 所要時間（分） ",
    ],
    ids=["half-width-brackets", "line-break", "space", "full-width-space", "padded"],
)
def test_a_header_written_another_way_is_the_same_header(tmp_path, people, dave, capsys, header):
    columns = list(HEADER)
    columns[2] = header
    run(tmp_path, "import_records", book({"活動記録": [columns, good_row()]}))
    assert "活動記録: 新規 1件、更新 0件、変更なし 0件、記録済み 0件" in capsys.readouterr().out


def test_a_truly_different_header_is_named_by_its_cell(tmp_path, people, dave, capsys):
    columns = list(HEADER)
    columns[2] = "時間"
    with pytest.raises(CommandError):
        run(tmp_path, "import_records", book({"活動記録": [columns, good_row()]}))
    errors = capsys.readouterr().err
    assert "活動記録!1 見出し: 1行目は「日付」「開始時刻」「所要時間（分）」" in errors
    assert "C1 の見出しは「所要時間（分）」にしてください（現在: 「時間」）。" in errors
    assert not Activity.objects.exists()


@pytest.mark.parametrize("title", ["活動記録 ", "\u3000活動記録", "活動記録\u3000"])
def test_a_sheet_name_with_spaces_around_it_is_recognised(tmp_path, people, dave, capsys, title):
    run(tmp_path, "import_records", book({title: [HEADER, good_row()]}))
    assert "活動記録: 新規 1件、更新 0件、変更なし 0件、記録済み 0件" in capsys.readouterr().out
    assert Activity.objects.count() == 1


def test_a_workbook_without_a_known_sheet_names_the_sheets_expected_and_found(tmp_path, dave):
    content = book({"Sheet1": [HEADER, good_row()], "集計": [("合計",)]})
    with pytest.raises(CommandError) as error:
        run(tmp_path, "import_records", content)
    assert "取り込めるシートがありません。シート名を「活動記録」「相談記録」「会議記録」" in str(
        error.value
    )
    assert "（このブックのシート: 「Sheet1」「集計」）" in str(error.value)


def test_the_master_page_names_the_sheets_expected_and_found_at_the_file(client_for, dave):
    response = post(client_for(dave), "master_import", book({"施設一覧": [("名称",)]}))
    message = field_errors(response.content.decode(), "file")
    assert (
        "シート名を「自治体」「区分」「所属」「日常生活圏域」「担当者」「社会資源」「協議体」"
        in message
    )
    assert "「施設一覧」" in message


# --- merged cells


def test_date_center_and_coordinators_merged_over_a_day_hold_for_each_row(
    tmp_path, people, dave, capsys
):
    rows = [
        good_row(内容="午前のサロン"),
        good_row(日付=None, 所属=None, 担当者=None, 内容="午後の見守り"),
        good_row(日付=None, 所属=None, 担当者=None, 内容="夕方の連絡"),
    ]
    content = built({"活動記録": [HEADER, *rows]}, merged=("A2:A4", "D2:D4", "E2:E4"))
    run(tmp_path, "import_records", content)
    assert "活動記録: 新規 3件、更新 0件、変更なし 0件、記録済み 0件" in capsys.readouterr().out
    for activity in Activity.objects.all():
        assert (activity.date, activity.center.name) == (date(2024, 6, 10), "センターA")
        assert sorted(c.name for c in activity.coordinators.all()) == ["佐藤 花子", "高橋 美咲"]


def test_merged_cells_are_read_from_a_book_written_as_excel_writes_it(
    tmp_path, people, dave, capsys
):
    # Excel names the sheet's part relative to the workbook's folder; openpyxl writes it from /.
    rows = [good_row(), good_row(日付=None, 内容="午後の見守り")]
    content = rewritten(
        built({"活動記録": [HEADER, *rows]}, merged=("A2:A3",)),
        "xl/_rels/workbook.xml.rels",
        lambda data: data.replace(b'Target="/xl/worksheets/', b'Target="worksheets/'),
    )
    run(tmp_path, "import_records", content)
    assert "活動記録: 新規 2件、更新 0件、変更なし 0件、記録済み 0件" in capsys.readouterr().out


def test_a_merged_cell_over_rows_without_values_adds_no_rows(tmp_path, people, dave, capsys):
    content = built({"活動記録": [HEADER, good_row()]}, merged=("A2:A6",))
    run(tmp_path, "import_records", content)
    assert "活動記録: 新規 1件、更新 0件、変更なし 0件、記録済み 0件" in capsys.readouterr().out


def test_a_merged_type_in_the_master_holds_for_each_resource(tmp_path, capsys):
    rows = [salon("東町ひだまり"), salon("北町サロン", None), salon("本町サロン", None)]
    content = built({"社会資源": [MASTER_SHEETS["社会資源"], *rows]}, merged=("B2:B4",))
    run(tmp_path, "import_master", content)
    assert "社会資源: 新規 3件、更新 0件、変更なし 0件" in capsys.readouterr().out
    assert set(SocialResource.objects.values_list("resource_type__name", flat=True)) == {
        "いきいきサロン"
    }


# --- formulas


def test_a_formula_saved_without_its_result_is_named_at_its_column(tmp_path, people, dave, capsys):
    rows = [good_row(), good_row(内容="=H3&I3")]
    with pytest.raises(CommandError):
        run(tmp_path, "import_records", book({"活動記録": [HEADER, *rows]}))
    errors = capsys.readouterr().err.splitlines()
    assert errors == [f"活動記録!3 内容: {FORMULA_NOT_SAVED}"]
    assert not Activity.objects.exists()


def test_a_formula_saved_with_its_result_is_read_as_the_result(tmp_path, people, dave, capsys):
    # As Excel saves it: the formula and, beside it, the text it computed.
    content = rewritten(
        book({"活動記録": [HEADER, good_row(内容="=H1&I1")]}),
        "xl/worksheets/sheet1.xml",
        # openpyxl writes the empty result as <v /> or <v></v> (with lxml installed)
        lambda data: re.sub(
            rb'<c r="K2"><f>H1&amp;I1</f>(?:<v ?/>|<v></v>)</c>',
            '<c r="K2" t="str"><f>H1&amp;I1</f><v>訪問先</v></c>'.encode(),
            data,
        ),
    )
    run(tmp_path, "import_records", content)
    assert Activity.objects.get().description == "訪問先"


def test_the_page_names_a_formula_without_its_result(client_for, carol, people):
    content = book({"活動記録": [HEADER, good_row(**{"所要時間（分）": "=60*2"})]})
    page = post(client_for(carol), "records_import", content).content.decode()
    assert f"活動記録!2 所要時間（分）: {FORMULA_NOT_SAVED}" in import_errors(page)
    assert "必須" not in import_errors(page)


# --- zip bombs


def bomb(shared_strings):
    """A records workbook whose sharedStrings part holds `shared_strings` tiny strings,
    registered as Excel registers it."""
    strings = b"<si><t>a</t></si>" * shared_strings
    part = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        + f'count="{shared_strings}" uniqueCount="{shared_strings}">'.encode()
        + strings
        + b"</sst>"
    )
    content = rewritten(
        rewritten(
            workbook([good_row()]),
            "[Content_Types].xml",
            lambda data: data.replace(
                b"</Types>",
                b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
            ),
        ),
        "xl/_rels/workbook.xml.rels",
        lambda data: data.replace(
            b"</Relationships>",
            b'<Relationship Id="rId9" Target="sharedStrings.xml" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
            b"</Relationships>",
        ),
    )
    buffer = io.BytesIO(content)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/sharedStrings.xml", part)
    return buffer.getvalue()


@pytest.fixture
def openpyxl_must_not_parse(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse a zip bomb")

    monkeypatch.setattr(workbook_module.openpyxl, "load_workbook", refuse)


@pytest.mark.parametrize(
    ("strings", "message"),
    [
        (3_500_000, "MB、上限 50 MB）。ファイルを分けてください。"),
        (600_000, "になる異常なファイルのため読めません（上限 100倍）。"),
    ],
    ids=["millions-of-tiny-strings", "over-100-times-its-size"],
)
def test_a_zip_bomb_is_refused_before_openpyxl_parses_it(
    tmp_path, dave, openpyxl_must_not_parse, strings, message
):
    content = bomb(strings)
    assert len(content) < 300 * 1024
    with pytest.raises(CommandError, match=re.escape(message)):
        run(tmp_path, "import_records", content)


def test_the_page_refuses_a_zip_bomb_at_the_file(client_for, carol, openpyxl_must_not_parse):
    response = post(client_for(carol), "records_import", bomb(3_500_000))
    assert "ファイルの中身が大きすぎます" in field_errors(response.content.decode(), "file")
    assert not Activity.objects.exists()


# --- the マスタ取込 page has the page's limit too


def many_resources(count):
    """A master workbook with 2 所属 and `count` 社会資源 rows, the rows written straight into
    the sheet's XML: openpyxl takes seconds to write this many."""
    content = book(
        {
            "所属": [MASTER_SHEETS["所属"], ("ゆとりえ", "地域包括支援センター", 2, 1)],
            "社会資源": [MASTER_SHEETS["社会資源"]],
        }
    )
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>サロン{n}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>いきいきサロン</t></is></c></row>'
        for n in range(2, count + 2)
    ).encode()
    return rewritten(
        content,
        "xl/worksheets/sheet2.xml",
        lambda data: data.replace(b"</sheetData>", rows + b"</sheetData>"),
    )


def test_the_master_page_refuses_12000_rows_up_front_pointing_to_import_master(client_for, dave):
    page = post(client_for(dave), "master_import", many_resources(12_000)).content.decode()
    assert import_errors(page) == (
        f"社会資源!{MAX_ROWS_PER_SHEET_ON_A_PAGE + 2} 行数: 1シート1,000行までです。"
        "このシートはそれを超えているため、ファイルを分けるか、"
        "管理者にコマンド（import_master）での取込を依頼してください。"
    )
    assert not Center.objects.exists()
    assert not SocialResource.objects.exists()


def test_two_sheets_that_read_as_one_are_refused(tmp_path, dave):
    content = book({"活動記録": [HEADER, good_row()], "活動記録 ": [HEADER, good_row()]})
    with pytest.raises(
        CommandError, match="シート「活動記録」と「活動記録 」はどちらも「活動記録」"
    ):
        run(tmp_path, "import_records", content)
