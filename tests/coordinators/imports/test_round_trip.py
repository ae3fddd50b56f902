"""The round trip of issue 16: a month exported from 活動記録一覧 (sheet 活動記録 with a last
column 記録ID), corrected in Excel and uploaded again changes those records, through the same
rules as the week page; rows without 記録ID are new records as before."""

import io
import re
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinators.activities.services import activity_delete, activity_update
from coordinators.closing import closed_message, half_year_close
from coordinators.imports.records import SHEETS, import_records
from coordinators.models import Activity
from coordinators.recordkeeping.edit_conflicts import current_version
from tests.builders import (
    book,
    consultation_row,
    consultation_workbook,
    good_row,
    make,
    record_meeting,
    workbook,
)
from tests.factories import AssignmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("season_2024")]

# As exported before 数量 was added (issue 19): such files still upload back.
HEADER = (*SHEETS["活動記録"], "記録ID")
FORM_ADVICE = "新しい記録の行なら空欄にしてください。"


def record_id(activity):
    return f"{activity.pk}-{current_version(activity)}"


def exported(activity, **changes):
    """The row the activity list's Excel sheet holds for `activity`, changed by `changes`
    (column label -> value), its 記録ID last."""
    activity = Activity.objects.get(pk=activity.pk)
    values = {
        "開始時刻": activity.start_time.strftime("%H:%M") if activity.start_time else "",
        "所要時間（分）": activity.duration_minutes or "",
        "所属": activity.center.name,
        "担当者": "、".join(c.name for c in activity.coordinators.order_by("name")),
        "区分": activity.category.label,
        "活動形態": activity.form.name,
        "訪問先": activity.resource.name if activity.resource else "",
        "場所": activity.place,
        "参加人数": "" if activity.participants is None else activity.participants,
        "内容": activity.description,
        **changes,
    }
    return [*good_row(f"{activity.date:%Y/%m/%d}", **values), record_id(activity)]


def exported_book(rows):
    return book({"活動記録": [HEADER, *rows]})


def run(content, user):
    """Import as `user` -> (the 活動記録 counts [新規, 更新, 変更なし, 記録済み], [errors])."""
    report = import_records(io.BytesIO(content), user=user)
    counts = dict(report.rows()).get("活動記録")
    return counts, [str(problem) for problem in report.errors]


def history_count(activity):
    return activity.history.count()


@pytest.fixture
def month(alice, sato):
    """Three of センターA's June 2024 visits, recorded by alice."""
    return [
        make(alice, sato, date(2024, 6, 3), "サロン訪問", duration_minutes=60),
        make(alice, sato, date(2024, 6, 10), "見守り訪問", duration_minutes=30),
        make(alice, sato, date(2024, 6, 17), "個別訪問", duration_minutes=45),
    ]


def test_staff_download_a_month_correct_it_in_excel_and_upload_it(client_for, alice, month):
    before = {a.pk: history_count(a) for a in month}
    rows = [exported(a) for a in month]
    rows[1] = exported(
        month[1], 内容="見守り訪問（民生委員同行）", **{"所要時間（分）": "1時間30分"}
    )
    upload = io.BytesIO(exported_book(rows))
    upload.name = "活動記録.xlsx"

    page = (
        client_for(alice)
        .post(reverse("coordinators:records_import"), {"file": upload})
        .content.decode()
    )

    assert "取り込みました" in page
    labels = re.findall(r'<th class="number">(.+?)</th>', page)
    cells = re.findall(r'<td class="number">(\d+)</td>', page)
    assert dict(zip(labels, cells, strict=True)) == {
        "新規": "0",
        "更新": "1",
        "変更なし": "2",
        "記録済み": "0",
    }
    changed = Activity.objects.get(pk=month[1].pk)
    assert (changed.description, changed.duration_minutes) == ("見守り訪問（民生委員同行）", 90)
    assert changed.updated_by == alice
    assert {a.pk: history_count(a) for a in month} == {
        **before,
        month[1].pk: before[month[1].pk] + 1,
    }
    assert Activity.objects.count() == 3


