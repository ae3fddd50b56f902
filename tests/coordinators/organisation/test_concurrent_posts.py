"""兼務 (issue 20): one person holding two posts at once, and where each record then counts.

A post is a 所属 and a 層. The master rows say 兼務; a record counts for one post of its
coordinators on its date: the week page's 所属 (and the 層 chosen there), the import's 所属
column, the record's own post when it is changed, the login's 所属; never a guess.
"""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from coordinators.activities.record_rules import Post
from coordinators.activities.services import template_create_from_activity, templates_apply
from coordinators.imports.records import import_records
from coordinators.models import Activity, Assignment, Coordinator
from coordinators.organisation.services import coordinator_assign
from councils.services import meeting_join, meeting_update
from tests.builders import MONDAY, entry, make, record, record_meeting, workbook, workbook_bytes
from tests.factories import AssignmentFactory, CenterFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("season_2024")]


@pytest.fixture
def takeda(center_a, center_b):
    """第2層 at center A since 2020 and, 兼務, 第2層 at center B from 令和6年4月1日."""
    person = AssignmentFactory(coordinator__name="武田 誠", center=center_a).coordinator
    AssignmentFactory(
        coordinator=person, center=center_b, start_date=date(2024, 4, 1), is_concurrent=True
    )
    return person


def test_a_second_post_at_once_needs_kenmu(center_a, center_b):
    person = AssignmentFactory(coordinator__name="武田 誠", center=center_a).coordinator
    with pytest.raises(ValidationError, match="どちらかを兼務にしてください"):
        coordinator_assign(coordinator=person, center=center_b, tier=2, start_date=date(2024, 4, 1))
    assert person.assignments.count() == 1  # nothing moved, nothing added
    coordinator_assign(
        coordinator=person,
        center=center_b,
        tier=2,
        start_date=date(2024, 4, 1),
        is_concurrent=True,
    )
    assert sorted(a.center.name for a in person.assignments.all()) == ["センターA", "センターB"]


def test_the_same_post_twice_at_once_is_refused_even_as_kenmu(center_a):
    person = AssignmentFactory(coordinator__name="武田 誠", center=center_a).coordinator
    with pytest.raises(ValidationError, match="同じ所属・層を同時に2つは持てません"):
        coordinator_assign(
            coordinator=person,
            center=center_a,
            tier=2,
            start_date=date(2023, 4, 1),
            is_concurrent=True,
        )


def test_a_record_counts_for_the_login_s_own_post(alice, bob, carol, takeda, center_a, center_b):
    assert make(alice, takeda).center == center_a
    assert make(bob, takeda).center == center_b
    # the division has no 所属 of its own here: it must say which
    with pytest.raises(ValidationError, match="センターA（第2層）とセンターB（第2層）を兼務"):
        make(carol, takeda)
    assert make(carol, takeda, post=Post(center_b)).center == center_b


def test_before_the_second_post_began_there_is_nothing_to_choose(carol, takeda, center_a):
    assert record(carol, [takeda], day=date(2024, 3, 29)).center == center_a


def test_a_changed_record_keeps_its_post(bob, takeda, center_b):
    from coordinators.activities.services import activity_update

    activity = make(bob, takeda)
    activity_update(user=bob, activity=activity, description="変更")
    activity.refresh_from_db()
    assert activity.center == center_b


def test_the_week_page_of_a_center_records_there(client, carol, takeda, center_b, visit):
    client.force_login(carol)
    response = client.post(
        reverse("coordinators:activity_create") + f"?center={center_b.pk}",
        entry(takeda, visit),
    )
    assert response.status_code == 302
    assert Activity.objects.get().center == center_b


def test_two_tiers_of_one_center_are_chosen_on_the_week_page(client, carol, visit):
    shakyo = CenterFactory(name="市社協", tier=1)
    person = AssignmentFactory(coordinator__name="武田 誠", center=shakyo, tier=1).coordinator
    AssignmentFactory(
        coordinator=person, center=shakyo, tier=2, start_date=date(2024, 4, 1), is_concurrent=True
    )
    client.force_login(carol)
    page = client.get(reverse("coordinators:week") + f"?center={shakyo.pk}&date=2024-06-10")
    assert "記録する層（兼務）" in page.content.decode()
    url = reverse("coordinators:activity_create") + f"?center={shakyo.pk}"
    client.post(url, entry(person, visit, tier="2"))
    client.post(url, entry(person, visit, tier="1", description="全体会議"))
    assert sorted(Activity.objects.values_list("description", "tier")) == [
        ("全体会議", 1),
        ("家族介護者サロンに参加", 2),
    ]


