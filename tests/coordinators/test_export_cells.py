"""The Excel files of the activity, consultation and resource lists (issue 16), read back as a
user's spreadsheet reads them: dates are dates shown in 和暦 that sort by date, times are times,
minutes and counts are numbers; the file says which list, which filters, when and by whom; it
prints readably on A4 landscape; and no stored text can make it fail. CSV stays text."""

import csv
import io
from datetime import date, datetime, time, timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordinators.imports.records import SHEETS as RECORD_SHEETS
from coordinators.models import AccessRecord, Activity, Consultation, SocialResource
from tests.builders import consult, make
from tests.factories import SocialResourceFactory

# the lists open on this 年度 (issue 22): today is in the 令和6年度 these records are of
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("season_2024")]

LONG_TEXT = "地域ケア会議に出席し、移動支援の担い手不足について町内会長と意見交換を行った。" * 4


def export(client, url_name, **params):
    """The list's ?export=xlsx as an openpyxl workbook."""
    response = client.get(reverse(f"coordinators:{url_name}"), {"export": "xlsx", **params})
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def column(sheet, header):
    """The data cells (row 2 on) under `header` in row 1."""
    headers = [cell.value for cell in sheet[1]]
    return [row[headers.index(header)] for row in sheet.iter_rows(min_row=2)]


def conditions(workbook):
    """Sheet 「条件」 as {項目: 内容}."""
    rows = list(workbook["条件"].iter_rows(values_only=True))
    assert rows[0] == ("項目", "内容")
    return dict(rows[1:])


# --- typed cells ------------------------------------------------------------------------------


def test_activity_dates_are_date_cells_in_wareki_that_sort_by_date(client_for, alice, sato):
    make(alice, sato, day=date(2024, 10, 1))
    make(alice, sato, day=date(2024, 4, 1))
    client = client_for(alice)
    cells = column(export(client, "activity_list").active, "日付")  # newest first
    # As text they sorted wrong: 令和6年10月1日 < 令和6年4月1日.
    assert sorted(["令和6年4月1日", "令和6年10月1日"])[0] == "令和6年10月1日"
    assert sorted(cell.value for cell in cells) == [datetime(2024, 4, 1), datetime(2024, 10, 1)]
    by_date = column(export(client, "activity_list", sort="date").active, "日付")
    assert [cell.value for cell in by_date] == [datetime(2024, 4, 1), datetime(2024, 10, 1)]
    for cell in cells:
        assert cell.is_date
        assert cell.number_format == '[$-411]ggge"年"m"月"d"日"'


def test_start_time_is_a_time_cell_and_minutes_and_participants_are_numbers(
    client_for, alice, sato
):
    make(alice, sato, start_time=time(10, 30), duration_minutes=90, participants=12)
    sheet = export(client_for(alice), "activity_list").active
    (start,) = column(sheet, "開始時刻")
    assert start.value == time(10, 30)
    assert start.number_format == "h:mm"
    (minutes,), (participants,) = column(sheet, "所要時間（分）"), column(sheet, "参加人数")
    assert (minutes.value, participants.value) == (90, 12)
    assert minutes.data_type == participants.data_type == "n"


def test_consultation_dates_and_ages_are_typed(client_for, alice, sato):
    consult(alice, sato, day=date(2024, 6, 10), subject_age=82)
    sheet = export(client_for(alice), "consultation_list").active
    (received,), (age,) = column(sheet, "受付日"), column(sheet, "年齢")
    assert received.value == datetime(2024, 6, 10)
    assert "ggge" in received.number_format
    assert (age.value, age.data_type) == (82, "n")


def test_access_records_are_date_time_cells_in_japan_time(client_for, carol):
    client = client_for(carol)
    client.get(reverse("coordinators:consultation_list"))
    stored = AccessRecord.objects.get()
    (at,) = column(export(client, "accessrecord_list").active, "日時")
    in_japan = timezone.localtime(stored.at).replace(tzinfo=None)
    assert abs(at.value - in_japan) < timedelta(seconds=1)
    assert at.number_format == '[$-411]ggge"年"m"月"d"日" h:mm:ss'


def test_the_csv_still_shows_dates_times_and_numbers_as_the_screen_does(client_for, alice, sato):
    make(alice, sato, day=date(2024, 4, 1), start_time=time(10, 0), duration_minutes=90)
    response = client_for(alice).get(reverse("coordinators:activity_list"), {"export": "csv"})
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:3] == ["日付", "開始時刻", "所要時間（分）"]
    assert row[:3] == ["令和6年4月1日", "10:00", "90"]


def test_the_resource_files_show_the_subsidy_as_the_screen_does(client_for, alice, area_a):
    SocialResourceFactory(name="ひだまり", area=area_a, is_subsidised=True)
    client = client_for(alice)
    (cell,) = column(export(client, "resource_list").active, "市補助事業")
    assert cell.value == "○"
    response = client.get(reverse("coordinators:resource_list"), {"export": "csv"})
    assert response.content.decode("utf-8-sig").splitlines()[1].endswith(",○")


# --- what was exported -------------------------------------------------------------------------


def test_row_one_is_the_frozen_header_with_a_filter(client_for, alice, sato):
    make(alice, sato)
    workbook = export(client_for(alice), "activity_list")
    sheet = workbook.active
    # the records import's sheet and columns, plus 記録ID: it uploads back (issue 16)
    assert sheet.title == "活動記録"
    assert tuple(cell.value for cell in sheet[1]) == (*RECORD_SHEETS["活動記録"], "数量", "記録ID")
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M2"


