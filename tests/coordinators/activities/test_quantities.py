"""An 活動形態 with a unit carries a quantity (部数 of a newsletter, issue 19): typed on the week
form, read from and written to the 活動記録 sheet, refused where the form has no unit."""

import io

import openpyxl
import pytest
from django.urls import reverse

from coordinators.imports.records import SHEETS, import_records
from coordinators.models import Activity, ActivityForm, ReportRole
from coordinators.recordkeeping.edit_conflicts import current_version
from tests.builders import book, entry, good_row, make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("season_2024")]


@pytest.fixture
def newsletter(db):
    return ActivityForm.objects.get(name="広報誌・チラシ発行")


def test_the_seeded_forms_carry_their_report_roles_and_the_newsletter_its_unit(newsletter):
    roles = dict(ActivityForm.objects.exclude(report_role="").values_list("name", "report_role"))
    assert roles == {
        "研修・講座受講": ReportRole.TRAINING,
        "講師・講話": ReportRole.LECTURE,
        "視察受入": ReportRole.HOSTED_VISIT,
        "広報誌・チラシ発行": ReportRole.PUBLICITY,
    }
    assert newsletter.quantity_unit == "部"


def test_a_newsletter_is_recorded_with_its_copies_on_the_week_page(
    client_for, alice, sato, visit, newsletter
):
    data = entry(sato, visit, form=newsletter.pk, category="5", quantity="500")
    response = client_for(alice).post(reverse("coordinators:activity_create"), data)
    assert response.status_code == 302
    assert Activity.objects.get().quantity == 500
    week = client_for(alice).get(reverse("coordinators:week") + "?date=2024-06-10")
    assert "500部" in week.content.decode()


def test_a_quantity_for_a_form_without_a_unit_is_refused_at_the_field(
    client_for, alice, sato, visit
):
    response = client_for(alice).post(
        reverse("coordinators:activity_create"), entry(sato, visit, quantity="30")
    )
    assert "「訪問」では数量を記録しません。空欄にしてください。" in response.content.decode()
    assert not Activity.objects.exists()


def _import(rows, header, user):
    report = import_records(io.BytesIO(book({"活動記録": [header, *rows]})), user=user)
    return [str(problem) for problem in report.errors]


@pytest.mark.parametrize(
    "tail",
    [("数量",), ("数量", "記録ID"), ("記録ID", "数量")],
    ids=["template", "as-exported", "columns-swapped"],
)
def test_the_sheet_reads_the_quantity_wherever_the_tail_columns_stand(
    alice, sato, newsletter, tail
):
    header = (*SHEETS["活動記録"], *tail)
    row = good_row(担当者="佐藤 花子", 訪問先="", 活動形態="広報誌・チラシ発行", 区分="啓発")
    row += ["" if column == "記録ID" else 500 for column in tail]
    assert _import([row], header, alice) == []
    assert Activity.objects.get().quantity == 500


def test_a_file_exported_before_the_quantity_column_still_reads(alice, sato):
    header = (*SHEETS["活動記録"], "記録ID")
    assert _import([[*good_row(担当者="佐藤 花子", 訪問先=""), ""]], header, alice) == []
    assert Activity.objects.get().quantity is None


def test_a_quantity_in_the_sheet_for_a_form_without_a_unit_is_refused_at_its_column(alice, sato):
    header = (*SHEETS["活動記録"], "数量")
    errors = _import([[*good_row(担当者="佐藤 花子", 訪問先=""), 40]], header, alice)
    assert errors == ["活動記録!2 数量: 「訪問」では数量を記録しません。空欄にしてください。"]
    assert not Activity.objects.exists()


def test_the_list_download_carries_the_quantity_before_the_record_id(
    client_for, alice, sato, newsletter
):
    make(alice, sato, form=newsletter, category=5, quantity=500)
    download = client_for(alice).get(reverse("coordinators:activity_list"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[-2:] == ["数量", "記録ID"]
    assert sheet.cell(row=2, column=len(header) - 1).value == 500


def _counts(rows, header, user):
    report = import_records(io.BytesIO(book({"活動記録": [header, *rows]})), user=user)
    return dict(report.rows()).get("活動記録"), [str(problem) for problem in report.errors]


def _newsletter_row(activity, **changes):
    values = {
        "担当者": "佐藤 花子",
        "訪問先": "",
        "活動形態": "広報誌・チラシ発行",
        "区分": "啓発",
        "開始時刻": "",
        "所要時間（分）": "",
        "参加人数": "",
        "内容": activity.description,
        **changes,
    }
    return good_row(f"{activity.date:%Y/%m/%d}", **values)


def test_a_file_without_the_quantity_column_keeps_the_stored_quantity(alice, sato, newsletter):
    activity = make(alice, sato, form=newsletter, category=5, quantity=500, description="通信")
    record_id = f"{activity.pk}-{current_version(activity)}"
    header = (*SHEETS["活動記録"], "記録ID")
    counts, errors = _counts([[*_newsletter_row(activity), record_id]], header, alice)
    assert (counts, errors) == ([0, 0, 1, 0], [])  # 変更なし
    changed = [*_newsletter_row(activity, 内容="通信 6月号"), record_id]
    assert _counts([changed], header, alice)[1] == []
    activity.refresh_from_db()
    assert (activity.description, activity.quantity) == ("通信 6月号", 500)


def test_a_legacy_row_repeating_a_record_with_a_quantity_is_already_recorded(
    alice, sato, newsletter
):
    activity = make(alice, sato, form=newsletter, category=5, quantity=500, description="通信")
    counts, errors = _counts([_newsletter_row(activity)], SHEETS["活動記録"], alice)
    assert (counts, errors) == ([0, 0, 0, 1], [])  # 記録済み, not a second record
    assert Activity.objects.count() == 1


def test_a_note_column_of_ones_own_before_the_record_id_is_passed_over(alice, sato, newsletter):
    activity = make(alice, sato, form=newsletter, category=5, quantity=500, description="通信")
    record_id = f"{activity.pk}-{current_version(activity)}"
    header = (*SHEETS["活動記録"], "備考", "数量", "記録ID")
    row = [*_newsletter_row(activity, 内容="通信 7月号"), "メモ", 600, record_id]
    assert _counts([row], header, alice) == ([0, 1, 0, 0], [])
    activity.refresh_from_db()
    assert (activity.description, activity.quantity) == ("通信 7月号", 600)
    assert Activity.objects.count() == 1
