"""Bad input on every surface: the week page's forms, the consultation, meeting and resource
forms, the workbook imports and the URLs.

Each bad input is refused with a Japanese message where the user looks (under the field, on the
import's row, on the file field) and saves nothing: every row of the tables a form or an import
writes is compared before and after. Some odd input is fine and must be stored normalised
(R7.4.1, full-width １２０). Text is stored exactly as typed and shown escaped. No input may
produce a server error: the test client re-raises whatever a view lets through, so a 500 fails
the case that caused it.

Forms are filled from the page a user would open (GET, then the fields of its <form>), so hidden
inputs added later (a version, a submit token) travel with the post.
"""

import csv
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

import openpyxl
import pytest
from django.urls import reverse
from django.utils.html import escape

from coordinators.closing import half_year_close
from coordinators.imports.records import SHEETS as RECORD_SHEETS
from coordinators.imports.records import import_records
from coordinators.imports.workbook import MAX_ROWS_PER_SHEET
from coordinators.imports.workbook import MAX_ROWS_PER_SHEET_ON_A_PAGE as ON_A_PAGE
from coordinators.models import (
    Activity,
    ActivityTemplate,
    Area,
    Assignment,
    CaseStep,
    Center,
    Consultation,
    Coordinator,
    SocialResource,
    SupportCase,
    Town,
)
from councils.import_sheets import MEETING_COLUMNS
from councils.models import Council, IssueStep, Meeting, RegionalIssue
from councils.services import meeting_create
from tests.builders import (
    MONDAY,
    book,
    consult,
    consultation_row,
    consultation_workbook,
    entry,
    good_row,
    make,
    quick_post,
    workbook,
    workbook_bytes,
)
from tests.load.htmlforms import parse_forms
from tests.page_forms import post_data

pytestmark = pytest.mark.django_db

# Every table a form or an import of this app writes; the access log is left out on purpose,
# since opening a page records the view even when the post is refused.
WRITTEN = (
    Activity,
    ActivityTemplate,
    Consultation,
    SupportCase,
    CaseStep,
    Meeting,
    RegionalIssue,
    IssueStep,
    SocialResource,
    Center,
    Area,
    Town,
    Coordinator,
    Assignment,
    Council,
)


def stored_rows():
    """Every stored row of WRITTEN, soft-deleted ones included: any insert or change shows."""
    return {model.__name__: list(model._base_manager.order_by("pk").values()) for model in WRITTEN}


# --- filling forms as a browser does ------------------------------------------------------


def form_on(page, action):
    """(action, data) of the page's POST form to `action` ("" for the page's own URL)."""
    for form in parse_forms(page):
        if form.method == "post" and form.action.split("?")[0] == action:
            return form.action, post_data(form.values())
    raise AssertionError(f"no form posting to {action!r} on the page")


def submit(client, page_url, action, values):
    """Open the page, fill its form with `values` over what it shows, and post it."""
    page = client.get(page_url)
    assert page.status_code == 200, page_url
    form_action, data = form_on(page.content.decode(), action)
    for name, value in values.items():
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
    return client.post(form_action or page_url, data)


def field_errors(page, name):
    """The text of the error list shown under one field (id_<name>_errors)."""
    match = re.search(
        rf'<ul class="errorlist" id="id_{re.escape(name)}_errors"[^>]*>(.*?)</ul>', page, re.S
    )
    return html.unescape(re.sub(r"<[^>]+>", " ", match[1])) if match else ""


# --- the cast and the surfaces -------------------------------------------------------------


@pytest.fixture
def ctx(
    client_for, alice, bob, carol, sato, suzuki, visit, resource_a, resource_b, area_b, request
):
    """alice of センターA at her forms, and センターB's records she must never reach."""
    council = request.getfixturevalue("care_meeting_council")
    return SimpleNamespace(
        client=client_for(alice),
        alice=alice,
        carol=carol,
        sato=sato,
        suzuki=suzuki,
        visit=visit,
        resource_a=resource_a,
        resource_b=resource_b,
        area_b=area_b,
        council=council,
        sato_center=sato.assignments.get().center,
        center_b=suzuki.assignments.get().center,
        consultation=consult(alice, sato, summary="通いの場を探したい"),
        bob_activity=make(bob, suzuki, description="センターBの訪問"),
        bob_consultation=consult(bob, suzuki, summary="センターBの相談"),
        bob_meeting=meeting_create(
            user=bob, council=council, date=date(2024, 6, 12), coordinators=[suzuki], agenda="B"
        ),
    )


@dataclass(frozen=True)
class Id:
    """The id of one of ctx's objects, known only once the test has built them."""

    name: str


def resolve(value, ctx):
    if isinstance(value, Id):
        return getattr(ctx, value.name).pk
    if isinstance(value, list):
        return [resolve(item, ctx) for item in value]
    return value


def week_of(day):
    return f"{reverse('coordinators:week')}?date={day}"


def post_activity(ctx, values):
    """The entry form of the week page (POST /activities/new/)."""
    day = values.get("date", MONDAY.isoformat())
    return submit(
        ctx.client,
        week_of(day),
        reverse("coordinators:activity_create"),
        {**entry(ctx.sato, ctx.visit), **values},
    )


