"""The role matrix (tests/role_matrix.py) against the running app: every page and action, as
each of the five roles, on center A's objects; and the README's copy of the matrix."""

import io
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from django.urls import get_resolver, reverse
from docx import Document

from coordinators.activities.services import activity_create, template_create_from_activity
from coordinators.closing import half_year_close
from coordinators.consultations.services import case_open, consultation_create
from coordinators.demo.categories import SeededCategory
from coordinators.models import (
    AccessRecord,
    ActivityForm,
    ConsultationOutcome,
    ConsultationRoute,
    ConsultationTopic,
    ConsulterType,
    ResourceType,
)
from coordinators.recordkeeping.edit_conflicts import current_version
from councils.models import RegionalIssue, Stage
from councils.services import meeting_create
from reports.models import ReportText, Section
from tests.builders import category_of, walk
from tests.factories import PASSWORD
from tests.role_matrix import COVERED_NAMESPACES, MATRIX, REFUSED, ROLES, markdown

DAY = date(2024, 6, 12)  # a Wednesday in 令和6年度上半期, which stays open
README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- role-matrix:start -->", "<!-- role-matrix:end -->"

PAGE_STATUS = {
    "200": 200,
    "204": 204,
    "own": 200,
    "invalid": 200,
    "403": 403,
    "404": 404,
    "405": 405,
}
MARKERS = {
    "activity": "みどり坂の見守り訪問",
    "consultation": "みどり坂の相談",
    "case": "みどり坂ケース",
    "meeting": "みどり坂の買物支援",
    "issue": "買物に行けない",
    "coordinator": "佐藤 花子",
    "resource": "サロンA",
    "report": "センターA",
    "center": "センターA",
}

CASES = [
    pytest.param(
        row, method, role, id=f"{row.name}{row.query.replace('{center_a}', 'A')}-{method}-{role}"
    )
    for row in MATRIX
    for method in row.methods
    for role in ROLES
]


@pytest.fixture(scope="module")
def world(cast_for_module, django_db_blocker):
    """Center A's records of every kind, made once through the services as alice would, on the
    module's shared cast (tests/conftest.py), whose transaction takes them away after the
    module; each test runs in a savepoint inside it, so none sees another's changes."""
    with django_db_blocker.unblock():
        return _build_world(cast_for_module)


@pytest.fixture
def objects(world, db):
    return world


def _build_world(cast):
    alice, sato, council = cast.alice, cast.sato, cast.councils["care"]
    activity = activity_create(
        user=alice,
        coordinators=[sato],
        date=DAY,
        category=category_of(SeededCategory.FACT_FINDING),
        form=ActivityForm.objects.get(name="訪問"),
        description=MARKERS["activity"],
    )
    meeting = meeting_create(
        user=alice,
        council=council,
        date=DAY,
        coordinators=[sato],
        agenda=MARKERS["meeting"],
        raised_issues=[MARKERS["issue"], "坂道で外出できない"],
    )
    return {
        "activity": activity,
        "template": template_create_from_activity(
            user=alice, activity=activity, name="毎週水曜 見守り"
        ),
        "consultation": _consult(alice, sato, MARKERS["consultation"]),
        "case": case_open(
            user=alice,
            consultation=_consult(alice, sato, "通いの場を探したい"),
            title=MARKERS["case"],
        ),
        "council": council,
        "meeting": meeting,
        "issue": RegionalIssue.objects.get(title=MARKERS["issue"]),
        "other_issue": RegionalIssue.objects.get(title="坂道で外出できない"),
        "resource": cast.resource_a,
        "coordinator": sato,
        "closing": half_year_close(user=cast.carol, fiscal_year=2023, half=1, center=cast.center_a),
        "text": ReportText.objects.create(
            fiscal_year=2023,
            half=2,
            center=cast.center_a,
            section=Section.MAIN_WORK,
            text=MARKERS["report"] + "の主な取組",
            updated_by=alice,
        ),
        "center_a": cast.center_a,
        "area_a": cast.area_a,
        "users": {
            "staff_a": alice,
            "staff_b": cast.bob,
            "division": cast.carol,
            "admin": cast.dave,
        },
    }


