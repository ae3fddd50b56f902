"""A non-ASCII digit where a number is read (issue 15): "²".isdigit() is True but int("²")
fails, so each of these answered 500 or stopped an import; now each is refused in Japanese or
treated as no such row."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from coordinators.models import Center, HalfYearClosing
from tests.builders import book, workbook_bytes

pytestmark = pytest.mark.django_db


def test_closing_a_center_posted_as_superscript_is_not_found(client_for, carol, center_a):
    response = client_for(carol).post(reverse("reports:close"), {"period": "2024H1", "center": "²"})
    assert response.status_code == 404
    assert not HalfYearClosing.objects.exists()


def test_confirming_for_a_center_posted_as_superscript_confirms_the_login_s_own(
    client_for, alice, center_a
):
    response = client_for(alice).post(
        reverse("reports:confirm"), {"period": "2024H1", "center": "²"}
    )
    assert response.status_code == 302
    assert center_a.confirmations.count() == 1


def test_a_display_order_of_superscript_digits_is_a_row_error(tmp_path, capsys):
    path = tmp_path / "master.xlsx"
    path.write_bytes(workbook_bytes({"所属": [("センターZ", "地域包括支援センター", 2, "²")]}))
    with pytest.raises(CommandError):
        call_command("import_master", str(path))
    assert "所属!2 表示順: 0以上の整数を入力してください（入力: ²）。" in capsys.readouterr().err
    assert not Center.objects.filter(name="センターZ").exists()


def test_participants_of_superscript_digits_is_a_row_error(tmp_path, capsys, councils, sato, dave):
    header = ("開催日", "会議体", "所属", "出席者", "参加人数", "議題", "概要", "地域課題")
    row = ("R6.6.12", "SC連携会議", "センターA", "佐藤 花子", "²", "連携", "", "")
    path = tmp_path / "records.xlsx"
    path.write_bytes(book({"会議記録": [header, row]}))
    with pytest.raises(CommandError):
        call_command("import_records", str(path))
    assert (
        "会議記録!2 参加人数: 0以上の整数を入力してください（入力: ²）。" in capsys.readouterr().err
    )