def test_the_command_summary_counts_new_updated_and_unchanged_rows(
    tmp_path, dave, alice, sato, month, capsys
):
    rows = [
        exported(month[0]),
        exported(month[1], 内容="電話で様子を確認", 活動形態="訪問"),
        exported(month[2]),
        good_row("2024/6/24", 担当者="佐藤 花子", 訪問先="", 内容="新しい訪問"),
    ]
    path = tmp_path / "活動記録.xlsx"
    path.write_bytes(exported_book(rows))
    call_command("import_records", str(path))
    assert "活動記録: 新規 1件、更新 1件、変更なし 2件、記録済み 0件" in capsys.readouterr().out
    assert Activity.objects.get(pk=month[1].pk).description == "電話で様子を確認"
    assert Activity.objects.count() == 4


def test_a_record_id_changes_that_record_and_adds_none(alice, month):
    counts, errors = run(exported_book([exported(month[0], 場所="公民館", 参加人数=8)]), alice)
    assert (counts, errors) == ([0, 1, 0, 0], [])
    changed = Activity.objects.get(pk=month[0].pk)
    assert (changed.place, changed.participants) == ("公民館", 8)
    assert Activity.objects.count() == 3


def test_a_changed_row_in_a_closed_half_year_is_refused_at_its_date(carol, alice, month):
    closing = half_year_close(user=carol, fiscal_year=2024, half=1)
    content = exported_book([exported(month[0]), exported(month[1], 内容="書き換え")])
    _counts, errors = run(content, alice)
    assert errors == [f"活動記録!3 日付: {closed_message(closing)}"]
    assert errors[0].startswith("活動記録!3 日付: 令和6年度上半期（全所属）は")
    assert Activity.objects.get(pk=month[1].pk).description == "見守り訪問"


def test_an_unchanged_row_of_a_closed_half_year_is_unchanged(carol, alice, month):
    half_year_close(user=carol, fiscal_year=2024, half=1)
    counts, errors = run(exported_book([exported(a) for a in month]), alice)
    assert (counts, errors) == ([0, 0, 3, 0], [])


def test_a_record_changed_since_the_export_is_reported_and_not_overwritten(alice, month):
    row = exported(month[0], 内容="訪問して相談を受けた")
    activity_update(user=alice, activity=month[0], description="電話で確認")

    _counts, errors = run(exported_book([exported(month[1]), row]), alice)

    assert len(errors) == 1
    assert re.fullmatch(
        r"活動記録!3 記録ID: この記録は、出力した後に変更されました: "
        r"aliceさんが\d\d:\d\dに変更（内容「サロン訪問」→「電話で確認」）。"
        r"この行は取り込んでいません。一覧から出力し直して、その行を直してください。",
        errors[0],
    ), errors[0]
    assert Activity.objects.get(pk=month[0].pk).description == "電話で確認"


def test_a_record_id_on_two_rows_is_an_error_naming_both_rows(alice, month):
    first = exported(month[0])
    again = exported(month[0], 内容="コピーした行")
    _counts, errors = run(exported_book([first, exported(month[1]), again]), alice)
    assert errors == [
        f"活動記録!4 記録ID: 記録ID「{record_id(month[0])}」の行が2行目と4行目にあります。"
        "1つの記録は1行にしてください（行をコピーして別の記録を作るときは、"
        "コピーした行の記録IDを消してください）。"
    ]
    assert Activity.objects.count() == 3


def test_an_unknown_record_id_is_not_found(alice, month):
    row = [*exported(month[0])[:-1], "99999-1"]
    _counts, errors = run(exported_book([row]), alice)
    assert errors == [
        "活動記録!2 記録ID: 記録ID「99999-1」の記録が見つかりません。削除された記録か、"
        "このログインでは変更できない記録です。新しい記録の行なら記録IDを空欄にしてください。"
    ]