def _consult(user, coordinator, summary):
    return consultation_create(
        user=user,
        coordinator=coordinator,
        received_on=DAY,
        route=ConsultationRoute.objects.get(name="来所・電話"),
        consulter_type=ConsulterType.objects.get(name="家族"),
        topics=ConsultationTopic.objects.filter(name="認知症"),
        outcome=ConsultationOutcome.objects.get(name="情報提供・助言で終了"),
        summary=summary,
    )


def _activity_fields(o, prefix=""):
    return {
        f"{prefix}date": DAY.isoformat(),
        f"{prefix}category": SeededCategory.FACT_FINDING.value,
        f"{prefix}form": ActivityForm.objects.get(name="訪問").pk,
        f"{prefix}description": "書き換えた内容",
        f"{prefix}coordinators": [o["coordinator"].pk],
    }


def _consultation_fields(o, prefix=""):
    return {
        f"{prefix}received_on": DAY.isoformat(),
        f"{prefix}coordinator": o["coordinator"].pk,
        f"{prefix}route": ConsultationRoute.objects.get(name="来所・電話").pk,
        f"{prefix}consulter_type": ConsulterType.objects.get(name="家族").pk,
        f"{prefix}topics": [ConsultationTopic.objects.get(name="認知症").pk],
        f"{prefix}outcome": ConsultationOutcome.objects.get(name="情報提供・助言で終了").pk,
    }


def _meeting_fields(o):
    return {
        "council": o["council"].pk,
        "date": DAY.isoformat(),
        "coordinators": [o["coordinator"].pk],
        "agenda": "書き換えた議題",
    }


def _resource_fields(o, **changes):
    return {
        "name": "東町ひだまり",
        "resource_type": ResourceType.objects.get(name="いきいきサロン").pk,
        "state": "active",
        "area": o["area_a"].pk,
        "operator": "新しい運営者",
        **changes,
    }


# What each action posts: always a change to center A's records that the app accepts from
# a login allowed to make it (edits carry the version their page was drawn from).
POST_DATA = {
    "logout": lambda o: {},
    "password_change": lambda o: {
        "old_password": PASSWORD,
        "new_password1": "another-horse-battery-9",
        "new_password2": "another-horse-battery-9",
    },
    "coordinators:activity_create": lambda o: {
        "center": o["center_a"].pk,
        **_activity_fields(o),
    },
    "coordinators:activity_update": lambda o: {
        **_activity_fields(o, prefix="edit-"),
        "edit-version": current_version(o["activity"]),
    },
    "coordinators:activity_delete": lambda o: {},
    "coordinators:activity_copy": lambda o: {"to_date": "2024/6/13"},
    "coordinators:template_create": lambda o: {"name": "毎週水曜 もう一つ"},
    "coordinators:copy_last_week": lambda o: {
        "center": o["center_a"].pk,
        "date": "2024-06-19",
        "activity": [o["activity"].pk],
    },
    "coordinators:templates_apply": lambda o: {
        "center": o["center_a"].pk,
        "date": "2024-06-19",
        "template": [o["template"].pk],
    },
    "coordinators:template_schedule": lambda o: {
        "center": o["center_a"].pk,
        "repeat": "nth",
        "weekday": "2",
        "weeks_of_month": "2,4",
        "months": "all",
    },
    "coordinators:template_delete": lambda o: {"center": o["center_a"].pk},
    "coordinators:records_import": lambda o: {},
    "coordinators:consultation_create": lambda o: {
        "center": o["center_a"].pk,
        **_consultation_fields(o, prefix="consultation-"),
    },
    "coordinators:consultation_detail": lambda o: {
        **_consultation_fields(o),
        "summary": "書き換えた概要",
        "version": current_version(o["consultation"]),
    },
    "coordinators:consultation_repeat": lambda o: {},
    "coordinators:consultation_delete": lambda o: {},
    "coordinators:case_create": lambda o: {"title": "新しいケース"},
    "coordinators:case_detail": lambda o: {"date": "2024/6/13", "description": "同行訪問"},
    "coordinators:case_connect": lambda o: {},
    "coordinators:case_close": lambda o: {},
    "coordinators:resource_create": lambda o: _resource_fields(o),
    "coordinators:resource_update": lambda o: _resource_fields(
        o, name=MARKERS["resource"], version=current_version(o["resource"])
    ),
    "coordinators:master_import": lambda o: {},
    # another day: the same council on the same day offers to join that meeting instead
    "councils:meeting_create": lambda o: {
        **_meeting_fields(o),
        "date": (DAY + timedelta(days=1)).isoformat(),
    },
    "councils:meeting_join": lambda o: {"coordinators": [o["coordinator"].pk]},
    "councils:meeting_update": lambda o: {
        **_meeting_fields(o),
        "version": current_version(o["meeting"]),
    },
    "councils:meeting_delete": lambda o: {},
    "councils:issue_detail": lambda o: {"stage": Stage.GATHERED.value, "date": "2024/6/20"},
    "councils:issue_update": lambda o: {
        "title": "書き換えた地域課題",
        "description": "",
        "areas": [o["area_a"].pk],
        "version": current_version(o["issue"]),
    },
    "councils:issue_merge": lambda o: {"other": o["other_issue"].pk},
    "reports:confirm": lambda o: {"period": "2024H1", "center": o["center_a"].pk},
    "reports:close": lambda o: {"period": "2024H1", "center": o["center_a"].pk},
    "reports:reopen": lambda o: {"reason": "入力漏れの追加"},
    "reports:texts": lambda o: {"version": "0", "main_work": "○行列の確認", "challenges": ""},
    "reports:fix_document": lambda o: {},
}


