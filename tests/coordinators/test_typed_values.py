"""Values as people type and paste them (issue 15), on the screens: names folded in searches and
in the 訪問先 field, 開始時刻 and 所要時間 in every usual form through one parser each, control
characters removed at input on every path and never breaking a download, and the 相談一覧
filtered by 期間 with its exports."""

import io
from datetime import time

import openpyxl
import pytest
from django.urls import reverse

from coordinators import periods
from coordinators.consultations.forms import ResourceSearchForm
from coordinators.models import Activity, Consultation, Coordinator, SocialResource
from coordinators.recordkeeping.edit_conflicts import current_version
from coordinators.text import NameIndex, clean_text, fold, split_names
from coordinators.typed_values import (
    DURATION_HELP,
    TypedValueError,
    parse_minutes,
    parse_time_of_day,
)
from councils.models import Meeting
from tests.builders import START_TIMES_AS_TYPED, consult, entry, record, record_meeting
from tests.factories import AssignmentFactory, SocialResourceFactory

pytestmark = pytest.mark.django_db

# --- the parsers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["90", "90分", "1時間30分", "1時間半", "1.5時間", "1:30", "９０", "１時間３０分", "1時間 30分"],
)
def test_every_usual_duration_is_90_minutes(typed):
    assert parse_minutes(typed) == 90


@pytest.mark.parametrize(("typed", "minutes"), [("87", 87), ("1030", 1030), ("0:45", 45)])
def test_a_duration_is_any_whole_minute_and_digits_alone_are_minutes(typed, minutes):
    assert parse_minutes(typed) == minutes


@pytest.mark.parametrize("typed", ["たくさん", "1.5", "1.333時間", "1:75", "1時間70分", ""])
def test_an_unreadable_duration_says_how_to_type_it(typed):
    with pytest.raises(TypedValueError, match=DURATION_HELP):
        parse_minutes(typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10時", time(10, 0)),
        ("10時30分", time(10, 30)),
        ("1030", time(10, 30)),
        ("９：３０", time(9, 30)),
        ("10:00", time(10, 0)),
        ("10時半", time(10, 30)),
        ("930", time(9, 30)),
        ("午後2時", time(14, 0)),
        ("10:30:00", time(10, 30)),
    ],
)
def test_every_usual_start_time_is_read(typed, expected):
    assert parse_time_of_day(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "10:60", "2400", "10時60分", "午後", "朝"])
def test_a_time_that_is_no_time_of_day_is_refused(typed):
    with pytest.raises(TypedValueError, match="時刻を正しく入力してください"):
        parse_time_of_day(typed)


# --- folding and lists of names ------------------------------------------------------------


def test_names_typed_with_any_space_or_none_fold_alike():
    assert fold("佐藤　花子") == fold("佐藤花子") == fold("佐藤 花子") == "佐藤花子"
    assert fold("ﾌﾚｱｲ ｻﾛﾝ") == fold("フレアイサロン")


def test_dots_split_names_only_when_every_part_is_registered(center_a):
    for name in ("佐藤 花子", "高橋 美咲", "マリア・ロペス"):
        AssignmentFactory(coordinator__name=name, center=center_a)
    index = NameIndex(Coordinator.objects.all())

    def names(typed):
        found, missing = split_names(typed, index)
        return [c.name for c in found], missing

    assert names("佐藤 花子・高橋 美咲") == (["佐藤 花子", "高橋 美咲"], [])
    assert names("佐藤花子\n高橋　美咲") == (["佐藤 花子", "高橋 美咲"], [])
    assert names("マリア・ロペス") == (["マリア・ロペス"], [])
    assert names("ﾏﾘｱ･ﾛﾍﾟｽ、佐藤 花子") == (["マリア・ロペス", "佐藤 花子"], [])
    assert names("佐藤 花子・山田 太郎") == ([], ["佐藤 花子・山田 太郎"])


# --- control characters: removed at input, never breaking a download ----------------------


@pytest.mark.parametrize(
    ("typed", "multiline", "stored"),
    [
        ("A\x0bB", True, "AB"),
        ("A\x1bB\x00C", True, "ABC"),
        ("A\x7fB\x85C\x9f", True, "ABC"),
        ("1行目\r\n2行目\t続き", True, "1行目\r\n2行目\t続き"),
        ("1行目\r\n2行目\t続き", False, "1行目 2行目 続き"),
    ],
)
def test_control_characters_are_removed_and_line_breaks_kept_where_lines_are(
    typed, multiline, stored
):
    assert clean_text(typed, multiline=multiline) == stored


def test_every_write_path_stores_text_without_control_characters(alice, sato, councils, area_a):
    activity = record(alice, [sato], description="A\x0bB", place="公民館\x1b")
    salon = SocialResourceFactory(name="ひだまり\x1bサロン", area=area_a)
    meeting = record_meeting(alice, councils["care"], [sato], agenda="見守り\x00の体制")
    activity.refresh_from_db()
    salon.refresh_from_db()
    assert (activity.description, activity.place) == ("AB", "公民館")
    assert salon.name == "ひだまりサロン"
    assert Meeting.objects.get(pk=meeting.pk).agenda == "見守りの体制"