def test_a_deleted_record_is_not_found(alice, month):
    row = exported(month[0])
    activity_delete(user=alice, activity=month[0])
    _counts, errors = run(exported_book([row]), alice)
    assert errors == [
        f"活動記録!2 記録ID: 記録ID「{row[-1]}」の記録が見つかりません。削除された記録か、"
        "このログインでは変更できない記録です。新しい記録の行なら記録IDを空欄にしてください。"
    ]


def test_staff_do_not_find_another_centers_record_but_the_division_does(alice, bob, carol, suzuki):
    theirs = make(bob, suzuki, date(2024, 6, 12), "サロン訪問")
    content = exported_book([exported(theirs, 内容="書き換え")])

    counts, errors = run(content, alice)
    assert errors == [
        "活動記録!2 所属: 自分の所属（センターA）の記録だけを取り込めます（入力: センターB）。",
        f"活動記録!2 記録ID: 記録ID「{record_id(theirs)}」の記録が見つかりません。"
        "削除された記録か、このログインでは変更できない記録です。"
        "新しい記録の行なら記録IDを空欄にしてください。",
    ]
    assert Activity.objects.get(pk=theirs.pk).description == "サロン訪問"

    counts, errors = run(content, carol)
    assert (counts, errors) == ([0, 1, 0, 0], [])
    assert Activity.objects.get(pk=theirs.pk).description == "書き換え"


@pytest.mark.parametrize("typed", ["abc", "12", "12-", "12/345", "12-34-5"])
def test_a_malformed_record_id_names_the_expected_form(alice, month, typed):
    row = [*exported(month[0])[:-1], typed]
    _counts, errors = run(exported_book([row]), alice)
    assert errors == [
        f"活動記録!2 記録ID: 記録IDは「123-4567」の形で入力してください（入力: {typed}）。"
        + FORM_ADVICE
    ]


def test_a_record_id_in_full_width_digits_is_read(alice, month):
    pk, version = record_id(month[0]).split("-")
    wide = str.maketrans("0123456789-", "０１２３４５６７８９－")
    row = [*exported(month[0], 内容="全角の記録ID")[:-1], f"{pk}-{version}".translate(wide)]
    counts, errors = run(exported_book([row]), alice)
    assert (counts, errors) == ([0, 1, 0, 0], [])


def test_a_row_deleted_from_the_sheet_deletes_nothing(alice, month):
    rows = [exported(a) for a in month]
    del rows[1]
    counts, errors = run(exported_book(rows), alice)
    assert (counts, errors) == ([0, 0, 2, 0], [])
    assert Activity.objects.count() == 3
    assert Activity.objects.get(pk=month[1].pk).deleted_at is None


@pytest.fixture
def meeting_activity(alice, sato, care_meeting_council):
    meeting = record_meeting(alice, care_meeting_council, [sato])
    return meeting.activities.get()


def test_a_meetings_activity_comes_back_unchanged(alice, meeting_activity):
    counts, errors = run(exported_book([exported(meeting_activity)]), alice)
    assert (counts, errors) == ([0, 0, 1, 0], [])


def test_a_changed_meetings_activity_is_refused_at_its_row(alice, meeting_activity):
    row = exported(meeting_activity, 内容="会議の内容を書き換え")
    _counts, errors = run(exported_book([row]), alice)
    assert errors == ["活動記録!2 記録ID: 会議の活動記録は会議の画面で変更してください。"]
    assert Activity.objects.get(pk=meeting_activity.pk).description != "会議の内容を書き換え"


def test_staff_upload_rows_of_their_own_center_on_the_page(client_for, alice, sato):
    upload = io.BytesIO(workbook([good_row(担当者="佐藤 花子", 訪問先="")]))
    upload.name = "records.xlsx"
    page = (
        client_for(alice)
        .post(reverse("coordinators:records_import"), {"file": upload})
        .content.decode()
    )
    assert "取り込みました" in page
    activity = Activity.objects.get()
    assert (activity.center.name, activity.recorded_by) == ("センターA", alice)