def test_the_week_page_asks_for_no_tier_where_no_one_holds_two(client, alice, sato, center_a):
    client.force_login(alice)
    page = client.get(reverse("coordinators:week") + f"?center={center_a.pk}&date=2024-06-10")
    assert "記録する層" not in page.content.decode()


def test_an_import_row_counts_for_its_own_center(carol, takeda, center_a, center_b, visit):
    rows = [
        ("2024/6/10", "", "", "センターB", "武田 誠", 2, "訪問", "", "", "", "B のサロン"),
        ("2024/6/11", "", "", "センターA", "武田 誠", 2, "訪問", "", "", "", "A のサロン"),
    ]
    report = import_records(_upload(workbook(rows)), user=carol)
    assert not report.errors, report.errors
    assert dict(Activity.objects.values_list("description", "center__name")) == {
        "B のサロン": "センターB",
        "A のサロン": "センターA",
    }


def _upload(data):
    upload = io.BytesIO(data)
    upload.name = "records.xlsx"
    return upload


MASTER = {
    "所属": [("中央包括", "地域包括支援センター", 2, 1), ("市社協", "社会福祉協議会", 1, 2, "○")],
}


def _master(tmp_path, rows, name="master.xlsx", headers=None):
    path = tmp_path / name
    path.write_bytes(workbook_bytes({**MASTER, **rows}, headers))
    call_command("import_master", str(path))


def test_master_rows_say_kenmu_and_staff_numbers_tell_namesakes_apart(tmp_path):
    _master(
        tmp_path,
        {
            "担当者": [
                ("佐藤 花子", "さとう はなこ", "中央包括", 2, "R6.4.1", None, "", "1023"),
                ("佐藤 花子", "さとう はなこ", "市社協", 1, "R6.4.1", None, "", "2045"),
                ("武田 誠", "たけだ まこと", "市社協", 1, "R6.4.1", None, "", ""),
                ("武田 誠", "たけだ まこと", "中央包括", 2, "R6.4.1", None, "○", ""),
            ]
        },
    )
    assert sorted(Coordinator.objects.values_list("name", "staff_number")) == [
        ("佐藤 花子", "1023"),
        ("佐藤 花子", "2045"),
        ("武田 誠", ""),
    ]
    takeda = Coordinator.objects.get(name="武田 誠")
    assert sorted(takeda.assignments.values_list("center__name", "tier", "is_concurrent")) == [
        ("中央包括", 2, True),
        ("市社協", 1, False),
    ]
    # an older file of six columns changes nothing: the 兼務 stays as stored
    _master(
        tmp_path,
        {"担当者": [("武田 誠", "たけだ まこと", "中央包括", 2, "R6.4.1", None)]},
        "old.xlsx",
        headers={"担当者": ("氏名", "ふりがな", "所属", "層", "開始日", "終了日")},
    )
    assert takeda.assignments.filter(is_concurrent=True).count() == 1


def test_an_overlap_without_kenmu_is_refused_by_row(tmp_path, capsys):
    with pytest.raises(CommandError):
        _master(
            tmp_path,
            {
                "担当者": [
                    ("武田 誠", "", "市社協", 1, "R6.4.1", None, "", ""),
                    ("武田 誠", "", "中央包括", 2, "R6.4.1", None, "", ""),
                ]
            },
        )
    assert (
        "担当者!3 開始日: 所属履歴の期間が重なっています: 市社協・第1層（令和6年4月1日〜）と"
        "中央包括・第2層（令和6年4月1日〜）。同時に担当するなら、どちらかを兼務にしてください。"
    ) in capsys.readouterr().err
    assert not Assignment.objects.exists()


