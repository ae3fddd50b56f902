"""Bad input in the workbook imports (活動・相談・会議の記録 and the master), on the import pages
and through the import_records command.

A bad row is refused with the sheet, row and column named; a file that is not a plain workbook
(a macro workbook, a CSV or PDF renamed .xlsx, an empty or oversized file) is refused at the file
field. Either way nothing is saved: every row of the tables an import writes is compared before
and after. Odd input that is fine (R7.4.1, full-width １２０) is stored normalised, and text is
stored exactly as it was in the cell.
"""

import html
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from coordinators.imports.records import SHEETS as RECORD_SHEETS
from coordinators.imports.records import import_records
from coordinators.imports.workbook import MAX_ROWS_PER_SHEET
from coordinators.imports.workbook import MAX_ROWS_PER_SHEET_ON_A_PAGE as ON_A_PAGE
from coordinators.models import Activity
from councils.import_sheets import MEETING_COLUMNS
from tests.bad_input import bad_input_cast, close, field_errors, stored_rows
from tests.builders import (
    book,
    consultation_row,
    consultation_workbook,
    good_row,
    workbook,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(request):
    """alice of センターA at her forms, and センターB's records she must never reach."""
    return bad_input_cast(request)


def activity_row(day="2024/6/10", **changes):
    return good_row(day, **{"担当者": "佐藤 花子", "訪問先": "サロンA", **changes})


def many_rows(count, sheet="活動記録", columns=RECORD_SHEETS["活動記録"]):
    """A sheet (活動記録 unless told) of `count` rows holding only a date: the import must
    refuse it for its length before it looks at any row."""
    workbook = openpyxl.Workbook(write_only=True)
    workbook.create_sheet(sheet).append(columns)
    empty = io.BytesIO()
    workbook.save(empty)
    # Without lxml, openpyxl takes seconds to write 100,000 rows even in write_only mode, so
    # the rows go straight into the XML of the sheet it wrote: the same file, in a blink.
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>R6.6.10</t></is></c></row>'
        for n in range(2, count + 2)
    ).encode()
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(empty) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = content.replace(b"</sheetData>", rows + b"</sheetData>")
            target.writestr(item, content)
    return buffer.getvalue()


def macro_workbook():
    buffer = io.BytesIO(workbook([activity_row()]))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


@dataclass(frozen=True)
class Upload:
    """A workbook (or a file posing as one), and the message the import page must show."""

    id: str
    content: object  # () -> bytes
    message: str = ""
    name: str = "records.xlsx"
    page: str = "coordinators:records_import"
    closed: tuple = ()