def test_staff_rows_for_another_center_are_refused(alice, sato, suzuki):
    rows = [
        good_row(所属="センターB", 担当者="鈴木 健一", 訪問先=""),
        good_row(所属="センターA", 担当者="鈴木 健一", 訪問先=""),
    ]
    _counts, errors = run(workbook(rows), alice)
    assert errors == [
        "活動記録!2 所属: 自分の所属（センターA）の記録だけを取り込めます（入力: センターB）。",
        "活動記録!3 担当者: 自分の所属の担当者だけを選んでください。",
    ]
    assert not Activity.objects.exists()


def test_staff_consultation_rows_for_another_center_are_refused(alice, sato, suzuki):
    rows = [consultation_row(所属="センターB", 担当者="鈴木 健一")]
    report = import_records(io.BytesIO(consultation_workbook(rows)), user=alice)
    assert [str(problem) for problem in report.errors] == [
        "相談記録!2 所属: 自分の所属（センターA）の記録だけを取り込めます（入力: センターB）。"
    ]


def test_staff_cannot_move_their_record_to_another_centers_coordinator(alice, month, suzuki):
    _counts, errors = run(exported_book([exported(month[0], 担当者="鈴木 健一")]), alice)
    assert errors == ["活動記録!2 担当者: 自分の所属の担当者だけを選んでください。"]
    assert [c.name for c in Activity.objects.get(pk=month[0].pk).coordinators.all()] == [
        "佐藤 花子"
    ]


def test_a_file_without_record_ids_imports_as_before(alice, sato):
    rows = [good_row(担当者="佐藤 花子", 訪問先="")] * 2
    assert run(workbook(rows), alice) == ([2, 0, 0, 0], [])
    assert run(workbook(rows), alice) == ([0, 0, 0, 2], [])
    assert Activity.objects.count() == 2


def test_rows_with_a_blank_record_id_are_new_records(alice, month):
    rows = [exported(month[0]), [*good_row("2024/6/24", 担当者="佐藤 花子", 訪問先=""), None]]
    assert run(exported_book(rows), alice) == ([1, 0, 1, 0], [])
    assert Activity.objects.count() == 4


def test_a_12th_column_of_another_heading_is_ignored_as_before(alice, sato):
    header = (*SHEETS["活動記録"], "備考")
    row = [*good_row(担当者="佐藤 花子", 訪問先=""), "12-34"]
    note_only = [None] * 11 + ["メモだけの行"]
    content = book({"活動記録": [header, row, note_only]})
    assert run(content, alice) == ([1, 0, 0, 0], [])