def test_a_pasted_control_character_on_the_week_page_is_removed_not_refused(
    client_for, alice, sato, visit
):
    day = periods.today()
    response = client_for(alice).post(
        reverse("coordinators:activity_create"),
        entry(sato, visit, date=day.isoformat(), description="A\x0bB\x00C", place="集会所\t2階"),
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.description, activity.place) == ("ABC", "集会所 2階")


def _stored_with(model, pk, **values):
    """Text stored before issue 15, written past the cleaning as an old row was."""
    model.objects.filter(pk=pk).update(**values)


def test_the_activity_export_survives_a_stored_vertical_tab(client_for, alice, sato, season_2024):
    activity = record(alice, [sato], description="サロン")
    _stored_with(Activity, activity.pk, description="A\x0bB")
    response = client_for(alice).get(reverse("coordinators:activity_list"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "AB" in [cell.value for cell in sheet[2]]
    csv = client_for(alice).get(reverse("coordinators:activity_list"), {"export": "csv"})
    assert "AB" in csv.content.decode("utf-8-sig")


@pytest.mark.parametrize("login", ["alice", "bob", "carol"])
def test_the_city_wide_resource_export_survives_a_stored_escape(client_for, cast, area_a, login):
    salon = SocialResourceFactory(name="ひだまり", area=area_a)
    _stored_with(SocialResource, salon.pk, name="ひだ\x1bまり")
    response = client_for(getattr(cast, login)).get(
        reverse("coordinators:resource_list"), {"export": "xlsx"}
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "ひだまり" in [cell.value for cell in sheet[2]]


def test_the_migration_cleans_rows_stored_before(alice, sato, councils):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    activity = record(alice, [sato], description="サロン")
    meeting = record_meeting(alice, councils["care"], [sato])
    _stored_with(Activity, activity.pk, description="A\x0bB")
    _stored_with(Meeting, meeting.pk, agenda="見守り\x1b")
    for module in (
        "coordinators.migrations.0014_remove_control_characters",
        "councils.migrations.0009_remove_control_characters",
    ):
        migration = importlib.import_module(module)
        # the migration reads only the editor's connection
        migration.remove_control_characters(apps, SimpleNamespace(connection=connection))
    assert Activity.objects.get(pk=activity.pk).description == "AB"
    assert Meeting.objects.get(pk=meeting.pk).agenda == "見守り"


# --- 開始時刻 and 所要時間 on the week page ------------------------------------------------


@pytest.mark.parametrize("typed", ["90", "1時間30分", "1.5時間", "1:30", "９０"])
def test_the_week_page_reads_every_usual_duration(client_for, alice, sato, visit, typed):
    day = periods.today()
    response = client_for(alice).post(
        reverse("coordinators:activity_create"),
        entry(sato, visit, date=day.isoformat(), duration_minutes=typed),
    )
    assert response.status_code == 302
    assert Activity.objects.get().duration_minutes == 90


@pytest.mark.parametrize(("typed", "expected"), START_TIMES_AS_TYPED)
def test_the_week_page_reads_every_usual_start_time(
    client_for, alice, sato, visit, typed, expected
):
    day = periods.today()
    response = client_for(alice).post(
        reverse("coordinators:activity_create"),
        entry(sato, visit, date=day.isoformat(), start_time=typed),
    )
    assert response.status_code == 302
    assert Activity.objects.get().start_time == expected


def test_the_week_page_says_how_to_type_a_duration(client_for, alice, sato, visit):
    day = periods.today()
    response = client_for(alice).post(
        reverse("coordinators:activity_create"),
        entry(sato, visit, date=day.isoformat(), duration_minutes="たくさん"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["duration_minutes"] == [
        "所要時間は分で入力してください（例: 90、1時間30分、1:30）。"
    ]
    assert not Activity.objects.exists()


def test_the_entry_form_takes_text_for_time_and_duration_with_no_steps(client_for, alice, sato):
    page = client_for(alice).get(reverse("coordinators:week")).content.decode()

    def tag(name):
        at = page.index(f'name="{name}"')
        return page[page.rindex("<input", 0, at) : page.index(">", at)]

    duration, start = tag("duration_minutes"), tag("start_time")
    assert 'type="text"' in duration
    assert "step" not in duration
    assert 'type="text"' in start


def test_editing_an_entry_in_place_reads_the_same_forms(client_for, alice, sato, visit):
    day = periods.today()
    activity = record(alice, [sato], day=day, duration_minutes=30, start_time=time(9, 0))
    client = client_for(alice)
    shown = client.get(reverse("coordinators:week"), {"edit": activity.pk}).content.decode()
    assert 'value="09:00"' in shown
    assert 'value="30"' in shown
    changed = entry(
        sato,
        visit,
        date=day.isoformat(),
        category=str(activity.category_id),
        duration_minutes="1時間30分",
        start_time="1030",
        version=current_version(activity),
    )
    response = client.post(
        reverse("coordinators:activity_update", args=[activity.pk]),
        {f"edit-{name}": value for name, value in changed.items()},  # the edit form's prefix
    )
    assert response.status_code == 302, response.context["edit_form"].errors
    activity.refresh_from_db()
    assert (activity.duration_minutes, activity.start_time) == (90, time(10, 30))


# --- names folded on the screens -----------------------------------------------------------


def test_a_visit_typed_with_another_space_is_the_registered_resource(
    client_for, alice, sato, visit, area_a
):
    salon = SocialResourceFactory(name="東町ひだまり", area=area_a)
    day = periods.today()
    response = client_for(alice).post(
        reverse("coordinators:activity_create"),
        entry(sato, visit, date=day.isoformat(), resource="東町　ひだまり"),
    )
    assert response.status_code == 302
    assert Activity.objects.get().resource == salon
    assert SocialResource.objects.get(pk=salon.pk).name == "東町ひだまり"


def test_two_resources_folding_alike_are_not_guessed(client_for, alice, sato, visit, area_a):
    SocialResourceFactory(name="東町 ひだまり", area=area_a)
    SocialResourceFactory(name="東町　ひだまり", area=area_a)
    response = client_for(alice).post(
        reverse("coordinators:activity_create"),
        entry(sato, visit, date=periods.today().isoformat(), resource="東町ひだまり"),
    )
    assert "に当たる社会資源が複数あります" in response.context["form"].errors["resource"][0]


@pytest.mark.parametrize("typed", ["ふれあいサロン", "ふれあい　サロン", "ﾌﾚｱｲ", "サロン 北町"])
def test_the_directory_search_finds_a_name_typed_another_way(client_for, alice, area_a, typed):
    SocialResourceFactory(name="フレアイ サロン北町", area=area_a)
    SocialResourceFactory(name="ふれあい サロン", area=area_a)
    SocialResourceFactory(name="ひだまり", area=area_a)
    page = client_for(alice).get(reverse("coordinators:resource_list"), {"q": typed})
    names = {row.record.name for row in page.context["table"].rows}
    assert names
    assert "ひだまり" not in names


def test_the_matching_search_of_a_case_finds_a_name_typed_another_way(area_a):
    salon = SocialResourceFactory(name="ふれあい サロン", area=area_a)
    form = ResourceSearchForm({"q": "ふれあいサロン"})
    assert list(form.search(SocialResource.objects.all())) == [salon]


def test_the_activity_list_text_search_folds_spaces(client_for, alice, sato, season_2024):
    record(alice, [sato], description="家族介護者 サロンに参加")
    record(alice, [sato], description="民生委員と打合せ")
    page = client_for(alice).get(reverse("coordinators:activity_list"), {"q": "家族介護者サロン"})
    assert [row.record.description for row in page.context["table"].rows] == [
        "家族介護者 サロンに参加"
    ]


def test_the_coordinator_list_finds_a_name_typed_without_its_space(client_for, carol, sato, suzuki):
    for typed in ("佐藤花子", "佐藤　花子"):
        page = client_for(carol).get(reverse("coordinators:coordinator_list"), {"q": typed})
        assert [row.record.name for row in page.context["table"].rows] == ["佐藤 花子"]
    assert 'name="q"' in page.content.decode()  # the search box is on the page


def test_the_consultation_summary_search_folds_spaces(client_for, alice, sato, season_2024):
    consult(alice, sato, summary="通いの 場を探している")
    page = client_for(alice).get(reverse("coordinators:consultation_list"), {"q": "通いの場"})
    assert len(page.context["table"].rows) == 1


# --- 相談一覧 by 期間, the link behind the report's 「相談対応（N件）」 -----------------------


@pytest.mark.parametrize("login", ["alice", "carol"])
def test_the_consultation_list_and_its_exports_filter_by_received_date(
    client_for, cast, sato, login
):
    alice = cast.alice
    consult(alice, sato, day=periods.parse_date("2024/4/1"), summary="上期の初め")
    consult(alice, sato, day=periods.parse_date("2024/9/30"), summary="上期の終わり")
    consult(alice, sato, day=periods.parse_date("2024/10/1"), summary="下期の初め")
    client = client_for(getattr(cast, login))
    url = reverse("coordinators:consultation_list")
    page = client.get(url, {"period": "2024H1"})
    assert page.status_code == 200
    assert len(page.context["table"].rows) == 2
    csv = client.get(url, {"period": "2024H1", "export": "csv"})
    assert csv.status_code == 200
    assert len(csv.content.decode("utf-8-sig").strip().splitlines()) == 1 + 2
    xlsx = client.get(url, {"period": "2024H1", "export": "xlsx"})
    assert xlsx.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.max_row == 1 + 2
    assert Consultation.objects.count() == 3