def test_the_conditions_sheet_names_the_list_filters_time_and_login(
    client_for, carol, alice, sato, center_a
):
    make(alice, sato, day=date(2024, 6, 10))
    make(alice, sato, day=date(2024, 10, 1))
    before = timezone.localtime().replace(tzinfo=None, second=0, microsecond=0)
    workbook = export(client_for(carol), "activity_list", period="2024H1", center=center_a.pk)
    shown = conditions(workbook)
    assert shown["一覧"] == "活動記録一覧"
    assert shown["期間（年度・半期）"] == "令和6年度上半期"
    assert shown["所属"] == "センターA"
    assert shown["並び順"] == "日付（降順）"
    assert shown["件数"] == 1
    assert shown["出力者"] == "carol"
    assert before <= shown["出力日時"] <= before + timedelta(minutes=2)
    assert "ggge" in workbook["条件"]["B7"].number_format
    assert workbook.sheetnames == ["活動記録", "条件"]


def test_an_export_without_filters_says_so(client_for, alice, sato):
    make(alice, sato)
    shown = conditions(export(client_for(alice), "resource_list"))
    assert shown["条件"] == "なし（すべて）"
    assert shown["一覧"] == "社会資源一覧"


def test_the_page_header_names_the_list_filters_and_login(client_for, alice, sato):
    make(alice, sato)
    sheet = export(client_for(alice), "activity_list", period="R6上半期").active
    assert sheet.oddHeader.left.text == "活動記録一覧"
    assert "期間（年度・半期）: 令和6年度上半期" in sheet.oddHeader.center.text
    assert sheet.oddHeader.right.text.startswith("出力 令和")
    assert sheet.oddHeader.right.text.endswith(" alice")
    assert "&P" in sheet.oddFooter.center.text


# --- print and borders -------------------------------------------------------------------------


def test_data_cells_are_boxed_and_the_print_is_a4_landscape_at_full_size(
    client_for, alice, sato, area_a
):
    place = SocialResourceFactory(name="ひだまりサロン（東町集会所）", area=area_a)
    for day in range(30):
        make(
            alice,
            sato,
            day=date(2024, 6, 1) + timedelta(days=day),
            description=LONG_TEXT,
            place="東町集会所 2階 和室",
            resource=place,
            start_time=time(9, 0),
        )
    sheet = export(client_for(alice), "activity_list").active
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.border.left.style == cell.border.bottom.style == "thin"
            assert cell.font.size == 10
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == "$1:$1"  # the header row on every page
    # The row fits the page width at 100% (Excel's width units: 7 px a digit + 5 px, 96 dpi),
    # because the long 内容 wraps instead of shrinking the print.
    widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
    printable_inches = 297 / 25.4 - sheet.page_margins.left - sheet.page_margins.right
    assert sum(width * 7 + 5 for width in widths) <= printable_inches * 96
    (description,) = {cell.alignment.wrap_text for cell in column(sheet, "内容")}
    assert description is True
    assert sheet.row_dimensions[2].height >= 3 * 14


# --- stored text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "model", "field", "header"),
    [
        ("activity_list", Activity, "description", "内容"),
        ("consultation_list", Consultation, "summary", "概要"),
        ("resource_list", SocialResource, "operator", "運営主体"),
    ],
)
def test_stored_control_characters_and_formulas_still_export_as_text(
    client_for, alice, sato, area_a, url_name, model, field, header
):
    make(alice, sato)
    consult(alice, sato)
    SocialResourceFactory(area=area_a)
    # written past the cleaning at input, as a row stored before issue 15 was
    model.objects.update(**{field: "=1+1\x0bです"})
    (cell,) = column(export(client_for(alice), url_name).active, header)
    assert cell.value == "=1+1です"
    assert cell.data_type == "s"


# --- cost ---------------------------------------------------------------------------------------


def _queries(client, url_name):
    with CaptureQueriesContext(connection) as captured:
        export(client, url_name, period="2024H1")
    return len(captured)


@pytest.mark.parametrize(
    ("url_name", "add_row"),
    [
        ("activity_list", lambda alice, sato, area: make(alice, sato)),
        ("consultation_list", lambda alice, sato, area: consult(alice, sato)),
        ("resource_list", lambda alice, sato, area: SocialResourceFactory(area=area)),
    ],
)
def test_an_export_costs_the_same_queries_for_1_row_as_for_20(
    client_for, alice, sato, area_a, url_name, add_row
):
    client = client_for(alice)
    add_row(alice, sato, area_a)
    one = _queries(client, url_name)
    for _ in range(19):
        add_row(alice, sato, area_a)
    assert _queries(client, url_name) == one


# --- as many rows as an import takes (issue 16) ---------------------------------------------


def test_a_list_longer_than_an_import_takes_offers_no_download_but_says_why(
    client_for, alice, sato, monkeypatch
):
    monkeypatch.setattr("coordinators.exports.EXPORT_MAX_ROWS", 2)
    for day in (date(2024, 6, 3), date(2024, 6, 10), date(2024, 6, 17)):
        make(alice, sato, day=day)
    client = client_for(alice)
    told = (
        "ダウンロードできるのは2件までです（この条件では3件）。期間や所属などで絞り込んでください。"
    )

    page = client.get(reverse("coordinators:activity_list")).content.decode()
    assert told in page
    assert "export=xlsx" not in page

    response = client.get(
        reverse("coordinators:activity_list"), {"q": "", "export": "xlsx"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("coordinators:activity_list") + "?q="
    assert told in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_a_list_within_the_limit_downloads_every_row(client_for, alice, sato, monkeypatch):
    monkeypatch.setattr("coordinators.exports.EXPORT_MAX_ROWS", 3)
    for day in (date(2024, 6, 3), date(2024, 6, 10), date(2024, 6, 17)):
        make(alice, sato, day=day)

    sheet = export(client_for(alice), "activity_list").active

    assert len(column(sheet, "日付")) == 3