def post_quick_consultation(ctx, values):
    """The consultation row of the week page (POST /consultations/new/)."""
    prefixed = {f"consultation-{name}": value for name, value in values.items()}
    return submit(
        ctx.client,
        week_of(MONDAY.isoformat()),
        reverse("coordinators:consultation_create"),
        {**quick_post(ctx.sato), **prefixed},
    )


def post_consultation_details(ctx, values):
    """The details form on a consultation's page, over what it shows."""
    url = reverse("coordinators:consultation_detail", args=[ctx.consultation.pk])
    return submit(ctx.client, url, "", values)


def post_meeting(ctx, values):
    """「会議を記録」 for the tier-2 地域ケア会議 of センターA."""
    base = {
        "council": ctx.council.pk,
        "date": "R6.6.12",
        "coordinators": [ctx.sato.pk],
        "agenda": "地域の見守り",
    }
    url = reverse("councils:meeting_create")
    return submit(ctx.client, url, "", {**base, **values})


def post_resource(ctx, values):
    """The edit form of センターA's サロンA, over what it shows."""
    url = reverse("coordinators:resource_update", args=[ctx.resource_a.pk])
    return submit(ctx.client, url, "", values)


SURFACES = {
    "activity": post_activity,
    "consultation": post_quick_consultation,
    "consultation_details": post_consultation_details,
    "meeting": post_meeting,
    "resource": post_resource,
}


def close(ctx, *halves):
    for fiscal_year, half in halves:
        half_year_close(user=ctx.carol, fiscal_year=fiscal_year, half=half, center=ctx.sato_center)


# --- forms: refused at the field, nothing saved --------------------------------------------


@dataclass(frozen=True)
class Bad:
    """What a user typed over a valid form, and the message they must read under which field."""

    id: str
    surface: str
    values: dict
    field: str
    message: str
    closed: tuple = ()  # half-years (fiscal year, half) closed for センターA beforehand