def test_the_template_has_no_record_id_column(client_for, alice):
    response = client_for(alice).get(reverse("coordinators:records_import_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["活動記録"]
    assert tuple(cell.value for cell in sheet[1]) == (*SHEETS["活動記録"], "数量")


def test_the_command_refuses_a_malformed_record_id(tmp_path, dave, month, capsys):
    path = tmp_path / "活動記録.xlsx"
    path.write_bytes(exported_book([[*exported(month[0])[:-1], "R6-1"]]))
    with pytest.raises(CommandError):
        call_command("import_records", str(path))
    assert "活動記録!2 記録ID: 記録IDは「123-4567」の形で入力してください（入力: R6-1）。" in (
        capsys.readouterr().err
    )


def test_a_month_downloaded_from_the_list_corrected_and_uploaded_changes_what_it_names(
    client_for, alice, sato
):
    kept, changed, dropped = (
        make(alice, sato, day=date(2024, 6, day), description=text, duration_minutes=30)
        for day, text in ((3, "サロン訪問"), (10, "民生委員と同行"), (17, "見守り訪問"))
    )
    make(alice, sato, day=date(2024, 7, 1), description="翌月の記録")  # not in the month
    client = client_for(alice)
    download = client.get(
        reverse("coordinators:activity_list"),
        {"export": "xlsx", "date_from": "R6.6.1", "date_to": "R6.6.30"},
    )
    book_ = openpyxl.load_workbook(io.BytesIO(download.content))
    sheet = book_["活動記録"]
    header = [cell.value for cell in sheet[1]]
    assert header == [*SHEETS["活動記録"], "数量", "記録ID"]
    by_id = {row[-1].value: row for row in sheet.iter_rows(min_row=2)}
    assert set(by_id) == {record_id(kept), record_id(changed), record_id(dropped)}
    # corrected in Excel: one row's 内容 and 所要時間, another row deleted from the sheet
    row = by_id[record_id(changed)]
    row[header.index("内容")].value = "民生委員と同行し、見守り先を確認"
    row[header.index("所要時間（分）")].value = 90
    sheet.delete_rows(by_id[record_id(dropped)][0].row)
    edited = io.BytesIO()
    book_.save(edited)
    edited.seek(0)
    edited.name = "活動記録.xlsx"
    histories = {a.pk: a.history.count() for a in (kept, changed, dropped)}

    page = client.post(reverse("coordinators:records_import"), {"file": edited}).content.decode()

    assert "取り込みました" in page
    cells = re.findall(r'<td class="number">(\d+)</td>', page)
    assert cells[:4] == ["0", "1", "1", "0"]  # 新規, 更新, 変更なし, 記録済み
    changed.refresh_from_db()
    assert (changed.description, changed.duration_minutes) == (
        "民生委員と同行し、見守り先を確認",
        90,
    )
    assert kept.history.count() == histories[kept.pk]
    assert Activity.objects.filter(pk=dropped.pk).exists()  # a deleted row deletes nothing
    assert Activity.objects.count() == 4


# --- changes written in bulk (issue 16) ------------------------------------------------------


def test_a_copied_row_without_its_record_id_is_a_new_record(alice, month):
    # The 記録ID advice: copy a row and clear the copy's 記録ID to make another record.
    copy = [*exported(month[0])[:-1], ""]

    assert run(exported_book([exported(month[0]), copy]), alice) == ([1, 0, 1, 0], [])
    assert Activity.objects.filter(description="サロン訪問").count() == 2


def test_a_changed_coordinator_is_in_the_records_one_new_history_row(alice, month, center_a):
    takahashi = AssignmentFactory(coordinator__name="高橋 美咲", center=center_a).coordinator
    row = exported(month[2], 担当者="佐藤 花子、高橋 美咲", 場所="公民館")
    before = Activity.objects.get(pk=month[2].pk).updated_at

    assert run(exported_book([row]), alice) == ([0, 1, 0, 0], [])

    changed = Activity.objects.get(pk=month[2].pk)
    assert sorted(c.name for c in changed.coordinators.all()) == ["佐藤 花子", "高橋 美咲"]
    assert (changed.place, changed.updated_by) == ("公民館", alice)
    assert changed.updated_at > before
    newest, *_older = changed.history.order_by("-pk")
    assert (newest.history_type, newest.history_user) == ("~", alice)
    assert sorted(link.coordinator.name for link in newest.coordinators.all()) == [
        "佐藤 花子",
        "高橋 美咲",
    ]
    assert takahashi in changed.coordinators.all()


def test_thirty_changed_rows_take_the_statements_of_ten(alice, sato):
    days = [date(2024, 6, 1 + n % 28) for n in range(40)]
    records = [make(alice, sato, day, f"訪問 {n}") for n, day in enumerate(days)]

    def statements(chosen):
        content = exported_book([exported(a, 場所="公民館") for a in chosen])
        user = type(alice).objects.get(pk=alice.pk)  # nothing cached, as on a request
        with CaptureQueriesContext(connection) as queries:
            counts, errors = run(content, user)
        assert (counts[1], errors) == (len(chosen), [])
        return len(queries)

    assert statements(records[10:]) == statements(records[:10])
