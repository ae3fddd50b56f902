"""The `区分` sheet of マスタ取込 (issue 20): a city gives its whole set of 区分; what it does not
list goes, or is kept inactive where records have it."""

import pytest
from django.core.management import CommandError, call_command

from coordinators.models import Category
from tests.builders import record, workbook_bytes

pytestmark = pytest.mark.django_db

SECOND_CITY = [
    (1, "資源開発", 1, "1、2、3", "資源開発"),
    (2, "ネットワーク構築", 2, "", "ネットワーク構築"),
    (3, "ニーズと取組のマッチング", 3, "1・2・3", "ニーズと取組のマッチング"),
    (4, "その他", 4, "1", "その他"),
]


def _import(tmp_path, rows):
    path = tmp_path / "master.xlsx"
    path.write_bytes(workbook_bytes({"区分": rows}))
    call_command("import_master", str(path))


def _set():
    return [
        (c.number, c.label, c.tiers_text, c.get_national_function_display(), c.is_active)
        for c in Category.objects.all()
    ]


def test_the_sheet_gives_the_citys_whole_set(tmp_path, capsys):
    _import(tmp_path, SECOND_CITY)
    assert _set() == [
        (1, "資源開発", "1、2、3", "資源開発", True),
        (2, "ネットワーク構築", "1、2、3", "ネットワーク構築", True),
        (3, "ニーズと取組のマッチング", "1、2、3", "ニーズと取組のマッチング", True),
        (4, "その他", "1", "その他", True),
    ]
    assert "区分: 新規 0件、更新 4件、変更なし 0件" in capsys.readouterr().out
    _import(tmp_path, SECOND_CITY)
    assert "区分: 新規 0件、更新 0件、変更なし 4件" in capsys.readouterr().out


def test_an_unlisted_category_with_records_is_kept_inactive(tmp_path, alice, sato):
    record(alice, [sato], category=6)
    _import(tmp_path, SECOND_CITY)
    assert _set()[-1] == (6, "個別支援", "1、2、3", "ニーズと取組のマッチング", False)
    assert not Category.objects.filter(pk__in=[5, 7]).exists()


def test_bad_rows_are_told_by_cell_and_nothing_is_saved(tmp_path, capsys):
    rows = [
        (1, "資源開発", 1, "1、4", "資源開発"),
        (2, "資源開発", 2, "", "地域づくり"),
        ("二", "", "", "", ""),
        (1, "重複", 4, "", ""),
    ]
    with pytest.raises(CommandError):
        _import(tmp_path, rows)
    errors = capsys.readouterr().err
    assert "区分!2 記録できる層: 1・2・3 を「、」で区切って入力してください" in errors
    assert "区分!3 国の機能: 資源開発・ネットワーク構築・ニーズと取組のマッチング・その他" in errors
    assert "区分!4 番号: 1から99までの整数を入力してください（入力: 二）。" in errors
    assert "区分!4 名称: 必須です。" in errors
    assert "区分!5 番号:" in errors  # 1 again
    assert Category.objects.get(pk=1).label == "担い手の養成"


def test_two_categories_may_swap_their_names(tmp_path):
    rows = [
        (c.number, c.label, c.display_order, c.tiers_text, c.get_national_function_display())
        for c in Category.objects.all()
    ]
    rows[0], rows[1] = (1, rows[1][1], *rows[0][2:]), (2, rows[0][1], *rows[1][2:])
    _import(tmp_path, rows)
    assert Category.objects.get(pk=1).label == "実態把握"
    assert Category.objects.get(pk=2).label == "担い手の養成"


def test_a_name_kept_by_an_inactive_category_is_told_at_the_name(tmp_path, alice, sato, capsys):
    record(alice, [sato], category=6)
    _import(tmp_path, SECOND_CITY)  # 個別支援 stays, inactive: its record has it
    with pytest.raises(CommandError):
        _import(tmp_path, [*SECOND_CITY, (9, "個別支援", 9, "", "")])
    assert "区分!6 名称: 「個別支援」という区分がすでにあります（無効のものを含む）。" in (
        capsys.readouterr().err
    )
    with pytest.raises(CommandError):
        _import(tmp_path, [*SECOND_CITY, (10, "長" * 51, 10, "", "")])
    assert "区分!6 名称: 50文字以内にしてください（51文字）。" in capsys.readouterr().err
