import io
import re
from datetime import date, datetime, time

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from coordinators.closing import half_year_close
from coordinators.imports.records import SHEETS, build_records_template
from coordinators.models import Activity
from tests.builders import (
    START_TIMES_AS_TYPED,
    consultation_row,
    consultation_workbook,
    good_row,
    workbook,
)
from tests.factories import AssignmentFactory, SocialResourceFactory

pytestmark = pytest.mark.django_db

HEADER = SHEETS["活動記録"]


@pytest.fixture
def people(center_a, division_center, area_a):
    AssignmentFactory(coordinator__name="佐藤 花子", center=center_a, start_date=date(2015, 4, 1))
    AssignmentFactory(coordinator__name="高橋 美咲", center=center_a, start_date=date(2015, 4, 1))
    AssignmentFactory(
        coordinator__name="伊藤 真理", center=division_center, start_date=date(2015, 4, 1)
    )
    SocialResourceFactory(name="東町ひだまり", area=area_a)


def run(tmp_path, content, *args):
    path = tmp_path / "records.xlsx"
    path.write_bytes(content)
    call_command("import_records", str(path), *args)


def test_imports_rows_in_every_date_form(tmp_path, people, dave):
    rows = [
        good_row("2015/4/1"),
        good_row("H27.4.2"),
        good_row("平成27年4月3日"),
        good_row("R7.4.1"),
        good_row("令和7年4月2日"),
        good_row(datetime(2024, 6, 10), 開始時刻=time(13, 30), 区分=4),
        good_row("２０２４/６/１１", **{"所要時間（分）": "１２０", "区分": "５"}),
        good_row("2024/6/12", 所属="高齢者支援課", 担当者="伊藤 真理", 区分="2層支援（1層のみ）"),
    ]
    run(tmp_path, workbook(rows))
    assert Activity.objects.count() == 8
    assert sorted(Activity.objects.values_list("date", flat=True))[:3] == [
        date(2015, 4, 1),
        date(2015, 4, 2),
        date(2015, 4, 3),
    ]
    wide = Activity.objects.get(date=date(2024, 6, 11))
    assert (wide.duration_minutes, wide.category_id) == (120, 5)
    assert Activity.objects.get(date=date(2024, 6, 10)).start_time == time(13, 30)
    first = Activity.objects.get(date=date(2015, 4, 1))
    assert sorted(c.name for c in first.coordinators.all()) == ["佐藤 花子", "高橋 美咲"]
    assert first.resource.name == "東町ひだまり"
    assert first.recorded_by == dave


def test_importing_twice_adds_nothing(tmp_path, people, dave, capsys):
    content = workbook([good_row(), good_row("2024/6/11")])
    run(tmp_path, content)
    capsys.readouterr()
    run(tmp_path, content)
    assert Activity.objects.count() == 2
    assert "活動記録: 新規 0件、更新 0件、変更なし 0件、記録済み 2件" in capsys.readouterr().out


def test_identical_rows_are_separate_records_and_a_second_import_adds_none(
    tmp_path, people, dave, capsys
):
    # A legacy log lists alike phone calls of one day once per call: 20 rows, 4 contents.
    contents = [
        good_row("2024/6/10", 活動形態="電話・メール連絡", 内容="サロン代表への連絡"),
        good_row("2024/6/10", 活動形態="電話・メール連絡", 内容="民生委員への連絡"),
        good_row("2024/6/11"),
        good_row("2024/6/12", 内容="見守りの相談"),
    ]
    rows = [contents[n % 4] for n in range(20)]
    content = workbook(rows)
    run(tmp_path, content)
    assert Activity.objects.count() == 20
    assert "活動記録: 新規 20件、更新 0件、変更なし 0件、記録済み 0件" in capsys.readouterr().out
    run(tmp_path, content)
    assert Activity.objects.count() == 20
    assert "活動記録: 新規 0件、更新 0件、変更なし 0件、記録済み 20件" in capsys.readouterr().out


