"""The week page and the activity list, as staff, another center's staff, the division."""

import csv
import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinators.demo.categories import SeededCategory
from coordinators.models import Activity
from coordinators.recordkeeping.edit_conflicts import current_version
from tests.builders import MONDAY, entry, make
from tests.factories import AssignmentFactory, SocialResourceFactory
from tests.page_forms import form_on, post_data

# Their weeks are 令和6年度 weeks, entered in that season (no far-week question).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("season_2024")]


def week_url(day=MONDAY, **params):
    query = "&".join(f"{k}={v}" for k, v in {"date": day.isoformat(), **params}.items())
    return reverse("coordinators:week") + "?" + query


def test_week_page_groups_entries_by_day_with_totals(client_for, alice, sato):
    make(alice, sato, description="月曜のサロン")
    make(alice, sato, day=MONDAY + timedelta(days=2), description="水曜の会議", category=4)
    make(alice, sato, day=MONDAY - timedelta(days=7), description="先週の訪問")
    page = client_for(alice).get(week_url()).content.decode()
    assert page.index('id="day-1"') < page.index("月曜のサロン") < page.index('id="day-3"')
    assert page.index('id="day-3"') < page.index("水曜の会議")
    assert "先週の訪問" in page  # offered under 先週の記録をコピー
    assert "2層支援（1層のみ）" not in page  # tier 2: never offered


def test_staff_adds_an_entry_at_a_salon_by_name(client_for, alice, sato, visit, area_a):
    salon = SocialResourceFactory(name="東町ひだまり", area=area_a)
    response = client_for(alice).post(
        reverse("coordinators:activity_create"), entry(sato, visit, resource="東町ひだまり")
    )
    assert response.status_code == 302
    assert "#" not in response["Location"]  # a fragment would stop the form's autofocus
    activity = Activity.objects.get()
    assert (activity.resource, activity.duration_minutes) == (salon, 90)
    assert activity.start_time.strftime("%H:%M") == "10:00"


