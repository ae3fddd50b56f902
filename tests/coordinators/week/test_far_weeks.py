"""Weeks far from today and ids that are not ids on the week page (issue 15).

Today is frozen at 2026-11-30 (令和8年度): records may be dated 平成27年4月1日 to 令和10年3月31日,
and the week page saves into 令和7年度 and 令和8年度 without asking. A week outside that range
opens this week with a message, never a 500; saving into a week of another fiscal year asks
first and saves nothing until 「この日付で登録する」; imports never ask.
"""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from coordinators.activities.services import template_create_from_activity
from coordinators.models import Activity, ActivityTemplate, Consultation
from coordinators.recordkeeping.edit_conflicts import current_version
from tests.builders import consult, entry, good_row, make, quick_post, workbook
from tests.load.htmlforms import parse_forms
from tests.page_forms import post_data

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)  # a Monday in 令和8年度下半期
R6_MONDAY = date(2024, 6, 3)  # 令和6年度: two fiscal years back
R7_MONDAY = date(2025, 6, 2)  # 令和7年度: last fiscal year
QUESTION = "今年度は令和8年度です"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("coordinators.periods.today", lambda: TODAY)


def week(client, **params):
    return client.get(reverse("coordinators:week"), params)


def confirm_button(response):
    """(action, data) of the 「この日付で登録する」 form on the page, as a browser posts it."""
    page = response.content.decode()
    assert "この日付で登録する" in page
    form = next(f for f in parse_forms(page) if f.field("confirm") is not None)
    return form.action, post_data(form.values())


# --- weeks the page cannot open: a message, this week shown, never a 500 --------------------


@pytest.mark.parametrize(
    "typed",
    ["9999-12-31", "0001-01-01", "R99.1.1", "2014-12-31", "2028-04-01", "2200-12-31"],
)
def test_a_week_outside_the_record_range_opens_this_week_with_a_message(
    client_for, alice, sato, typed
):
    response = week(client_for(alice), date=typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"「{typed}」の週は開けません。" in page
    assert "平成27年4月1日から令和10年3月31日までの日付を入力してください。" in page
    assert response.context["day"] == TODAY


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "「abc」は日付として読めません。"),
        ("R6.2.30", "「R6.2.30」という日付はありません。"),
        ("9999/12/31", "「9999/12/31」は扱える日付の外です。"),
    ],
)
def test_an_unreadable_date_opens_this_week_saying_why(client_for, alice, sato, typed, message):
    response = week(client_for(alice), date=typed)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["day"] == TODAY


def test_the_first_and_last_weeks_open_without_an_arrow_out_of_the_range(client_for, alice, sato):
    client = client_for(alice)
    first = week(client, date="2015-04-01")
    assert first.status_code == 200
    assert first.context["prev_url"] is None
    assert first.context["next_url"] is not None
    last = week(client, date="R10.3.31")
    assert last.status_code == 200
    assert last.context["day"] == date(2028, 3, 31)
    assert last.context["next_url"] is None
    assert last.context["prev_url"] is not None
    assert 'min="2015-04-01" max="2028-03-31"' in last.content.decode()  # the date picker


# --- ids that are not ASCII digits ("²".isdigit() is True, int("²") fails) -------------------


def test_a_center_id_of_superscript_two_is_404_on_the_page_and_in_a_post(
    client_for, alice, sato, visit
):
    client = client_for(alice)
    assert client.get(reverse("coordinators:week") + "?center=%C2%B2").status_code == 404
    posted = client.post(
        reverse("coordinators:activity_create"), {**entry(sato, visit), "center": "²"}
    )
    assert posted.status_code == 404
    assert not Activity.objects.exists()


def test_an_edit_id_of_superscript_two_just_shows_the_week(client_for, alice, sato):
    response = client_for(alice).get(reverse("coordinators:week") + "?edit=%C2%B2")
    assert response.status_code == 200
    assert response.context["edit_activity"] is None


@pytest.mark.parametrize(
    ("name", "field", "message"),
    [
        ("copy_last_week", "activity", "コピーする記録を選んでください。"),
        ("templates_apply", "template", "適用するテンプレートを選んでください。"),
    ],
)
def test_ticked_ids_of_superscript_two_are_no_rows(client_for, alice, sato, name, field, message):
    client = client_for(alice)
    before = Activity.objects.count()
    response = client.post(
        reverse(f"coordinators:{name}"), {"date": TODAY.isoformat(), field: ["²", "1²"]}
    )
    assert response.status_code == 302
    assert message in client.get(response["Location"]).content.decode()
    assert Activity.objects.count() == before


# --- saving into another fiscal year asks first --------------------------------------------


def test_an_entry_in_a_week_reached_by_the_date_picker_is_saved_only_when_confirmed(
    client_for, alice, sato, visit
):
    client = client_for(alice)
    assert week(client, date=R6_MONDAY.isoformat()).status_code == 200  # the date picker
    data = {
        **entry(sato, visit, date=R6_MONDAY.isoformat()),
        "center": sato.assignments.get().center_id,
    }
    asked = client.post(reverse("coordinators:activity_create"), data)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert f"令和6年6月3日（令和6年度）に登録しようとしています。{QUESTION}" in page
    assert "まだ何も登録していません。" in page
    assert not Activity.objects.exists()
    action, confirmed = confirm_button(asked)
    assert confirmed["confirm"] == ["1"]
    saved = client.post(action, confirmed)
    assert saved.status_code == 302
    assert Activity.objects.get().date == R6_MONDAY