def test_a_name_two_people_share_needs_the_staff_number(tmp_path, capsys):
    _master(
        tmp_path,
        {
            "担当者": [
                ("佐藤 花子", "", "中央包括", 2, "R6.4.1", None, "", "1023"),
                ("佐藤 花子", "", "市社協", 1, "R6.4.1", None, "", "2045"),
            ]
        },
    )
    with pytest.raises(CommandError):
        _master(
            tmp_path,
            {"担当者": [("佐藤 花子", "", "中央包括", 2, "R7.4.1", None, "", "")]},
            "again.xlsx",
        )
    assert (
        "担当者!2 氏名: 「佐藤 花子」という人が複数います（佐藤 花子（1023）、佐藤 花子（2045））。"
        "職員番号を入力してください。"
    ) in capsys.readouterr().err


def test_week_entry_for_a_namesake_shows_who_is_who(client, carol, center_a, visit):
    first = AssignmentFactory(
        coordinator__name="佐藤 花子", coordinator__staff_number="1023", center=center_a
    ).coordinator
    AssignmentFactory(
        coordinator__name="佐藤 花子", coordinator__staff_number="2045", center=center_a
    )
    client.force_login(carol)
    page = client.get(reverse("coordinators:week") + f"?center={center_a.pk}&date=2024-06-10")
    text = page.content.decode()
    assert "佐藤 花子（1023）" in text
    assert "佐藤 花子（2045）" in text
    client.post(
        reverse("coordinators:activity_create") + f"?center={center_a.pk}", entry(first, visit)
    )
    assert list(Activity.objects.get().coordinators.all()) == [first]
    assert Activity.objects.get().date == MONDAY


def test_pages_show_both_posts_of_a_kenmu_person(client, carol, takeda):
    client.force_login(carol)
    detail = client.get(reverse("coordinators:coordinator_detail", args=[takeda.pk]))
    assert "センターA（第2層）、センターB（第2層・兼務）" in detail.content.decode()
    listing = client.get(reverse("coordinators:coordinator_list")).content.decode()
    assert "センターA、センターB（兼務）" in listing


def test_a_kenmu_attendee_stays_with_the_center_that_recorded_them(
    alice, bob, carol, sato, takeda, councils, center_a, center_b
):
    meeting = record_meeting(alice, councils["link"], [sato, takeda])
    with pytest.raises(ValidationError, match="他の所属の出席者として記録されています"):
        meeting_join(user=bob, meeting=meeting, coordinators=[takeda])
    # the division changing only the agenda moves no one
    meeting_update(user=carol, meeting=meeting, agenda="見守りの体制")
    assert _attendance(meeting) == {"センターA": ["佐藤 花子", "武田 誠"]}


def test_a_center_joining_leaves_another_center_s_kenmu_attendee(
    alice, bob, sato, takeda, councils
):
    meeting = record_meeting(bob, councils["link"], [takeda])
    meeting_join(user=alice, meeting=meeting, coordinators=[sato])
    assert _attendance(meeting) == {"センターA": ["佐藤 花子"], "センターB": ["武田 誠"]}


def _attendance(meeting):
    return {
        activity.center.name: sorted(c.name for c in activity.coordinators.all())
        for activity in meeting.activities.all()
    }


@pytest.fixture
def two_tiers():
    """武田 誠: 第1層 at 市社協 and, 兼務, its 第2層 from 令和6年4月1日."""
    shakyo = CenterFactory(name="市社協", tier=1)
    person = AssignmentFactory(coordinator__name="武田 誠", center=shakyo, tier=1).coordinator
    AssignmentFactory(
        coordinator=person, center=shakyo, tier=2, start_date=date(2024, 4, 1), is_concurrent=True
    )
    return person


def test_a_meeting_counts_a_two_tier_person_once_for_their_first_tier(carol, councils, two_tiers):
    meeting = record_meeting(carol, councils["link"], [two_tiers])
    assert [(a.center.name, a.tier) for a in meeting.activities.all()] == [("市社協", 1)]


def test_a_template_records_at_the_tier_of_the_record_it_was_made_from(carol, two_tiers):
    activity = make(carol, two_tiers, post=Post(tier=2))
    assert activity.tier == 2
    template = template_create_from_activity(user=carol, activity=activity, name="サロン")
    created = templates_apply(user=carol, templates=[template], monday=date(2024, 6, 17))
    assert [a.tier for a in created] == [2]


