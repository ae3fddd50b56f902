"""People and places told apart (issue 20): two coordinators called 佐藤 花子 (by 職員番号) and
two 「ふれあいサロン」 (by 圏域) can both be registered; imports take the one of the row's 所属
on its date, type-ahead lists show what tells them apart, and a name still ambiguous is told."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from coordinators.models import Activity, Coordinator, SocialResource
from coordinators.periods import Period
from reports.selectors import build_report
from tests.builders import good_row, record, workbook, workbook_bytes
from tests.factories import AssignmentFactory, SocialResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_satos(center_a, center_b, sato):
    """佐藤 花子 of センターA (the fixture's, 職員番号 1023) and another of センターB (2041)."""
    sato.staff_number = "1023"
    sato.save()
    other = AssignmentFactory(
        coordinator__name="佐藤 花子", coordinator__staff_number="2041", center=center_b
    ).coordinator
    return sato, other


@pytest.fixture
def two_salons(area_a, area_b):
    return (
        SocialResourceFactory(name="ふれあいサロン", area=area_a),
        SocialResourceFactory(name="ふれあいサロン", area=area_b),
    )


def _import_records(tmp_path, rows, user):
    path = tmp_path / "records.xlsx"
    path.write_bytes(workbook(rows))
    call_command("import_records", str(path), "--user", user.username)


def test_one_name_is_two_people_only_with_different_staff_numbers(two_satos):
    sato, other = two_satos
    assert (sato.qualified_name, other.qualified_name) == ("佐藤 花子（1023）", "佐藤 花子（2041）")
    twin = Coordinator(name="鈴木 健一", kana="すずき けんいち")
    twin.save()
    with pytest.raises(ValidationError, match="別の人なら職員番号を入力してください"):
        Coordinator(name="鈴木 健一", kana="すずき けんいち").full_clean()
    with pytest.raises(ValidationError, match="この職員番号の人はすでに登録されています"):
        Coordinator(name="佐藤 次郎", staff_number="2041").full_clean()


def test_an_import_row_takes_the_person_and_place_of_its_own_center(
    tmp_path, two_satos, two_salons, alice, bob
):
    _sato, other = two_satos
    west = two_salons[1]
    row = good_row(担当者="佐藤 花子", 訪問先="ふれあいサロン", 所属="センターB")
    _import_records(tmp_path, [row], bob)
    activity = Activity.objects.get()
    assert [c.pk for c in activity.coordinators.all()] == [other.pk]
    assert activity.resource == west


def test_a_name_still_ambiguous_on_the_rows_date_and_center_is_told(
    tmp_path, two_satos, center_a, dave, capsys
):
    _sato, other = two_satos
    other.assignments.update(end_date=date(2024, 3, 31))  # moved to センターA
    AssignmentFactory(coordinator=other, center=center_a, start_date=date(2024, 4, 1))
    with pytest.raises(CommandError):
        _import_records(tmp_path, [good_row(担当者="佐藤 花子", 訪問先="")], dave)
    assert (
        "担当者: 担当者「佐藤 花子」に当たるものが複数あります"
        "（「佐藤 花子（1023）」「佐藤 花子（2041）」）" in capsys.readouterr().err
    )
    _import_records(tmp_path, [good_row(担当者="佐藤 花子（2041）", 訪問先="")], dave)
    assert [c.pk for c in Activity.objects.get().coordinators.all()] == [other.pk]


def test_the_week_page_offers_each_salon_with_its_area_and_takes_it_back(
    client_for, alice, sato, visit, two_salons
):
    east = two_salons[0]
    client = client_for(alice)
    page = client.get(reverse("coordinators:week") + "?date=2024-06-10").content.decode()
    # the 訪問先 box's suggestions, fetched when it is first used (issue 22)
    assert 'data-src="/resources/options/"' in page
    offered = client.get(reverse("coordinators:resource_options")).content.decode()
    assert '<option value="ふれあいサロン（圏域A）">' in offered
    assert '<option value="ふれあいサロン（圏域B）">' in offered

    data = {
        "date": "2024-06-10",
        "category": "2",
        "form": visit.pk,
        "coordinators": [sato.pk],
        "description": "サロン訪問",
    }
    refused = client.post(
        reverse("coordinators:activity_create"), {**data, "resource": "ふれあいサロン"}
    )
    assert "「ふれあいサロン」に当たる社会資源が複数あります" in refused.content.decode()
    taken = client.post(
        reverse("coordinators:activity_create"),
        {**data, "resource": "ふれあいサロン（圏域A）", "confirm": "1"},
    )
    assert taken.status_code == 302, taken.context["form"].errors
    assert Activity.objects.get().resource == east


def test_the_master_sheet_keeps_two_salons_of_one_name_in_two_areas(
    tmp_path, capsys, area_a, area_b
):
    rows = {
        "社会資源": [
            ("ふれあいサロン", "いきいきサロン", area_a.name, "", "", "", "", "", "", ""),
            ("ふれあいサロン", "いきいきサロン", area_b.name, "", "", "", "", "", "", ""),
        ]
    }
    path = tmp_path / "master.xlsx"
    path.write_bytes(workbook_bytes(rows))
    call_command("import_master", str(path))
    assert sorted(r.qualified_name for r in SocialResource.objects.all()) == [
        f"ふれあいサロン（{area_a.name}）",
        f"ふれあいサロン（{area_b.name}）",
    ]
    call_command("import_master", str(path))
    assert "社会資源: 新規 0件、更新 0件、変更なし 2件" in capsys.readouterr().out
    twice = {"社会資源": [rows["社会資源"][0], rows["社会資源"][0]]}
    path.write_bytes(workbook_bytes(twice))
    with pytest.raises(CommandError):
        call_command("import_master", str(path))
    assert (
        f"名称「ふれあいサロン（{area_a.name}）」の行が2行目と3行目にあります"
        in capsys.readouterr().err
    )


def test_pick_lists_show_the_staff_number_only_beside_equal_names(
    client_for, alice, two_satos, center_a
):
    _sato, other = two_satos
    other.assignments.update(end_date=date(2024, 3, 31))
    AssignmentFactory(coordinator=other, center=center_a, start_date=date(2024, 4, 1))
    AssignmentFactory(coordinator__name="高橋 美咲", center=center_a)
    client = client_for(alice)
    week = client.get(reverse("coordinators:week") + "?date=2024-06-10")
    labels = [label for _value, label in week.context["form"].fields["coordinators"].choices]
    assert sorted(labels) == ["佐藤 花子（1023）", "佐藤 花子（2041）", "高橋 美咲"]
    listed = client.get(reverse("coordinators:activity_list")).content.decode()
    assert ">佐藤 花子（2041）</option>" in listed
    assert ">高橋 美咲</option>" in listed


def test_a_coordinator_who_moved_here_is_offered_on_the_new_centers_week(
    client_for, alice, sato, suzuki, center_a
):
    """Found on the way: an ended assignment elsewhere hid the person from every list of the
    所属 they moved to."""
    suzuki.assignments.update(end_date=date(2024, 3, 31))
    AssignmentFactory(coordinator=suzuki, center=center_a, start_date=date(2024, 4, 1))
    week = client_for(alice).get(reverse("coordinators:week") + "?date=2024-06-10")
    labels = [label for _value, label in week.context["form"].fields["coordinators"].choices]
    assert "鈴木 健一" in labels


def test_the_report_lists_two_people_of_one_name_as_two_rows(alice, two_satos, center_a):
    sato, other = two_satos
    other.assignments.update(end_date=date(2024, 3, 31))
    AssignmentFactory(coordinator=other, center=center_a, start_date=date(2024, 4, 1))
    record(alice, [sato], day=date(2024, 6, 10))
    record(alice, [sato], day=date(2024, 6, 11))
    record(alice, [sato, other], day=date(2024, 6, 12))
    rows = build_report(Period.for_half(2024, 1), center_a).by_coordinator
    assert [(row["coordinator"], row["total"]) for row in rows] == [
        ("佐藤 花子（1023）", 3),
        ("佐藤 花子（2041）", 1),
    ]


def test_one_person_with_two_assignments_in_the_week_is_no_namesake(client_for, alice, sato):
    sato.assignments.update(end_date=date(2024, 6, 11))
    AssignmentFactory(
        coordinator=sato, center=sato.assignments.get().center, start_date=date(2024, 6, 12), tier=1
    )
    week = client_for(alice).get(reverse("coordinators:week") + "?date=2024-06-10")
    labels = [label for _value, label in week.context["form"].fields["coordinators"].choices]
    assert labels == ["佐藤 花子"]


def test_an_exported_list_imports_back_unchanged_with_shared_names(
    client_for, tmp_path, alice, sato, visit, two_salons, capsys, season_2024
):
    """The visit is to the other 圏域's salon: the file names it 「ふれあいサロン（圏域B）」, so
    importing it back does not move it to センターA's own."""
    west = two_salons[1]
    record(alice, [sato], day=date(2024, 6, 10), resource=west)
    exported = client_for(alice).get(reverse("coordinators:activity_list") + "?export=xlsx")
    path = tmp_path / "export.xlsx"
    path.write_bytes(
        b"".join(exported.streaming_content) if exported.streaming else exported.content
    )
    call_command("import_records", str(path), "--user", alice.username)
    assert "新規 0件、更新 0件、変更なし 1件" in capsys.readouterr().out
    assert Activity.objects.get().resource == west