LONG = "長" * 501
# Just over DATA_UPLOAD_MAX_MEMORY_SIZE (10 MB) once encoded as UTF-8.
TEN_MB = "長" * (10 * 1024 * 1024 // 3 + 1)

FORM_CASES = [
    Bad(
        "duration-0",
        "activity",
        {"duration_minutes": "0"},
        "duration_minutes",
        "所要時間は1分以上にしてください。",
    ),
    Bad(
        "duration-1441",
        "activity",
        {"duration_minutes": "1441"},
        "duration_minutes",
        "所要時間は1440分（24時間）以内にしてください。",
    ),
    Bad(
        "resource-notes-over-2000-characters",
        "resource",
        {"notes": "あ" * 2001},
        "notes",
        "2000 文字以下",
    ),
    Bad(
        "meeting-summary-over-4000-characters",
        "meeting",
        {"summary": "あ" * 4001},
        "summary",
        "4000 文字以下",
    ),
    Bad(
        "duration-minus-5",
        "activity",
        {"duration_minutes": "-5"},
        "duration_minutes",
        "所要時間は1分以上にしてください。",
    ),
    Bad(
        "duration-in-words",
        "activity",
        {"duration_minutes": "１時間"},
        "duration_minutes",
        "整数を入力してください。",
    ),
    Bad("participants-minus-1", "activity", {"participants": "-1"}, "participants", "0 以上"),
    Bad(
        "participants-100001",
        "activity",
        {"participants": "100001"},
        "participants",
        "参加人数が大きすぎます。",
    ),
    Bad("description-501-chars", "activity", {"description": LONG}, "description", "500 文字以下"),
    Bad("description-blank", "activity", {"description": "  "}, "description", "必須です"),
    Bad("place-201-chars", "activity", {"place": LONG[:201]}, "place", "200 文字以下"),
    Bad("start-time-25:00", "activity", {"start_time": "25:00"}, "start_time", "正しく入力"),
    Bad(
        "tier1-only-category-from-tier2",
        "activity",
        {"category": "7"},
        "category",
        "候補にありません",
    ),
    Bad(
        "another-centers-coordinator-id",
        "activity",
        {"coordinators": [Id("suzuki")]},
        "coordinators",
        "候補にありません",
    ),
    Bad("unknown-activity-form-id", "activity", {"form": "999999"}, "form", "候補にありません"),
    Bad(
        "unknown-resource-name",
        "activity",
        {"resource": "存在しないサロン"},
        "resource",
        "「存在しないサロン」は社会資源に登録されていません",
    ),
    Bad("impossible-date-02-30", "activity", {"date": "2024-02-30"}, "date", "候補にありません"),
    Bad(
        "date-in-closed-half-year",
        "activity",
        {},
        "date",
        "令和6年度上半期（センターA）は",
        closed=((2024, 1),),
    ),
    Bad(
        "04-01-opens-the-closed-first-half",
        "activity",
        {"date": "2024-04-01"},
        "date",
        "令和6年度上半期（センターA）は",
        closed=((2024, 1),),
    ),
    Bad(
        "03-31-ends-the-closed-second-half",
        "activity",
        {"date": "2024-03-31"},
        "date",
        "令和5年度下半期（センターA）は",
        closed=((2023, 2),),
    ),
    Bad(
        "consultation-in-closed-half-year",
        "consultation",
        {},
        "consultation-received_on",
        "この期間の記録は登録・変更・削除できません",
        closed=((2024, 1),),
    ),
    Bad(
        "consultation-without-topic",
        "consultation",
        {"topics": []},
        "consultation-topics",
        "相談内容を1つ以上選んでください。",
    ),
    Bad(
        "consultation-another-centers-coordinator-id",
        "consultation",
        {"coordinator": Id("suzuki")},
        "consultation-coordinator",
        "候補にありません",
    ),
    Bad(
        "age-131",
        "consultation_details",
        {"subject_age": "131"},
        "subject_age",
        "年齢は130歳以下で入力してください。",
    ),
    Bad("age-minus-1", "consultation_details", {"subject_age": "-1"}, "subject_age", "0 以上"),
    Bad("summary-501-chars", "consultation_details", {"summary": LONG}, "summary", "500 文字以下"),
    Bad(
        "received-before-reiwa-R1.4.30",
        "consultation_details",
        {"received_on": "R1.4.30"},
        "received_on",
        "令和は令和元年5月1日から",
    ),
    Bad(
        "received-on-R7.2.30",
        "consultation_details",
        {"received_on": "R7.2.30"},
        "received_on",
        "「R7.2.30」という日付はありません。",
    ),
    Bad(
        "received-on-in-words",
        "consultation_details",
        {"received_on": "来週の月曜"},
        "received_on",
        "日付として読めません",
    ),
    Bad(
        "moved-into-closed-half-year",
        "consultation_details",
        {"received_on": "R6.10.1"},
        "received_on",
        "令和6年度下半期（センターA）は",
        closed=((2024, 2),),
    ),
    Bad(
        "meeting-on-R7.13.1",
        "meeting",
        {"date": "R7.13.1"},
        "date",
        "「R7.13.1」という日付はありません。",
    ),
    Bad(
        "meeting-in-closed-half-year",
        "meeting",
        {},
        "date",
        "令和6年度上半期（センターA）は",
        closed=((2024, 1),),
    ),
    Bad(
        "meeting-tier1-only-category-for-tier2",
        "meeting",
        {"category": "7"},
        "category",
        "「2層支援（1層のみ）」は第1層の所属だけが記録できます。",
    ),
    Bad(
        "meeting-ends-before-it-starts",
        "meeting",
        {"start_time": "14:00", "end_time": "13:00"},
        "end_time",
        "終了時刻は開始時刻より後にしてください。",
    ),
    Bad(
        "meeting-attended-only-by-another-center",
        "meeting",
        {"coordinators": [Id("suzuki")]},
        "coordinators",
        "自分の所属の担当者が出席した会議だけを記録できます。",
    ),
    Bad("agenda-301-chars", "meeting", {"agenda": LONG[:301]}, "agenda", "300 文字以下"),
    Bad("unknown-council-id", "meeting", {"council": "999999"}, "council", "候補にありません"),
    Bad(
        "resource-started-before-reiwa",
        "resource",
        {"launched_on": "R1.4.30"},
        "launched_on",
        "令和は令和元年5月1日から",
    ),
    Bad("resource-name-201-chars", "resource", {"name": LONG[:201]}, "name", "200 文字以下"),
    Bad(
        "resource-moved-to-another-centers-area",
        "resource",
        {"area": Id("area_b")},
        "area",
        "候補にありません",
    ),
]


@pytest.mark.parametrize("bad", [pytest.param(case, id=case.id) for case in FORM_CASES])
def test_bad_form_input_is_refused_at_the_field_and_saves_nothing(ctx, bad):
    post = SURFACES[bad.surface]
    close(ctx, *bad.closed)
    before = stored_rows()
    response = post(ctx, {name: resolve(value, ctx) for name, value in bad.values.items()})
    assert response.status_code == 200
    assert bad.message in field_errors(response.content.decode(), bad.field)
    assert stored_rows() == before


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("activity", "description"),
        ("consultation_details", "summary"),
        ("meeting", "summary"),
        ("resource", "notes"),
    ],
)
def test_ten_megabytes_of_text_is_refused_in_japanese(ctx, surface, name):
    post = SURFACES[surface]
    before = stored_rows()
    response = post(ctx, {name: TEN_MB})
    page = response.content.decode()
    # Either the field's length limit answers, or the request size limit with its own page.
    if response.status_code == 200:
        assert "文字以下" in field_errors(page, name)
    else:
        assert response.status_code == 400
        assert "送信された内容を受け付けられませんでした" in page
        assert "10 MB" in page
    assert stored_rows() == before


# --- odd input that is fine: accepted and stored normalised --------------------------------


@dataclass(frozen=True)
class Fine:
    """Input a user may well type, and what must be stored for it."""

    id: str
    surface: str
    values: dict
    stored: dict
    closed: tuple = ()