def stored_state():
    """Every row of the app's own tables (deleted ones too) and every password: what a
    refused request must leave as it was. Access records are left out: reading leaves one; so
    are proxies of other apps' tables (the login records: logging in leaves one)."""
    state = {}
    for label in ("coordinators", "councils", "reports"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model is AccessRecord or model._meta.proxy:
                continue
            state[model._meta.label] = list(model._base_manager.order_by("pk").values())
    state["passwords"] = list(User.objects.order_by("pk").values_list("pk", "password"))
    return state


def rows_of(state, center_pk):
    """The stored rows that belong to one 所属."""
    return {
        table: [row for row in rows if row.get("center_id") == center_pk]
        for table, rows in state.items()
        if table != "passwords"
    }


def body_text(response):
    """The text a user would read in the response, a workbook's cells included."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.word"):
        document = Document(io.BytesIO(content))
        cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for values in sheet.iter_rows(values_only=True)
            for value in values
            if value is not None
        )
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(json.loads(content), ensure_ascii=False)
    return content.decode("utf-8-sig")


def test_every_named_url_has_a_row_in_the_matrix():
    """A new page or action must be classified for every role before it ships."""
    named = {name for name, _path in walk(get_resolver().url_patterns) if name}
    classified = {row.name for row in MATRIX}
    unclassified = {
        name for name in named - classified if name.split(":")[0] not in COVERED_NAMESPACES
    }
    assert not unclassified, f"add these URL names to tests/role_matrix.py: {sorted(unclassified)}"
    assert not classified - named, "rows for URL names that no longer exist"


def test_every_action_says_what_it_posts():
    assert {row.name for row in MATRIX if row.post} == set(POST_DATA)


@pytest.mark.django_db
@pytest.mark.usefixtures("season_2024")  # the objects are of a 令和6年度 week
@pytest.mark.parametrize(("row", "method", "role"), CASES)
def test_role_gets_the_expected_outcome(client_for, objects, row, method, role):
    expected = row.expected(method)[role]
    client = client_for(objects["users"].get(role))
    url = reverse(row.name, args=[objects[key].pk for key in row.args])
    url += row.query.format(center_a=objects["center_a"].pk)
    if method == "GET":
        response = client.get(url)
    else:
        before = stored_state()
        response = client.post(url, POST_DATA[row.name](objects))
    status = response.status_code
    location = response.get("Location", "")
    detail = f"{method} {url} as {role}: {status} {location}"

    redirects = expected in {"login", "admin_login", "elsewhere", "done"} or (
        expected == "own" and method == "POST"
    )
    assert status == (302 if redirects else PAGE_STATUS[expected]), detail
    target = location.split("?")[0]
    if expected == "login":
        assert target == reverse("login"), detail
    elif expected == "admin_login":
        assert target == reverse("admin:login"), detail
    elif expected == "elsewhere":
        assert target == reverse("home"), detail
    elif redirects:
        # a POST that was done goes on to a page, not back to a login form
        assert not location.startswith(reverse("login") + "?next="), detail

    if method == "POST" and expected == "own":
        center_a = objects["center_a"].pk
        assert rows_of(stored_state(), center_a) == rows_of(before, center_a), (
            f"{detail} changed center A's data"
        )
    elif method == "POST" and expected in REFUSED:
        assert stored_state() == before, f"{detail} changed stored data"
    if method == "POST" and expected == "done" and row.effect:
        assert stored_state() != before, f"{detail} answered as done but changed nothing"
    if row.marker and expected in {"200", "own"}:
        shown = MARKERS[row.marker] in body_text(response)
        assert shown == (expected == "200"), f"{detail}: {MARKERS[row.marker]} shown: {shown}"


def _done_by(row):
    """The first role whose POST to `row` is done (None when no role's is)."""
    return next((role for role in ROLES if row.expected("POST")[role] == "done"), None)


GUARDED = [
    pytest.param(row, id=row.name)
    for row in MATRIX
    if row.post and row.name != "logout" and _done_by(row)
]
# Each edit and the field that carries the version its page was drawn from.
VERSION_FIELDS = {
    "coordinators:activity_update": "edit-version",
    "coordinators:consultation_detail": "version",
    "coordinators:resource_update": "version",
    "councils:meeting_update": "version",
    "councils:issue_update": "version",
    "reports:texts": "version",
}
VERSIONED = [
    pytest.param(row, VERSION_FIELDS[row.name], id=row.name)
    for row in MATRIX
    if row.name in VERSION_FIELDS
]


def _url(row, objects):
    return reverse(row.name, args=[objects[key].pk for key in row.args]) + row.query.format(
        center_a=objects["center_a"].pk
    )


def _refused_and_unchanged(response, before, detail):
    assert response.status_code == 400, detail
    text = response.content.decode()
    assert "送信された内容を受け付けられませんでした" in text, detail
    assert "何も保存していません" in text, detail
    assert stored_state() == before, f"{detail} changed stored data"


@pytest.mark.django_db
@pytest.mark.usefixtures("season_2024")
@pytest.mark.parametrize("row", GUARDED)
def test_an_action_posted_without_its_one_time_token_is_refused(objects, row):
    """Issue 17: a POST that skips the double-submit check (no `submit_token`) saves nothing,
    from a login that may make the change."""
    role = _done_by(row)
    client = Client()  # the plain test client: no token added
    client.force_login(objects["users"][role])
    before = stored_state()
    response = client.post(_url(row, objects), POST_DATA[row.name](objects))
    _refused_and_unchanged(response, before, f"POST {row.name} as {role}")
    assert "二重送信を防ぐ確認用の番号" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("season_2024")
@pytest.mark.parametrize(("row", "key"), VERSIONED)
@pytest.mark.parametrize("sent", ["left out", "empty"])
def test_an_edit_posted_without_its_version_is_refused(client_for, objects, row, key, sent):
    """Issue 17: an edit that skips the edit-conflict check (no version of the page it was
    drawn from) saves nothing, even with its one-time token."""
    role = _done_by(row)
    data = POST_DATA[row.name](objects)
    if sent == "left out":
        del data[key]
    else:
        data[key] = ""
    before = stored_state()
    response = client_for(objects["users"][role]).post(_url(row, objects), data)
    _refused_and_unchanged(response, before, f"POST {row.name} as {role}, version {sent}")
    assert "編集の競合を確かめる版の情報" in response.content.decode()


@pytest.mark.django_db
def test_every_edit_that_sends_a_version_is_walked_without_it(objects):
    sends_version = {
        name for name, data in POST_DATA.items() if {"version", "edit-version"} & set(data(objects))
    }
    assert sends_version == set(VERSION_FIELDS)


def test_readme_holds_the_generated_matrix():
    text = README.read_text(encoding="utf-8")
    assert START in text, f"README.md lacks {START}"
    assert END in text, f"README.md lacks {END}"
    between = text.split(START, 1)[1].split(END, 1)[0]
    assert between.strip() == markdown().strip(), (
        "README's role matrix differs from tests/role_matrix.py: "
        "run `.venv/bin/python -m tests.role_matrix` and paste its output between the markers"
    )


def test_the_matrix_prints_as_markdown_from_the_shell():
    printed = subprocess.run(
        [sys.executable, "-m", "tests.role_matrix"],
        cwd=README.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert printed == markdown()