def test_a_file_overlapping_typed_records_adds_only_what_is_missing(tmp_path, people, dave, capsys):
    run(tmp_path, workbook([good_row("2024/6/10")]))  # as if typed on the week page
    capsys.readouterr()
    run(tmp_path, workbook([good_row("2024/6/10")] * 3 + [good_row("2024/6/11")]))
    assert Activity.objects.filter(date=date(2024, 6, 10)).count() == 3
    assert Activity.objects.count() == 4
    assert "活動記録: 新規 3件、更新 0件、変更なし 0件、記録済み 1件" in capsys.readouterr().out


def test_more_records_than_rows_adds_none_and_removes_none(tmp_path, people, dave, capsys):
    run(tmp_path, workbook([good_row()] * 3))
    capsys.readouterr()
    run(tmp_path, workbook([good_row()]))
    assert Activity.objects.count() == 3
    assert "活動記録: 新規 0件、更新 0件、変更なし 0件、記録済み 1件" in capsys.readouterr().out


def test_a_deleted_record_is_not_taken_as_recorded(tmp_path, people, dave):
    from coordinators.activities.services import activity_delete

    run(tmp_path, workbook([good_row()] * 2))
    activity_delete(user=dave, activity=Activity.objects.first())
    run(tmp_path, workbook([good_row()] * 2))
    assert Activity.objects.count() == 2
    assert Activity.all_objects.count() == 3


def test_three_bad_rows_among_500_save_nothing_and_are_named(tmp_path, people, dave, capsys):
    rows = [good_row(date(2024, 4, 1 + n % 28).isoformat().replace("-", "/")) for n in range(500)]
    rows[41] = good_row(担当者="存在しない人")
    rows[250] = good_row("2024/2/30")
    rows[498] = good_row(区分="9")
    with pytest.raises(CommandError, match="3件の誤りがあるため、何も保存していません"):
        run(tmp_path, workbook(rows))
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "活動記録!43 担当者: 担当者「存在しない人」が見つかりません。",
        "活動記録!252 日付: 「2024/2/30」という日付はありません。",
        errors[2],
    ]
    assert errors[2].startswith("活動記録!500 区分: 区分は 1 担い手の養成")
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"所要時間（分）": 0}, "所要時間（分）: 1から1440までの数"),
        ({"所要時間（分）": 1441}, "所要時間（分）: 1から1440までの数"),
        ({"所要時間（分）": "-5"}, "所要時間（分）: 1から1440までの数"),
        ({"開始時刻": "25:00"}, "開始時刻: 「25:00」は時刻として読めません"),
        ({"参加人数": "たくさん"}, "参加人数: 整数を入力してください"),
        ({"内容": ""}, "内容: 必須です"),
        ({"訪問先": "ないサロン"}, "訪問先: 社会資源「ないサロン」が見つかりません"),
        ({"活動形態": "散歩"}, "活動形態: 活動形態「散歩」が見つかりません"),
        ({"区分": "2層支援（1層のみ）"}, "区分: 「2層支援（1層のみ）」は第1層の所属だけ"),
        ({"所属": "高齢者支援課"}, "所属: 担当者のこの日の所属は「センターA」です"),
        ({"担当者": "佐藤 花子、伊藤 真理"}, "担当者: 担当者は同じ所属・同じ層の人にしてください"),
        ({"日付": "2010/4/1"}, "日付: 平成22年4月1日は記録できる期間の外です。平成27年4月1日から"),
    ],
)
def test_each_bad_cell_is_named(tmp_path, people, dave, capsys, changes, expected):
    with pytest.raises(CommandError):
        run(tmp_path, workbook([good_row(**changes)]))
    assert f"活動記録!2 {expected}" in capsys.readouterr().err
    assert not Activity.objects.exists()


def test_closed_half_year_is_refused_by_the_import(tmp_path, people, carol, dave, capsys):
    half_year_close(user=carol, fiscal_year=2024, half=1)
    with pytest.raises(CommandError):
        run(tmp_path, workbook([good_row("2024/6/10")]))
    assert "活動記録!2 日付: 令和6年度上半期（全所属）は" in capsys.readouterr().err


def test_dry_run_saves_nothing(tmp_path, people, dave, capsys):
    run(tmp_path, workbook([good_row()]), "--dry-run")
    assert not Activity.objects.exists()
    assert "活動記録: 新規 1件" in capsys.readouterr().out