def saved(ctx, surface):
    """The record the surface wrote (or changed)."""
    if surface == "activity":
        return Activity.objects.filter(recorded_by=ctx.alice).latest("pk")
    if surface == "consultation_details":
        return Consultation.objects.get(pk=ctx.consultation.pk)
    if surface == "meeting":
        return Meeting.objects.filter(recorded_by=ctx.alice).get()
    return SocialResource.objects.get(pk=ctx.resource_a.pk)


FINE_CASES = [
    Fine(
        "full-width-duration-120",
        "activity",
        {"duration_minutes": "１２０"},
        {"duration_minutes": 120},
    ),
    Fine("full-width-participants-15", "activity", {"participants": "１５"}, {"participants": 15}),
    Fine(
        "03-31-beside-a-closed-first-half",
        "activity",
        {"date": "2024-03-31"},
        {"date": date(2024, 3, 31)},
        closed=((2024, 1),),
    ),
    Fine(
        "04-01-beside-a-closed-second-half",
        "activity",
        {"date": "2024-04-01"},
        {"date": date(2024, 4, 1)},
        closed=((2023, 2),),
    ),
    Fine(
        "received-on-R6.6.11-and-age-１２０",
        "consultation_details",
        {"received_on": "R6.6.11", "subject_age": "１２０"},
        {"received_on": date(2024, 6, 11), "subject_age": 120},
    ),
    Fine("meeting-on-R7.4.1", "meeting", {"date": "R7.4.1"}, {"date": date(2025, 4, 1)}),
    Fine(
        "meeting-on-full-width-令和７年４月１日",
        "meeting",
        {"date": "令和７年４月１日"},
        {"date": date(2025, 4, 1)},
    ),
    Fine(
        "resource-started-R7.4.1",
        "resource",
        {"launched_on": "R7.4.1"},
        {"launched_on": date(2025, 4, 1)},
    ),
    Fine(
        "resource-started-２０２５/４/１",
        "resource",
        {"launched_on": "２０２５/４/１"},
        {"launched_on": date(2025, 4, 1)},
    ),
]


@pytest.mark.parametrize("fine", [pytest.param(case, id=case.id) for case in FINE_CASES])
def test_odd_but_valid_input_is_stored_normalised(ctx, fine):
    post = SURFACES[fine.surface]
    close(ctx, *fine.closed)
    response = post(ctx, fine.values)
    assert response.status_code == 302, re.findall(r"<li>(.*?)</li>", response.content.decode())
    record = saved(ctx, fine.surface)
    assert {name: getattr(record, name) for name in fine.stored} == fine.stored


def test_copying_an_entry_to_a_day_typed_as_R7_4_1(ctx):
    activity = make(ctx.alice, ctx.sato)
    action = reverse("coordinators:activity_copy", args=[activity.pk])
    submit(ctx.client, week_of(MONDAY.isoformat()), action, {"to_date": "R7.4.1"})
    assert Activity.objects.filter(date=date(2025, 4, 1), description=activity.description).exists()


# --- text: stored verbatim, shown escaped ---------------------------------------------------

PAYLOADS = [
    pytest.param('<script>alert("xss")</script>', id="script-tag"),
    pytest.param("'; DROP TABLE coordinators_activity; --", id="sql"),
    pytest.param('" onmouseover="alert(1)', id="attribute-breakout"),
]


def _activity_text(ctx, text):
    post_activity(ctx, {"description": text, "place": text})
    activity = Activity.objects.filter(recorded_by=ctx.alice).get()
    week = week_of(activity.date.isoformat())
    submit(
        ctx.client,
        week,
        reverse("coordinators:template_create", args=[activity.pk]),
        {"name": text},
    )
    stored = {
        "内容": activity.description,
        "場所": activity.place,
        "テンプレート名": ActivityTemplate.objects.get().name,
    }
    return stored, [activity.get_absolute_url(), week]


def _consultation_text(ctx, text):
    page = reverse("coordinators:consultation_detail", args=[ctx.consultation.pk])
    post_consultation_details(ctx, {"summary": text})
    submit(
        ctx.client,
        page,
        reverse("coordinators:case_create", args=[ctx.consultation.pk]),
        {"title": text},
    )
    case = SupportCase.objects.get()
    submit(ctx.client, case.get_absolute_url(), "", {"date": "R6.6.11", "description": text})
    stored = {
        "概要": Consultation.objects.get(pk=ctx.consultation.pk).summary,
        "ケースの見出し": case.title,
        "経過": case.steps.get(date=date(2024, 6, 11)).description,
    }
    return stored, [page, case.get_absolute_url()]


def _meeting_text(ctx, text):
    names = ["place", "organisations", "agenda", "summary"]
    post_meeting(ctx, {**dict.fromkeys(names, text), "raised": text})
    meeting = Meeting.objects.filter(recorded_by=ctx.alice).get()
    issue = meeting.issue_steps.get().issue
    stored = {name: getattr(meeting, name) for name in names} | {"提起した地域課題": issue.title}
    return stored, [meeting.get_absolute_url()]