ROW_CASES = [
    Upload(
        "unknown-coordinator-name",
        lambda: workbook([activity_row(担当者="山田 太郎")]),
        "活動記録!2 担当者: 担当者「山田 太郎」が見つかりません。",
    ),
    Upload(
        "unknown-resource-name",
        lambda: workbook([activity_row(訪問先="存在しないサロン")]),
        "活動記録!2 訪問先: 社会資源「存在しないサロン」が見つかりません。",
    ),
    Upload(
        "duration-0",
        lambda: workbook([activity_row(**{"所要時間（分）": 0})]),
        "活動記録!2 所要時間（分）: 1から1440までの数を入力してください（入力: 0）。",
    ),
    Upload(
        "duration-1441",
        lambda: workbook([activity_row(**{"所要時間（分）": 1441})]),
        "活動記録!2 所要時間（分）: 1から1440までの数を入力してください（入力: 1441）。",
    ),
    Upload(
        "duration-minus-5",
        lambda: workbook([activity_row(**{"所要時間（分）": "-5"})]),
        "活動記録!2 所要時間（分）: 1から1440までの数を入力してください（入力: -5）。",
    ),
    Upload(
        "participants-minus-1",
        lambda: workbook([activity_row(参加人数="-1")]),
        "活動記録!2 参加人数: 0から100000までの数を入力してください（入力: -1）。",
    ),
    Upload(
        "date-in-closed-half-year",
        lambda: workbook([activity_row()]),
        "活動記録!2 日付: 令和6年度上半期（センターA）は",
        closed=((2024, 1),),
    ),
    Upload(
        "03-31-ends-the-closed-second-half",
        lambda: workbook([activity_row("R6.3.31")]),
        "活動記録!2 日付: 令和5年度下半期（センターA）は",
        closed=((2023, 2),),
    ),
    Upload(
        "impossible-date-R7.2.30",
        lambda: workbook([activity_row("R7.2.30")]),
        "活動記録!2 日付: 「R7.2.30」という日付はありません。",
    ),
    Upload(
        "tier1-only-category-from-tier2",
        lambda: workbook([activity_row(区分="2層支援（1層のみ）")]),
        "活動記録!2 区分: 「2層支援（1層のみ）」は第1層の所属だけが記録できます。",
    ),
    Upload(
        "one-bad-row-after-good-ones",
        lambda: workbook([activity_row(), activity_row("2024/6/11"), activity_row(担当者="誰か")]),
        "活動記録!4 担当者: 担当者「誰か」が見つかりません。",
    ),
    Upload(
        "consultation-by-unknown-coordinator",
        lambda: consultation_workbook([consultation_row(担当者="山田 太郎")]),
        "相談記録!2 担当者: 担当者「山田 太郎」が見つかりません。",
    ),
    Upload(
        "meeting-of-unknown-council",
        lambda: book(
            {
                "会議記録": [
                    MEETING_COLUMNS,
                    ("R6.6.12", "ない会議", "センターA", "佐藤 花子", 5, "見守り", "", ""),
                ]
            }
        ),
        "会議記録!2 会議体: 会議体「ない会議」が見つかりません。",
    ),
    Upload(
        "master-resource-of-unknown-type",
        lambda: workbook_bytes(
            {"社会資源": [("古民家カフェ", "古民家", "圏域A", "", "", "", "", "", "", "")]}
        ),
        "社会資源!2 種別: 種別「古民家」が見つかりません。",
        name="master.xlsx",
        page="coordinators:master_import",
    ),
    Upload(
        "master-coordinator-of-unknown-center",
        lambda: workbook_bytes(
            {"担当者": [("山田 太郎", "", "どこかのセンター", 2, "R7.4.1", "")]}
        ),
        "担当者!2 所属: 所属「どこかのセンター」が見つかりません。",
        name="master.xlsx",
        page="coordinators:master_import",
    ),
    Upload(
        "headers-in-another-order",
        lambda: book({"活動記録": [("内容", "日付"), ("サロン", "R6.6.10")]}),
        "活動記録!1 見出し: 1行目は「日付」「開始時刻」",
    ),
    Upload(
        # 活動記録 and 相談記録 go in bulk: a page takes as many rows as the command (issue 16)
        "100001-rows",
        lambda: many_rows(100_001),
        f"活動記録!{MAX_ROWS_PER_SHEET + 2} 行数: 1シート{MAX_ROWS_PER_SHEET:,}行までです。"
        "このシートはそれを超えているため、ファイルを分けて取り込んでください。",
    ),
    Upload(
        # 会議記録 goes row by row: the page stops where its time would run out
        "one-meeting-row-more-than-a-page-imports",
        lambda: many_rows(ON_A_PAGE + 1, "会議記録", MEETING_COLUMNS),
        f"会議記録!{ON_A_PAGE + 2} 行数: 1シート{ON_A_PAGE:,}行までです。"
        "このシートはそれを超えているため、ファイルを分けるか、"
        "管理者にコマンド（import_records）での取込を依頼してください。",
    ),
]