def test_the_week_page_asks_for_no_tier_where_two_people_hold_one_each(client, carol, visit):
    shakyo = CenterFactory(name="市社協", tier=1)
    AssignmentFactory(coordinator__name="山田 一郎", center=shakyo, tier=1)
    AssignmentFactory(coordinator__name="小林 幸子", center=shakyo, tier=2)
    client.force_login(carol)
    page = client.get(reverse("coordinators:week") + f"?center={shakyo.pk}&date=2024-06-10")
    assert "記録する層" not in page.content.decode()


def test_a_staff_number_typed_full_width_or_spaced_is_the_same_person(tmp_path):
    rows = [("佐藤 花子", "", "中央包括", 2, "R6.4.1", None, "", "A1023")]
    _master(tmp_path, {"担当者": rows})
    again = [("佐藤 花子", "", "中央包括", 2, "R6.4.1", "R7.3.31", "", "Ａ １０２３")]
    _master(tmp_path, {"担当者": again}, "again.xlsx")
    person = Coordinator.objects.get()
    assert person.staff_number == "A1023"
    assert person.assignments.get().end_date == date(2025, 3, 31)


def test_one_staff_number_for_two_names_in_a_file_is_refused(tmp_path, capsys):
    with pytest.raises(CommandError):
        _master(
            tmp_path,
            {
                "担当者": [
                    ("佐藤 花子", "", "中央包括", 2, "R6.4.1", None, "", "1023"),
                    ("鈴木 一郎", "", "市社協", 1, "R6.4.1", None, "○", "1023"),
                ]
            },
        )
    assert (
        "担当者!3 職員番号: 職員番号「1023」は前の行で「佐藤 花子」の番号です。"
        in capsys.readouterr().err
    )


def test_one_post_listed_with_and_without_its_number_is_refused(tmp_path, capsys):
    with pytest.raises(CommandError):
        _master(
            tmp_path,
            {
                "担当者": [
                    ("佐藤 花子", "", "中央包括", 2, "R6.4.1", None, "", "1023"),
                    ("佐藤 花子", "", "中央包括", 2, "R6.4.1", "R7.3.31", "", ""),
                ]
            },
        )
    assert (
        "担当者!3 氏名: 佐藤 花子（1023）の所属履歴（中央包括・第2層・令和6年4月1日〜）の行が"
        "前にもあります" in capsys.readouterr().err
    )


def test_two_people_of_one_name_are_told_apart_by_their_kana(tmp_path):
    _master(
        tmp_path,
        {
            "担当者": [
                ("佐藤 花子", "さとう はなこ", "中央包括", 2, "R6.4.1", None, "", ""),
                ("佐藤 花子", "さとう かこ", "市社協", 1, "R6.4.1", None, "", ""),
            ]
        },
    )
    assert sorted(Coordinator.objects.values_list("kana", flat=True)) == [
        "さとう かこ",
        "さとう はなこ",
    ]


def test_admin_refuses_an_overlap_with_a_blank_center_at_the_field(client, dave, center_a):
    person = AssignmentFactory(coordinator__name="武田 誠", center=center_a).coordinator
    client.force_login(dave)
    data = {
        "name": person.name,
        "kana": person.kana,
        "staff_number": "",
        "user": "",
        "assignments-TOTAL_FORMS": "3",
        "assignments-INITIAL_FORMS": "0",
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
    }
    rows = [
        ("", "2", "2021-04-01"),
        (center_a.pk, "2", "2021-04-01"),
        (center_a.pk, "2", "2021-04-01"),
    ]
    for index, (center, tier, start) in enumerate(rows):
        data |= {
            f"assignments-{index}-center": center,
            f"assignments-{index}-tier": tier,
            f"assignments-{index}-start_date": start,
            f"assignments-{index}-end_date": "",
            f"assignments-{index}-coordinator": person.pk,
        }
    response = client.post(f"/admin/coordinators/coordinator/{person.pk}/change/", data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "同じ所属・層・開始日の所属履歴が2行あります" in text
    assert "start_date の重複" not in text  # Django's own message names the fields in English