def _issue_text(ctx, text):
    post_meeting(ctx, {"raised": "買物に行けない高齢者が増えている"})
    issue = RegionalIssue.objects.get()
    page = issue.get_absolute_url()
    action = reverse("councils:issue_update", args=[issue.pk])
    submit(ctx.client, page, action, {"title": text, "description": text})
    submit(ctx.client, page, "", {"stage": "2", "date": "R6.6.20", "note": text})
    issue.refresh_from_db()
    stored = {
        "課題": issue.title,
        "内容": issue.description,
        "メモ": issue.steps.get(date=date(2024, 6, 20)).note,
    }
    return stored, [page]


def _resource_text(ctx, text):
    names = ["name", "address", "operator", "schedule", "notes"]
    post_resource(ctx, dict.fromkeys(names, text))
    resource = SocialResource.objects.get(pk=ctx.resource_a.pk)
    return {name: getattr(resource, name) for name in names}, [resource.get_absolute_url()]


@pytest.mark.parametrize("text", PAYLOADS)
@pytest.mark.parametrize(
    "enter",
    [_activity_text, _consultation_text, _meeting_text, _issue_text, _resource_text],
    ids=["activity-and-template", "consultation-and-case", "meeting", "issue", "resource"],
)
def test_markup_and_sql_in_every_text_field_are_stored_verbatim_and_shown_escaped(ctx, enter, text):
    stored, pages = enter(ctx, text)
    assert stored == dict.fromkeys(stored, text)
    for url in pages:
        page = ctx.client.get(url).content.decode()
        assert escape(text) in page, url
        assert text not in page, url
    assert Activity.objects.filter(pk=ctx.bob_activity.pk).exists()  # nothing was dropped


# --- exports: formulas stay text, Shift_JIS counts what it replaced -------------------------


def _enter_activity(ctx, text):
    post_activity(ctx, {"description": text})
    return Activity.objects.filter(recorded_by=ctx.alice).get().description


def _enter_consultation(ctx, text):
    post_consultation_details(ctx, {"summary": text})
    return Consultation.objects.get(pk=ctx.consultation.pk).summary


def _enter_resource(ctx, text):
    post_resource(ctx, {"operator": text})
    return SocialResource.objects.get(pk=ctx.resource_a.pk).operator


EXPORTS = [
    pytest.param(_enter_activity, "coordinators:activity_list", "内容", id="activity-list"),
    pytest.param(_enter_consultation, "coordinators:consultation_list", "概要", id="consultations"),
    pytest.param(_enter_resource, "coordinators:resource_list", "運営主体", id="resources"),
]


def export_rows(ctx, list_name, kind, **params):
    query = "&".join(f"{k}={v}" for k, v in {"export": kind, **params}.items())
    return ctx.client.get(f"{reverse(list_name)}?{query}")