@pytest.mark.parametrize("day", [TODAY, R7_MONDAY, date(2026, 4, 1), date(2025, 4, 1)])
def test_an_entry_this_fiscal_year_or_last_is_saved_without_asking(
    client_for, alice, sato, visit, day
):
    data = {**entry(sato, visit, date=day.isoformat()), "center": sato.assignments.get().center_id}
    response = client_for(alice).post(reverse("coordinators:activity_create"), data)
    assert response.status_code == 302
    assert Activity.objects.get().date == day


def test_an_entry_next_fiscal_year_asks_too(client_for, alice, sato, visit):
    day = date(2027, 4, 5)
    data = {**entry(sato, visit, date=day.isoformat()), "center": sato.assignments.get().center_id}
    response = client_for(alice).post(reverse("coordinators:activity_create"), data)
    assert "令和9年4月5日（令和9年度）に登録しようとしています。" in response.content.decode()
    assert not Activity.objects.exists()


def test_copying_to_r6_typed_for_r8_asks_and_copies_when_confirmed(client_for, alice, sato):
    client = client_for(alice)
    activity = make(alice, sato, day=TODAY, description="家族介護者サロン")
    url = reverse("coordinators:activity_copy", args=[activity.pk])
    asked = client.post(url, {"to_date": "R6.6.3"})
    assert asked.status_code == 200
    assert (
        f"令和6年6月3日（令和6年度）に登録しようとしています。{QUESTION}" in asked.content.decode()
    )
    assert Activity.objects.count() == 1
    action, confirmed = confirm_button(asked)
    assert confirmed["to_date"] == ["R6.6.3"]
    assert client.post(action, confirmed).status_code == 302
    copy = Activity.objects.exclude(pk=activity.pk).get()
    assert (copy.date, copy.copied_from, copy.description) == (
        R6_MONDAY,
        activity,
        "家族介護者サロン",
    )


def test_copying_to_r8_as_meant_does_not_ask(client_for, alice, sato):
    activity = make(alice, sato, day=TODAY)
    url = reverse("coordinators:activity_copy", args=[activity.pk])
    response = client_for(alice).post(url, {"to_date": "R8.12.7"})
    assert response.status_code == 302
    assert Activity.objects.filter(date=date(2026, 12, 7), copied_from=activity).exists()


def test_copying_last_week_into_a_far_week_asks_first(client_for, alice, sato):
    client = client_for(alice)
    last_week = make(alice, sato, day=R6_MONDAY)
    data = {"date": "2024-06-10", "activity": [last_week.pk]}
    asked = client.post(reverse("coordinators:copy_last_week"), data)
    assert "令和6年6月10日（令和6年度）に登録しようとしています。" in asked.content.decode()
    assert Activity.objects.count() == 1
    action, confirmed = confirm_button(asked)
    assert client.post(action, confirmed).status_code == 302
    assert Activity.objects.filter(date=date(2024, 6, 10), copied_from=last_week).exists()


def test_applying_templates_to_a_far_week_asks_first(client_for, alice, sato):
    client = client_for(alice)
    template = template_create_from_activity(
        user=alice, activity=make(alice, sato, day=TODAY), name="毎週月曜 サロン"
    )
    data = {"date": "2024-06-05", "template": [template.pk]}
    asked = client.post(reverse("coordinators:templates_apply"), data)
    assert "令和6年6月3日（令和6年度）に登録しようとしています。" in asked.content.decode()
    assert not Activity.objects.filter(template=template).exists()
    action, confirmed = confirm_button(asked)
    assert client.post(action, confirmed).status_code == 302
    assert Activity.objects.get(template=template).date == R6_MONDAY
    assert ActivityTemplate.objects.count() == 1


def test_a_quick_consultation_in_a_far_week_asks_first(client_for, alice, sato):
    client = client_for(alice)
    data = quick_post(sato, **{"consultation-received_on": R6_MONDAY.isoformat()})
    asked = client.post(reverse("coordinators:consultation_create"), data)
    assert (
        f"令和6年6月3日（令和6年度）に登録しようとしています。{QUESTION}" in asked.content.decode()
    )
    assert not Consultation.objects.exists()
    action, confirmed = confirm_button(asked)
    assert client.post(action, confirmed).status_code == 302
    assert Consultation.objects.get().received_on == R6_MONDAY


def test_same_consultation_again_in_a_far_week_asks_first(client_for, alice, sato):
    client = client_for(alice)
    consultation = consult(alice, sato, day=R6_MONDAY)
    url = reverse("coordinators:consultation_repeat", args=[consultation.pk])
    asked = client.post(url)
    assert asked.status_code == 200
    assert "令和6年6月3日（令和6年度）に登録しようとしています。" in asked.content.decode()
    assert Consultation.objects.count() == 1
    action, confirmed = confirm_button(asked)
    assert client.post(action, confirmed).status_code == 302
    assert Consultation.objects.count() == 2


def test_changing_an_entry_in_a_far_week_does_not_ask(client_for, alice, sato, visit):
    activity = make(alice, sato, day=R6_MONDAY)
    data = {
        f"edit-{name}": value
        for name, value in entry(
            sato, visit, date=R6_MONDAY.isoformat(), description="直した"
        ).items()
    }
    data["edit-version"] = current_version(activity)
    response = client_for(alice).post(
        reverse("coordinators:activity_update", args=[activity.pk]), data
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.description == "直した"


def test_imports_never_ask(tmp_path, alice, sato, dave, resource_a):
    path = tmp_path / "records.xlsx"
    path.write_bytes(workbook([good_row("R6.6.3", 担当者="佐藤 花子", 訪問先="サロンA")]))
    call_command("import_records", str(path), stdout=StringIO())
    assert Activity.objects.get().date == R6_MONDAY