def test_unknown_salon_name_is_refused_at_the_field(client_for, alice, sato, visit):
    response = client_for(alice).post(
        reverse("coordinators:activity_create"), entry(sato, visit, resource="存在しないサロン")
    )
    assert "「存在しないサロン」は社会資源に登録されていません" in response.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"description": ""}, "このフィールドは必須です"),
        ({"coordinators": []}, "このフィールドは必須です"),
        ({"duration_minutes": "1441"}, "1440"),
        ({"duration_minutes": "-5"}, "所要時間は1分以上にしてください。"),
        ({"category": "7"}, "第1層の所属だけが記録できます"),
        ({"date": "2024-13-01"}, "正しく選択してください"),
    ],
)
def test_bad_entry_is_refused_in_japanese_and_nothing_saved(
    client_for, alice, sato, visit, changes, message
):
    response = client_for(alice).post(
        reverse("coordinators:activity_create"), entry(sato, visit, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()


def test_other_centers_coordinator_in_a_forged_post_is_refused(
    client_for, alice, sato, suzuki, visit
):
    response = client_for(alice).post(
        reverse("coordinators:activity_create"), entry(sato, visit, coordinators=[suzuki.pk])
    )
    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_edit_in_place_and_delete(client_for, alice, sato, visit):
    activity = make(alice, sato)
    client = client_for(alice)
    page = client.get(week_url(edit=activity.pk)).content.decode()
    assert "変更を保存" in page
    response = client.post(
        reverse("coordinators:activity_update", args=[activity.pk]),
        {
            "edit-version": current_version(activity),
            **{f"edit-{k}": v for k, v in entry(sato, visit, description="変更後").items()},
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.description, activity.updated_by) == ("変更後", alice)
    client.post(reverse("coordinators:activity_delete", args=[activity.pk]))
    assert not Activity.objects.exists()


def test_copy_last_week_and_copy_to_another_day(client_for, alice, sato):
    last = make(alice, sato, day=MONDAY - timedelta(days=7), description="毎週のサロン")
    skipped = make(alice, sato, day=MONDAY - timedelta(days=6), description="一度だけ")
    client = client_for(alice)
    client.post(
        reverse("coordinators:copy_last_week"),
        {"date": MONDAY.isoformat(), "activity": [last.pk]},
    )
    assert list(Activity.objects.filter(date=MONDAY).values_list("description", flat=True)) == [
        "毎週のサロン"
    ]
    client.post(reverse("coordinators:activity_copy", args=[skipped.pk]), {"to_date": "R6.6.14"})
    assert Activity.objects.filter(date=date(2024, 6, 14), description="一度だけ").exists()


def test_templates_are_saved_and_applied(client_for, alice, sato):
    tuesday = make(alice, sato, day=MONDAY + timedelta(days=1), description="家族介護者サロン")
    client = client_for(alice)
    client.post(
        reverse("coordinators:template_create", args=[tuesday.pk]), {"name": "毎週火曜 サロン"}
    )
    page = client.get(week_url(MONDAY + timedelta(days=7))).content.decode()
    assert "6/18（火）毎週火曜 サロン" in page  # due next Tuesday, ticked
    template_id = tuesday.center.activity_templates.get().pk
    client.post(
        reverse("coordinators:templates_apply"),
        {"date": (MONDAY + timedelta(days=7)).isoformat(), "template": [template_id]},
    )
    assert Activity.objects.filter(date=MONDAY + timedelta(days=8)).count() == 1


def test_bob_gets_404_on_every_url_of_alices_entries(client_for, alice, bob, sato, visit):
    activity = make(alice, sato)
    client = client_for(bob)
    assert client.get(activity.get_absolute_url()).status_code == 404
    assert client.get(week_url(edit=activity.pk)).status_code == 404
    for name, data in [
        ("activity_update", {"edit-description": "x"}),
        ("activity_delete", {}),
        ("activity_copy", {"to_date": "R6.6.11"}),
        ("template_create", {"name": "x"}),
    ]:
        response = client.post(reverse(f"coordinators:{name}", args=[activity.pk]), data)
        assert response.status_code == 404, name
    client.post(reverse("coordinators:copy_last_week"), {"activity": [activity.pk]})
    assert Activity.objects.count() == 1
    activity.refresh_from_db()
    assert activity.description == "サロン訪問"
    listing = client.get(reverse("coordinators:activity_list")).content.decode()
    assert "サロン訪問" not in listing


def test_division_sees_its_own_tier1_week_and_can_switch(client_for, carol, alice, sato, center_a):
    make(alice, sato, description="センターAの記録")
    client = client_for(carol)
    assert "高齢者支援課の週の記録" in client.get(week_url()).content.decode()
    page = client.get(week_url(center=center_a.pk)).content.decode()
    assert "センターAの週の記録" in page
    assert "センターAの記録" in page


def test_activity_list_filters_by_period_and_totals_by_category(client_for, alice, sato):
    make(alice, sato, day=date(2024, 9, 30), category=2)
    make(alice, sato, day=date(2024, 9, 29), category=4)
    make(alice, sato, day=date(2024, 10, 1), category=4)
    response = client_for(alice).get(reverse("coordinators:activity_list") + "?period=R6上半期")
    totals = {category.value: count for category, count in response.context["category_totals"]}
    assert totals[SeededCategory.FACT_FINDING] == 1
    assert totals[SeededCategory.OPERATION] == 1
    assert response.context["grand_total"] == 2


def test_bad_period_is_explained_and_lists_nothing(client_for, alice, sato):
    make(alice, sato)
    response = client_for(alice).get(reverse("coordinators:activity_list") + "?period=来年")
    page = response.content.decode()
    assert "「来年」は期間として読めません" in page
    assert "サロン訪問" not in page


def test_xlsx_export_holds_exactly_the_filtered_rows_formulas_as_text(client_for, alice, sato):
    make(alice, sato, day=date(2024, 9, 30), description='=HYPERLINK("http://x")')
    make(alice, sato, day=date(2024, 10, 1), description="下半期の記録")
    response = client_for(alice).get(
        reverse("coordinators:activity_list") + "?period=2024H1&export=xlsx"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "日付"
    assert len(rows) == 2
    assert rows[1][0] == datetime(2024, 9, 30)  # a date cell, shown in 和暦 (issue 16)
    cell = sheet.cell(row=2, column=rows[0].index("内容") + 1)
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")
    assert sheet.freeze_panes == "A2"


def test_csv_export_utf8_bom_and_shift_jis_with_replacements(client_for, alice, sato):
    make(alice, sato, description="𠮷野家で😀サロン")
    client = client_for(alice)
    url = reverse("coordinators:activity_list") + "?period=2024H1&export=csv"
    utf8 = client.get(url).content
    assert utf8.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(utf8.decode("utf-8-sig"))))
    assert rows[1][rows[0].index("内容")] == "𠮷野家で😀サロン"
    response = client.get(url + "&encoding=cp932")
    assert response["X-Replaced-Characters"] == "2"
    assert "?野家で?サロン" in response.content.decode("cp932")
    page = client.get(reverse("coordinators:activity_list")).content.decode()
    assert "Shift_JISで表せない文字が2字" in page


def test_csv_cells_starting_like_formulas_are_neutralised(client_for, alice, sato):
    make(alice, sato, description="@SUM(A1)")
    content = (
        client_for(alice)
        .get(reverse("coordinators:activity_list") + "?export=csv")
        .content.decode("utf-8-sig")
    )
    assert "'@SUM(A1)" in content


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["home", "coordinators:activity_list"])
def test_query_count_is_the_same_for_1_and_20_entries(client_for, alice, sato, area_a, url_name):
    client = client_for(alice)
    url = reverse(url_name) + f"?date={MONDAY.isoformat()}"
    salon = SocialResourceFactory(area=area_a)
    make(alice, sato, resource=salon)
    make(alice, sato, day=MONDAY - timedelta(days=7))
    one = queries_for(client, url)
    for offset in range(19):
        make(alice, sato, day=MONDAY + timedelta(days=offset % 7), resource=salon)
        make(alice, sato, day=MONDAY - timedelta(days=7 - offset % 7))
    assert queries_for(client, url) == one


def test_the_next_entry_starts_with_the_last_category_and_numbered_forms(client_for, alice, sato):
    """Issue 18: the form keeps the 区分 last used; 活動形態 are numbered to be typed."""
    client = client_for(alice)
    week = reverse("coordinators:week") + f"?date={MONDAY.isoformat()}"
    form = form_on(client, week, reverse("coordinators:activity_create"))
    data = post_data(
        form.values(
            date=MONDAY.isoformat(), category="4", description="サロン運営", coordinators=[sato.pk]
        )
    )
    data["form"] = form.options("form")[0]
    assert client.post(reverse("coordinators:activity_create"), data).status_code == 302

    page = client.get(week)
    assert page.context["form"]["category"].value() == 4
    assert page.context["form"]["coordinators"].value() == [sato.pk]  # the login's own
    labels = [label for _value, label in page.context["form"].fields["form"].choices][1:]
    assert labels[:2] == ["1 訪問", "2 会議・協議体出席"]


def _ticked(form, name):
    return [value for field, value in form.values() if field == name]


def test_new_entries_start_with_the_logins_own_person_or_the_only_one(
    client_for, alice, carol, sato, suzuki, center_a, center_b
):
    # Staff: their own coordinator, among others of the 所属, ticked and chosen in both forms
    # (read from the pick-lists' own choices, issue 22); the division, who is nobody's
    # coordinator: the only person of a 所属, and nobody where there are two.
    AssignmentFactory(coordinator__name="田中 一郎", center=center_a)
    staff = client_for(alice)
    entry_form = form_on(staff, week_url(), reverse("coordinators:activity_create"))
    consultation = form_on(staff, week_url(), reverse("coordinators:consultation_create"))
    assert len(entry_form.options("coordinators")) == 2
    assert _ticked(entry_form, "coordinators") == [str(sato.pk)]
    assert _ticked(consultation, "consultation-coordinator") == [str(sato.pk)]

    division = client_for(carol)
    one = form_on(division, week_url(center=center_b.pk), reverse("coordinators:activity_create"))
    assert _ticked(one, "coordinators") == [str(suzuki.pk)]
    two = form_on(division, week_url(center=center_a.pk), reverse("coordinators:activity_create"))
    assert _ticked(two, "coordinators") == []