@pytest.mark.parametrize(("enter", "list_name", "column"), EXPORTS)
def test_formula_typed_as_text_is_exported_as_text(ctx, enter, list_name, column):
    text = '=HYPERLINK("http://example.com/?q=1","開く")'
    assert enter(ctx, text) == text
    content = export_rows(ctx, list_name, "csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert "'" + text in [row[rows[0].index(column)] for row in rows[1:]]
    sheet = openpyxl.load_workbook(io.BytesIO(export_rows(ctx, list_name, "xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    cells = [row[header.index(column)] for row in sheet.iter_rows(min_row=2)]
    cell = next(cell for cell in cells if cell.value == text)
    assert cell.data_type == "s"


@pytest.mark.parametrize(("enter", "list_name", "column"), EXPORTS)
def test_characters_shift_jis_lacks_are_stored_and_counted_when_replaced(
    ctx, enter, list_name, column
):
    text = "𠮷野家で😀サロン"
    assert enter(ctx, text) == text
    response = export_rows(ctx, list_name, "csv", encoding="cp932")
    assert response["X-Replaced-Characters"] == "2"
    assert "?野家で?サロン" in response.content.decode("cp932")
    page = ctx.client.get(reverse(list_name)).content.decode()
    assert "Shift_JISで表せない文字が2字あったため「?」に置き換えて出力しました。" in page


def test_report_csv_in_shift_jis_counts_what_it_replaced(ctx, client_for, dave):
    name = "𠮷祥寺😀センター"
    upload = io.BytesIO(workbook_bytes({"所属": [(name, "地域包括支援センター", 2, 9)]}))
    upload.name = "master.xlsx"
    client_for(dave).post(reverse("coordinators:master_import"), {"file": upload})
    assert Center.objects.filter(name=name).exists()
    client = client_for(ctx.carol)
    url = reverse("reports:report") + "?period=2024H1&format=csv"
    utf8 = client.get(url).content.decode("utf-8-sig")
    expected = utf8.count("𠮷") + utf8.count("😀")
    assert expected >= 2
    response = client.get(url + "&encoding=cp932")
    assert response["X-Replaced-Characters"] == str(expected)
    assert "?祥寺?センター" in response.content.decode("cp932")
    page = client.get(reverse("reports:report")).content.decode()
    assert f"Shift_JISで表せない文字が{expected}字あったため" in page


# --- imports: refused with the row (or the file) named, nothing saved -----------------------


def activity_row(day="2024/6/10", **changes):
    return good_row(day, **{"担当者": "佐藤 花子", "訪問先": "サロンA", **changes})


def many_rows(count):
    """An 活動記録 sheet of `count` rows holding only a date: the import must refuse it for its
    length before it looks at any row."""
    workbook = openpyxl.Workbook(write_only=True)
    workbook.create_sheet("活動記録").append(RECORD_SHEETS["活動記録"])
    empty = io.BytesIO()
    workbook.save(empty)
    # Without lxml, openpyxl takes seconds to write 100,000 rows even in write_only mode, so
    # the rows go straight into the XML of the sheet it wrote: the same file, in a blink.
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>R6.6.10</t></is></c></row>'
        for n in range(2, count + 2)
    ).encode()
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(empty) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = content.replace(b"</sheetData>", rows + b"</sheetData>")
            target.writestr(item, content)
    return buffer.getvalue()


def macro_workbook():
    buffer = io.BytesIO(workbook([activity_row()]))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


@dataclass(frozen=True)
class Upload:
    """A workbook (or a file posing as one), and the message the import page must show."""

    id: str
    content: object  # () -> bytes
    message: str = ""
    name: str = "records.xlsx"
    page: str = "coordinators:records_import"
    closed: tuple = ()


ROW_CASES = [
    Upload(
        "unknown-coordinator-name",
        lambda: workbook([activity_row(担当者="山田 太郎")]),
        "活動記録!2 担当者: 担当者「山田 太郎」が見つかりません。",
    ),
    Upload(
        "unknown-resource-name",
        lambda: workbook([activity_row(訪問先="存在しないサロン")]),
        "活動記録!2 訪問先: 社会資源「存在しないサロン」が見つかりません。",
    ),
    Upload(
        "duration-0",
        lambda: workbook([activity_row(**{"所要時間（分）": 0})]),
        "活動記録!2 所要時間（分）: 1から1440までの数を入力してください（入力: 0）。",
    ),
    Upload(
        "duration-1441",
        lambda: workbook([activity_row(**{"所要時間（分）": 1441})]),
        "活動記録!2 所要時間（分）: 1から1440までの数を入力してください（入力: 1441）。",
    ),
    Upload(
        "duration-minus-5",
        lambda: workbook([activity_row(**{"所要時間（分）": "-5"})]),
        "活動記録!2 所要時間（分）: 1から1440までの数を入力してください（入力: -5）。",
    ),
    Upload(
        "participants-minus-1",
        lambda: workbook([activity_row(参加人数="-1")]),
        "活動記録!2 参加人数: 0から100000までの数を入力してください（入力: -1）。",
    ),
    Upload(
        "date-in-closed-half-year",
        lambda: workbook([activity_row()]),
        "活動記録!2 日付: 令和6年度上半期（センターA）は",
        closed=((2024, 1),),
    ),
    Upload(
        "03-31-ends-the-closed-second-half",
        lambda: workbook([activity_row("R6.3.31")]),
        "活動記録!2 日付: 令和5年度下半期（センターA）は",
        closed=((2023, 2),),
    ),
    Upload(
        "impossible-date-R7.2.30",
        lambda: workbook([activity_row("R7.2.30")]),
        "活動記録!2 日付: 「R7.2.30」という日付はありません。",
    ),
    Upload(
        "tier1-only-category-from-tier2",
        lambda: workbook([activity_row(区分="2層支援（1層のみ）")]),
        "活動記録!2 区分: 「2層支援（1層のみ）」は第1層の所属だけが記録できます。",
    ),
    Upload(
        "one-bad-row-after-good-ones",
        lambda: workbook([activity_row(), activity_row("2024/6/11"), activity_row(担当者="誰か")]),
        "活動記録!4 担当者: 担当者「誰か」が見つかりません。",
    ),
    Upload(
        "consultation-by-unknown-coordinator",
        lambda: consultation_workbook([consultation_row(担当者="山田 太郎")]),
        "相談記録!2 担当者: 担当者「山田 太郎」が見つかりません。",
    ),
    Upload(
        "meeting-of-unknown-council",
        lambda: book(
            {
                "会議記録": [
                    MEETING_COLUMNS,
                    ("R6.6.12", "ない会議", "センターA", "佐藤 花子", 5, "見守り", "", ""),
                ]
            }
        ),
        "会議記録!2 会議体: 会議体「ない会議」が見つかりません。",
    ),
    Upload(
        "master-resource-of-unknown-type",
        lambda: workbook_bytes(
            {"社会資源": [("古民家カフェ", "古民家", "圏域A", "", "", "", "", "", "", "")]}
        ),
        "社会資源!2 種別: 種別「古民家」が見つかりません。",
        name="master.xlsx",
        page="coordinators:master_import",
    ),
    Upload(
        "master-coordinator-of-unknown-center",
        lambda: workbook_bytes(
            {"担当者": [("山田 太郎", "", "どこかのセンター", 2, "R7.4.1", "")]}
        ),
        "担当者!2 所属: 所属「どこかのセンター」が見つかりません。",
        name="master.xlsx",
        page="coordinators:master_import",
    ),
    Upload(
        "headers-in-another-order",
        lambda: book({"活動記録": [("内容", "日付"), ("サロン", "R6.6.10")]}),
        "活動記録!1 見出し: 1行目は「日付」「開始時刻」",
    ),
    Upload(
        "100001-rows",
        lambda: many_rows(100_001),
        f"活動記録!{ON_A_PAGE + 2} 行数: 1シート{ON_A_PAGE:,}行までです。",
    ),
    Upload(
        "one-row-more-than-a-page-imports",
        lambda: many_rows(ON_A_PAGE + 1),
        "管理者にコマンド（import_records）での取込を依頼してください。",
    ),
]

FILE_CASES = [
    Upload("xlsm", macro_workbook, "マクロ有効ブック（.xlsm）", name="records.xlsm"),
    Upload(
        "macro-workbook-renamed-xlsx",
        macro_workbook,
        "マクロを含むブックは取り込めません。",
    ),
    Upload(
        "csv-renamed-xlsx",
        lambda: "日付,内容\nR6.6.10,サロン\n".encode(),
        "Excelブック（.xlsx）として読めません。",
    ),
    Upload(
        "pdf-renamed-xlsx",
        lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        "Excelブック（.xlsx）として読めません。",
    ),
    Upload(
        "zip-renamed-xlsx",
        lambda: _zip_of({"readme.txt": b"not a workbook"}),
        "ファイルが壊れています。",
    ),
    Upload("empty-file", lambda: b"", "ファイルは空です。"),
    Upload(
        "six-megabytes",
        lambda: b"PK\x03\x04" + b"\x00" * (6 * 1024 * 1024),
        "ファイルが大きすぎます（6.0 MB、上限 5 MB）。",
    ),
    Upload(
        "master-xlsm",
        macro_workbook,
        "マクロ有効ブック（.xlsm）",
        name="master.xlsm",
        page="coordinators:master_import",
    ),
]


def _zip_of(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def upload(ctx, case, client_for, dave):
    close(ctx, *case.closed)
    client = client_for(dave if case.page == "coordinators:master_import" else ctx.carol)
    file = io.BytesIO(case.content())
    file.name = case.name
    return client.post(reverse(case.page), {"file": file, "dry_run": ""})


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in ROW_CASES])
def test_bad_rows_are_named_and_the_import_saves_nothing(ctx, client_for, dave, case):
    before = stored_rows()
    response = upload(ctx, case, client_for, dave)
    assert response.status_code == 200
    page = response.content.decode()
    # one bad thing, one message: a long sheet is not reported row by row either
    assert "1件の誤りがあるため、何も保存していません" in page
    errors = re.search(r'<ul class="errorlist import-errors">(.*?)</ul>', page, re.S)
    assert errors, "no list of import errors on the page"
    assert case.message in html.unescape(errors[1])
    assert stored_rows() == before


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in FILE_CASES])
def test_files_that_are_not_plain_workbooks_are_refused_at_the_file_field(
    ctx, client_for, dave, case
):
    before = stored_rows()
    response = upload(ctx, case, client_for, dave)
    assert response.status_code == 200
    assert case.message in field_errors(response.content.decode(), "file")
    assert stored_rows() == before


