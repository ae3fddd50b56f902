from datetime import date

import pytest
from django.core.management import CommandError, call_command

from coordinators.demo.categories import SeededCategory
from coordinators.models import Activity
from councils.models import Council, CouncilTier, Meeting, RegionalIssue
from tests.builders import book

pytestmark = pytest.mark.django_db


def run(tmp_path, command, content, *args):
    path = tmp_path / "book.xlsx"
    path.write_bytes(content)
    call_command(command, str(path), *args)


COUNCIL_HEADER = ("名称", "層", "種別", "所属", "協議体相当", "既定の区分")
MEETING_HEADER = ("開催日", "会議体", "所属", "出席者", "参加人数", "議題", "概要", "地域課題")


def test_master_sheet_councils_upserts(tmp_path, center_a, capsys):
    content = book(
        {
            "協議体": [
                COUNCIL_HEADER,
                ("東 地域ケア会議", 2, "地域ケア会議", "センターA", "○", "実態把握"),
                ("推進協議会", 1, "地域包括ケア推進協議会", "", "", 4),
                ("SC連携会議", 1, "SC連携会議", "", "", ""),
            ]
        }
    )
    run(tmp_path, "import_master", content)
    run(tmp_path, "import_master", content)
    care = Council.objects.get(name="東 地域ケア会議")
    assert (care.tier, care.center, care.counts_as_equivalent, care.default_category_id) == (
        2,
        center_a,
        True,
        SeededCategory.FACT_FINDING,
    )
    assert Council.objects.get(name="SC連携会議").tier == CouncilTier.BETWEEN
    assert "協議体: 新規 0件、更新 0件、変更なし 3件" in capsys.readouterr().out


def test_master_sheet_councils_names_bad_cells(tmp_path, center_a, capsys):
    content = book({"協議体": [COUNCIL_HEADER, ("会議", 4, "宴会", "どこか", "はい", "9")]})
    with pytest.raises(CommandError):
        run(tmp_path, "import_master", content)
    errors = capsys.readouterr().err
    for column in ("層", "種別", "所属", "協議体相当", "既定の区分"):
        assert f"協議体!2 {column}:" in errors
    assert not Council.objects.exists()


@pytest.fixture
def council(center_a):
    from councils.models import CouncilKind

    return Council.objects.create(
        name="東 地域ケア会議",
        tier=2,
        kind=CouncilKind.objects.get(name="地域ケア会議"),
        counts_as_equivalent=True,
        default_category_id=SeededCategory.FACT_FINDING,
    )


def test_meeting_sheet_creates_meetings_activities_and_issues(
    tmp_path, council, sato, suzuki, dave, capsys
):
    RegionalIssue.objects.create(title="既存の課題", created_by=dave)
    content = book(
        {
            "会議記録": [
                MEETING_HEADER,
                (
                    "R6.6.12",
                    "東 地域ケア会議",
                    "センターA、センターB",
                    "佐藤 花子、鈴木 健一",
                    "１２",
                    "見守り",
                    "",
                    "新しい課題、既存の課題",
                ),
            ]
        }
    )
    run(tmp_path, "import_records", content)
    run(tmp_path, "import_records", content)
    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.other_participants) == (date(2024, 6, 12), 12)
    assert Activity.objects.count() == 2
    assert sorted(s.issue.title for s in meeting.issue_steps.all()) == ["新しい課題", "既存の課題"]
    assert "会議記録: 新規 0件、更新 0件、変更なし 0件、記録済み 1件" in capsys.readouterr().out


def test_meeting_sheet_checks_the_listed_centers(tmp_path, council, sato, suzuki, dave, capsys):
    content = book(
        {
            "会議記録": [
                MEETING_HEADER,
                (
                    "R6.6.12",
                    "東 地域ケア会議",
                    "センターA",
                    "佐藤 花子、鈴木 健一",
                    "",
                    "見守り",
                    "",
                    "",
                ),
            ]
        }
    )
    with pytest.raises(CommandError):
        run(tmp_path, "import_records", content)
    assert (
        "会議記録!2 所属: 出席者のこの日の所属は「センターA、センターB」です"
        in capsys.readouterr().err
    )
    assert not Meeting.objects.exists()
    assert not Activity.objects.exists()


def test_one_meeting_listed_by_three_centers_is_one_meeting(
    tmp_path, councils, sato, suzuki, ito, dave, capsys
):
    # Each 所属's legacy log lists the SC連携会議 it attended: one meeting, three attendances.
    rows = [
        ("R6.6.12", "SC連携会議", center, person, "", "SCの情報交換", "", "")
        for center, person in [
            ("センターA", "佐藤 花子"),
            ("センターB", "鈴木 健一"),
            ("高齢者支援課", "伊藤 真理"),
        ]
    ]
    content = book({"会議記録": [MEETING_HEADER, *rows]})
    run(tmp_path, "import_records", content)
    assert "会議記録: 新規 1件、更新 2件、変更なし 0件、記録済み 0件" in capsys.readouterr().out
    run(tmp_path, "import_records", content)
    assert "会議記録: 新規 0件、更新 0件、変更なし 0件、記録済み 3件" in capsys.readouterr().out
    meeting = Meeting.objects.get()
    assert sorted(a.center.name for a in meeting.activities.all()) == [
        "センターA",
        "センターB",
        "高齢者支援課",
    ]
    assert Activity.objects.count() == 3


def test_another_agenda_the_same_day_is_another_meeting(tmp_path, councils, sato, dave):
    rows = [
        ("R6.6.12", "SC連携会議", "センターA", "佐藤 花子", "", agenda, "", "")
        for agenda in ("午前の部", "午後の部")
    ]
    run(tmp_path, "import_records", book({"会議記録": [MEETING_HEADER, *rows]}))
    assert Meeting.objects.count() == 2