FILE_CASES = [
    Upload("xlsm", macro_workbook, "マクロ有効ブック（.xlsm）", name="records.xlsm"),
    Upload(
        "macro-workbook-renamed-xlsx",
        macro_workbook,
        "マクロを含むブックは取り込めません。",
    ),
    Upload(
        "csv-renamed-xlsx",
        lambda: "日付,内容\nR6.6.10,サロン\n".encode(),
        "Excelブック（.xlsx）として読めません。",
    ),
    Upload(
        "pdf-renamed-xlsx",
        lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        "Excelブック（.xlsx）として読めません。",
    ),
    Upload(
        "zip-renamed-xlsx",
        lambda: _zip_of({"readme.txt": b"not a workbook"}),
        "ファイルが壊れています。",
    ),
    Upload("empty-file", lambda: b"", "ファイルは空です。"),
    Upload(
        "six-megabytes",
        lambda: b"PK\x03\x04" + b"\x00" * (6 * 1024 * 1024),
        "ファイルが大きすぎます（6.0 MB、上限 5 MB）。",
    ),
    Upload(
        "master-xlsm",
        macro_workbook,
        "マクロ有効ブック（.xlsm）",
        name="master.xlsm",
        page="coordinators:master_import",
    ),
]


def _zip_of(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def upload(ctx, case, client_for, dave):
    close(ctx, *case.closed)
    client = client_for(dave if case.page == "coordinators:master_import" else ctx.carol)
    file = io.BytesIO(case.content())
    file.name = case.name
    return client.post(reverse(case.page), {"file": file, "dry_run": ""})


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in ROW_CASES])
def test_bad_rows_are_named_and_the_import_saves_nothing(ctx, client_for, dave, case):
    before = stored_rows()
    response = upload(ctx, case, client_for, dave)
    assert response.status_code == 200
    page = response.content.decode()
    # one bad thing, one message: a long sheet is not reported row by row either
    assert "1件の誤りがあるため、何も保存していません" in page
    errors = re.search(r'<ul class="errorlist import-errors">(.*?)</ul>', page, re.S)
    assert errors, "no list of import errors on the page"
    assert case.message in html.unescape(errors[1])
    assert stored_rows() == before


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in FILE_CASES])
def test_files_that_are_not_plain_workbooks_are_refused_at_the_file_field(
    ctx, client_for, dave, case
):
    before = stored_rows()
    response = upload(ctx, case, client_for, dave)
    assert response.status_code == 200
    assert case.message in field_errors(response.content.decode(), "file")
    assert stored_rows() == before


def test_import_accepts_R7_4_1_and_full_width_digits_normalised(ctx, client_for, dave):
    case = Upload(
        "R7.4.1-and-full-width-digits",
        lambda: workbook(
            [activity_row("R7.4.1", **{"所要時間（分）": "１２０", "参加人数": "１２"})]
        ),
    )
    page = upload(ctx, case, client_for, dave).content.decode()
    assert "取り込みました" in page
    activity = Activity.objects.get(date=date(2025, 4, 1))
    assert (activity.duration_minutes, activity.participants) == (120, 12)


def test_import_stores_markup_and_sql_verbatim(ctx, client_for, dave):
    # (A cell typed =HYPERLINK(...) in Excel is a formula, read as the value Excel computed.)
    text = "<script>alert(1)</script>'; DROP TABLE coordinators_activity; --"
    case = Upload("markup-and-sql", lambda: workbook([activity_row(内容=text, 場所=text)]))
    assert "取り込みました" in upload(ctx, case, client_for, dave).content.decode()
    activity = Activity.objects.get(recorded_by=ctx.carol)
    assert (activity.description, activity.place) == (text, text)


def test_the_import_command_refuses_a_sheet_over_its_own_limit(dave):
    before = stored_rows()
    report = import_records(io.BytesIO(many_rows(MAX_ROWS_PER_SHEET + 1)), user=dave)
    assert [str(problem) for problem in report.errors] == [
        f"活動記録!{MAX_ROWS_PER_SHEET + 2} 行数: 1シート{MAX_ROWS_PER_SHEET:,}行までです。"
        "このシートはそれを超えているため、ファイルを分けて取り込んでください。"
    ]
    assert stored_rows() == before