def test_recorder_can_be_named(tmp_path, people, alice):
    run(tmp_path, workbook([good_row()]), "--user", "alice")
    assert Activity.objects.get().recorded_by == alice


def test_template_round_trips(tmp_path, people, dave, capsys):
    book = openpyxl.load_workbook(io.BytesIO(build_records_template()))
    assert tuple(c.value for c in book["活動記録"][1]) == (*HEADER, "数量")
    run(tmp_path, build_records_template())
    assert "活動記録: 新規 0件" in capsys.readouterr().out


def test_division_uploads_records_on_its_page(client_for, carol, people):
    upload = io.BytesIO(workbook([good_row()]))
    upload.name = "records.xlsx"
    page = (
        client_for(carol)
        .post(reverse("coordinators:records_import"), {"file": upload})
        .content.decode()
    )
    assert "取り込みました" in page
    assert Activity.objects.get().recorded_by == carol


def test_the_page_says_how_many_rows_were_taken_as_already_recorded(client_for, carol, people):
    client = client_for(carol)

    content = io.BytesIO(workbook([good_row()] * 3))
    content.name = "records.xlsx"
    client.post(reverse("coordinators:records_import"), {"file": content})
    again = io.BytesIO(workbook([good_row()] * 3))
    again.name = "records.xlsx"
    page = client.post(reverse("coordinators:records_import"), {"file": again}).content.decode()
    assert Activity.objects.count() == 3
    cells = re.findall(r'<td class="number">(\d+)</td>', page)
    assert '<th class="number">記録済み</th>' in page
    assert cells == ["0", "0", "0", "3"]


CONSULTATION_HEADER = SHEETS["相談記録"]


def test_consultation_sheet_imports_and_is_idempotent(tmp_path, people, dave, capsys):
    from coordinators.models import Consultation

    content = consultation_workbook(
        [consultation_row(), consultation_row(), consultation_row(受付日="2024/6/11")]
    )
    run(tmp_path, content)
    capsys.readouterr()
    run(tmp_path, content)
    # two alike consultations on one day are two consultations
    assert Consultation.objects.count() == 3
    first = Consultation.objects.filter(received_on=date(2024, 6, 10)).first()
    assert sorted(t.name for t in first.topics.all()) == sorted(["個別ケース", "活動場所"])
    assert (first.subject_age, first.get_care_level_display(), first.get_subject_sex_display()) == (
        61,
        "要支援1",
        "女性",
    )
    assert "相談記録: 新規 0件、更新 0件、変更なし 0件、記録済み 3件" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"相談内容": "宇宙の話"}, "相談内容: 相談内容「宇宙の話」が見つかりません"),
        ({"相談経路": ""}, "相談経路: 必須です"),
        ({"要介護度": "要介護6"}, "要介護度: 要支援1・要支援2"),
        ({"年齢": 200}, "年齢: 0から130までの数"),
        ({"性別": "不詳"}, "性別: 男性・女性・その他・不明 のどれか"),
        ({"担当者": "伊藤 真理"}, "所属: 担当者のこの日の所属は「高齢者支援課」です"),
    ],
)
def test_bad_consultation_cells_are_named(tmp_path, people, dave, capsys, changes, expected):
    from coordinators.models import Consultation

    with pytest.raises(CommandError):
        run(tmp_path, consultation_workbook([consultation_row(**changes)]))
    assert f"相談記録!2 {expected}" in capsys.readouterr().err
    assert not Consultation.objects.exists()


# --- cells typed the ways people type them (issue 15) --------------------------------------


@pytest.mark.parametrize(
    ("typed", "credited"),
    [
        ("佐藤　花子", ["佐藤 花子"]),
        ("佐藤花子", ["佐藤 花子"]),
        ("佐藤 花子\n高橋 美咲", ["佐藤 花子", "高橋 美咲"]),
        ("佐藤 花子・高橋 美咲", ["佐藤 花子", "高橋 美咲"]),
        ("佐藤花子、高橋　美咲", ["佐藤 花子", "高橋 美咲"]),
    ],
)
def test_a_name_typed_another_way_is_credited_to_the_registered_person(
    tmp_path, people, dave, typed, credited
):
    run(tmp_path, workbook([good_row(担当者=typed, 訪問先="東町　ひだまり")]))
    activity = Activity.objects.get()
    assert sorted(c.name for c in activity.coordinators.all()) == credited
    assert activity.resource.name == "東町ひだまり"


