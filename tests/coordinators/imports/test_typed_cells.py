"""The import cells typed the ways people type them (issue 15): times, durations, names folded,
lists of names split at line breaks and 「・」, control characters removed."""

from datetime import datetime, time, timedelta

import pytest

from coordinators.imports.typed_cells import (
    Registers,
    clean_row,
    line_text,
    minutes_cell,
    named_cell,
    names_cell,
    time_cell,
)
from coordinators.imports.workbook import RowError
from coordinators.models import Coordinator, SocialResource
from tests.factories import AssignmentFactory, SocialResourceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value",
    [
        "90",
        90,
        90.0,
        "90分",
        "1時間30分",
        "1.5時間",
        "1:30",
        "９０",
        time(1, 30),
        timedelta(minutes=90),
    ],
)
def test_every_usual_duration_cell_is_90_minutes(value):
    assert minutes_cell(value) == 90


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "たくさん",
            "所要時間は分で入力してください（例: 90、1時間30分、1:30）（入力: たくさん）。",
        ),
        (0, "1から1440までの数を入力してください（入力: 0）。"),
        ("25時間", "1から1440までの数を入力してください（入力: 25時間）。"),
    ],
)
def test_a_bad_duration_cell_says_why(value, message):
    with pytest.raises(RowError) as raised:
        minutes_cell(value)
    assert (raised.value.column, raised.value.message) == ("所要時間（分）", message)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10時", time(10, 0)),
        ("10時30分", time(10, 30)),
        ("1030", time(10, 30)),
        (1030, time(10, 30)),
        ("９：３０", time(9, 30)),
        (time(13, 30, 15), time(13, 30)),
        (datetime(2024, 6, 10, 9, 0), time(9, 0)),
        ("", None),
    ],
)
def test_every_usual_start_time_cell_is_read(value, expected):
    assert time_cell(value) == expected


def test_a_bad_start_time_cell_shows_the_forms_to_use():
    with pytest.raises(
        RowError, match="「25:00」は時刻として読めません。「10:00」「10時30分」「1030」"
    ):
        time_cell("25:00")


def test_a_row_loses_its_control_characters_and_keeps_its_line_breaks():
    assert clean_row(("A\x0bB", "佐藤 花子\n高橋 美咲", 12, None, "\x1b")) == (
        "AB",
        "佐藤 花子\n高橋 美咲",
        12,
        None,
        "",
    )
    assert line_text(" 集会所\n2階\t") == "集会所 2階"


def test_control_characters_as_excel_writes_them_are_removed_too():
    # Excel writes a vertical tab as _x000B_ and a typed "_x0041_" as "_x005F_x0041_".
    assert clean_row(("A_x000B_B", "ESC_x001B_", "_x005F_x0041_")) == ("AB", "ESC", "_x0041_")


@pytest.fixture
def names(center_a):
    for name in ("佐藤 花子", "高橋 美咲", "マリア・ロペス"):
        AssignmentFactory(coordinator__name=name, center=center_a)
    return Registers()


@pytest.mark.parametrize("typed", ["佐藤　花子", "佐藤花子", "佐藤 花子", " 佐藤 花子 "])
def test_a_name_typed_with_any_space_is_the_registered_person(names, typed):
    assert named_cell(names.of(Coordinator), typed, "担当者", "担当者").name == "佐藤 花子"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("佐藤 花子\n高橋 美咲", ["佐藤 花子", "高橋 美咲"]),
        ("佐藤 花子\r\n高橋 美咲", ["佐藤 花子", "高橋 美咲"]),
        ("佐藤 花子・高橋 美咲", ["佐藤 花子", "高橋 美咲"]),
        ("佐藤花子、高橋美咲", ["佐藤 花子", "高橋 美咲"]),
        ("佐藤 花子，高橋 美咲", ["佐藤 花子", "高橋 美咲"]),
        ("マリア・ロペス", ["マリア・ロペス"]),
        ("マリア・ロペス・佐藤 花子", ["マリア・ロペス", "佐藤 花子"]),
        ("佐藤 花子、佐藤　花子", ["佐藤 花子"]),
    ],
)
def test_a_cell_lists_names_on_lines_or_joined_by_dots(names, typed, expected):
    found = names_cell(names.of(Coordinator), typed, "担当者", "担当者")
    assert [c.name for c in found] == expected


def test_dots_between_unregistered_parts_are_one_unknown_name(names):
    with pytest.raises(RowError, match="担当者「佐藤 花子・山田 太郎」が見つかりません。"):
        names_cell(names.of(Coordinator), "佐藤 花子・山田 太郎", "担当者", "担当者")


def test_two_registered_names_folding_alike_are_not_guessed(area_a):
    SocialResourceFactory(name="東町 ひだまり", area=area_a)
    SocialResourceFactory(name="東町　ひだまり", area=area_a)
    index = Registers().of(SocialResource)
    assert named_cell(index, "東町 ひだまり", "訪問先", "社会資源").name == "東町 ひだまり"
    with pytest.raises(RowError, match="社会資源「東町ひだまり」に当たるものが複数あります"):
        named_cell(index, "東町ひだまり", "訪問先", "社会資源")


def test_the_index_is_read_once_per_import(names, django_assert_num_queries):
    index = names.of(Coordinator)
    with django_assert_num_queries(1):
        for typed in ("佐藤花子", "高橋　美咲", "マリア・ロペス", "佐藤 花子"):
            named_cell(index, typed, "担当者", "担当者")