def test_import_accepts_R7_4_1_and_full_width_digits_normalised(ctx, client_for, dave):
    case = Upload(
        "R7.4.1-and-full-width-digits",
        lambda: workbook(
            [activity_row("R7.4.1", **{"所要時間（分）": "１２０", "参加人数": "１２"})]
        ),
    )
    page = upload(ctx, case, client_for, dave).content.decode()
    assert "取り込みました" in page
    activity = Activity.objects.get(date=date(2025, 4, 1))
    assert (activity.duration_minutes, activity.participants) == (120, 12)


def test_import_stores_markup_and_sql_verbatim(ctx, client_for, dave):
    # (A cell typed =HYPERLINK(...) in Excel is a formula, read as the value Excel computed.)
    text = "<script>alert(1)</script>'; DROP TABLE coordinators_activity; --"
    case = Upload("markup-and-sql", lambda: workbook([activity_row(内容=text, 場所=text)]))
    assert "取り込みました" in upload(ctx, case, client_for, dave).content.decode()
    activity = Activity.objects.get(recorded_by=ctx.carol)
    assert (activity.description, activity.place) == (text, text)


# --- URLs: another 所属's ids, malformed periods and dates ---------------------------------


@dataclass(frozen=True)
class Url:
    """A request a user could forge or mistype, and what they must get back."""

    id: str
    method: str
    path: object  # (ctx) -> str
    status: int
    message: str
    data: dict = field(default_factory=dict)


NOT_FOUND = "ページが見つかりません"