def test_a_name_with_a_dot_stays_one_person(tmp_path, center_a, people, dave):
    AssignmentFactory(
        coordinator__name="マリア・ロペス", center=center_a, start_date=date(2015, 4, 1)
    )
    run(tmp_path, workbook([good_row(担当者="マリア・ロペス\n佐藤 花子")]))
    assert sorted(c.name for c in Activity.objects.get().coordinators.all()) == [
        "マリア・ロペス",
        "佐藤 花子",
    ]


@pytest.mark.parametrize("typed", [90, "90分", "1時間30分", "1.5時間", "1:30", "９０", time(1, 30)])
def test_every_usual_duration_is_90_minutes(tmp_path, people, dave, typed):
    run(tmp_path, workbook([good_row(**{"所要時間（分）": typed})]))
    assert Activity.objects.get().duration_minutes == 90


@pytest.mark.parametrize(("typed", "expected"), START_TIMES_AS_TYPED)
def test_every_usual_start_time_is_read(tmp_path, people, dave, typed, expected):
    run(tmp_path, workbook([good_row(開始時刻=typed)]))
    assert Activity.objects.get().start_time == expected


def test_an_unreadable_duration_says_how_to_type_it(tmp_path, people, dave, capsys):
    with pytest.raises(CommandError):
        run(tmp_path, workbook([good_row(**{"所要時間（分）": "たくさん"})]))
    assert (
        "活動記録!2 所要時間（分）: 所要時間は分で入力してください（例: 90、1時間30分、1:30）"
        "（入力: たくさん）。" in capsys.readouterr().err
    )


def test_control_characters_are_removed_and_the_row_is_recorded_once(
    tmp_path, people, dave, capsys
):
    # as Excel writes a vertical tab, an ESC and a NUL it cannot put in XML
    content = workbook([good_row(内容="A_x000B_B_x001B_C", 場所="集会所_x0000_")])
    run(tmp_path, content)
    capsys.readouterr()
    run(tmp_path, content)
    activity = Activity.objects.get()
    assert (activity.description, activity.place) == ("ABC", "集会所")
    assert "活動記録: 新規 0件、更新 0件、変更なし 0件、記録済み 1件" in capsys.readouterr().out


def test_consultation_topics_on_lines_or_joined_by_dots(tmp_path, people, dave):
    from coordinators.models import Consultation

    rows = [
        consultation_row(担当者="佐藤花子", 相談内容="個別ケース\n活動場所"),
        consultation_row(受付日="R6.6.11", 相談内容="個別ケース・活動場所"),
        # a topic with 「・」 in its name stays one
        consultation_row(受付日="R6.6.12", 相談内容="介護保険・福祉施設"),
    ]
    run(tmp_path, consultation_workbook(rows))
    topics = {
        c.received_on.day: sorted(t.name for t in c.topics.all())
        for c in Consultation.objects.all()
    }
    assert topics == {
        10: ["個別ケース", "活動場所"],
        11: ["個別ケース", "活動場所"],
        12: ["介護保険・福祉施設"],
    }


def test_meeting_attendees_on_lines_and_the_council_typed_another_way(
    tmp_path, people, councils, dave
):
    from councils.import_sheets import MEETING_COLUMNS
    from councils.models import Meeting
    from tests.builders import book

    row = ("2024/6/12", "地域ケア会議 A", "センターA", "佐藤花子\n高橋　美咲", 3, "見守り", "", "")
    run(tmp_path, book({"会議記録": [MEETING_COLUMNS, row]}))
    meeting = Meeting.objects.get()
    assert meeting.council == councils["care"]
    assert sorted(c.name for c in meeting.coordinators.all()) == ["佐藤 花子", "高橋 美咲"]