URL_CASES = [
    Url(
        "period-2024H3",
        "get",
        lambda c: "/reports/?period=2024H3",
        200,
        "「2024H3」は期間として読めません",
    ),
    Url(
        "period-R0",
        "get",
        lambda c: "/reports/?period=R0上半期",
        200,
        "令和は元年（1年）から数えます",
    ),
    Url("period-H32", "get", lambda c: "/reports/?period=H32年度", 200, "平成は31年までです"),
    Url(
        "period-with-markup",
        "get",
        lambda c: "/reports/?period=%3Cscript%3E",
        200,
        "「&lt;script&gt;」は期間として読めません",
    ),
    Url(
        "list-period-in-words",
        "get",
        lambda c: reverse("coordinators:activity_list") + "?period=来年度の上期",
        200,
        "「来年度の上期」は期間として読めません",
    ),
    Url(
        "list-date-R7.2.30",
        "get",
        lambda c: reverse("coordinators:activity_list") + "?date_from=R7.2.30",
        200,
        "「R7.2.30」という日付はありません",
    ),
    Url(
        "report-table-99",
        "get",
        lambda c: "/reports/?period=2024H1&format=csv&table=99",
        404,
        NOT_FOUND,
    ),
    Url(
        "week-of-another-center",
        "get",
        lambda c: f"/?center={c.center_b.pk}",
        404,
        NOT_FOUND,
    ),
    Url(
        "week-with-non-numeric-center",
        "get",
        lambda c: "/?center=1%20OR%201=1",
        404,
        NOT_FOUND,
    ),
    Url(
        "editing-another-centers-entry",
        "get",
        lambda c: f"/?edit={c.bob_activity.pk}",
        404,
        NOT_FOUND,
    ),
    Url(
        "another-centers-activity",
        "get",
        lambda c: c.bob_activity.get_absolute_url(),
        404,
        NOT_FOUND,
    ),
    Url(
        "another-centers-consultation",
        "get",
        lambda c: c.bob_consultation.get_absolute_url(),
        404,
        NOT_FOUND,
    ),
    Url(
        "another-centers-meeting",
        "get",
        lambda c: c.bob_meeting.get_absolute_url(),
        404,
        NOT_FOUND,
    ),
    Url(
        "another-centers-resource-editor",
        "get",
        lambda c: reverse("coordinators:resource_update", args=[c.resource_b.pk]),
        404,
        NOT_FOUND,
    ),
    Url(
        "hidden-center-of-another-center-on-entry",
        "post",
        lambda c: reverse("coordinators:activity_create"),
        404,
        NOT_FOUND,
        data={"center": Id("center_b"), "description": "forged"},
    ),
    Url(
        "hidden-center-of-another-center-on-consultation",
        "post",
        lambda c: reverse("coordinators:consultation_create"),
        404,
        NOT_FOUND,
        data={"center": Id("center_b")},
    ),
    Url(
        "post-over-another-centers-entry",
        "post",
        lambda c: reverse("coordinators:activity_update", args=[c.bob_activity.pk]),
        404,
        NOT_FOUND,
        data={"edit-description": "forged"},
    ),
    Url(
        "delete-another-centers-entry",
        "post",
        lambda c: reverse("coordinators:activity_delete", args=[c.bob_activity.pk]),
        404,
        NOT_FOUND,
    ),
    Url(
        "post-over-another-centers-consultation",
        "post",
        lambda c: c.bob_consultation.get_absolute_url(),
        404,
        NOT_FOUND,
        data={"summary": "forged"},
    ),
    Url(
        "post-over-another-centers-meeting",
        "post",
        lambda c: reverse("councils:meeting_update", args=[c.bob_meeting.pk]),
        404,
        NOT_FOUND,
        data={"agenda": "forged"},
    ),
    Url(
        "post-over-another-centers-resource",
        "post",
        lambda c: reverse("coordinators:resource_update", args=[c.resource_b.pk]),
        404,
        NOT_FOUND,
        data={"name": "forged"},
    ),
]


@pytest.mark.parametrize("url", [pytest.param(case, id=case.id) for case in URL_CASES])
def test_forged_or_mistyped_urls_are_answered_in_japanese_and_change_nothing(ctx, url):
    before = stored_rows()
    data = {name: resolve(value, ctx) for name, value in url.data.items()}
    response = getattr(ctx.client, url.method)(url.path(ctx), data)
    assert response.status_code == url.status
    assert url.message in response.content.decode()
    assert stored_rows() == before


def test_staff_asking_for_another_centers_report_get_their_own(ctx):
    response = ctx.client.get(f"/reports/?period=2024H1&center={ctx.center_b.pk}&format=json")
    assert response.json()["scope"] == "センターA"


def test_week_typed_as_R7_4_1_in_the_url_opens_that_week(ctx):
    response = ctx.client.get(week_of("R7.4.1"))
    assert response.context["day"] == date(2025, 4, 1)
    assert response.context["monday"] == date(2025, 3, 31)


def test_the_import_command_refuses_a_sheet_over_its_own_limit(dave):
    before = stored_rows()
    report = import_records(io.BytesIO(many_rows(MAX_ROWS_PER_SHEET + 1)), user=dave)
    assert [str(problem) for problem in report.errors] == [
        f"活動記録!{MAX_ROWS_PER_SHEET + 2} 行数: 1シート{MAX_ROWS_PER_SHEET:,}行までです。"
        "このシートはそれを超えているため、ファイルを分けて取り込んでください。"
    ]
    assert stored_rows() == before
