"""What the bad-input tests of every domain share: the tables compared before and after a
refused post, the cast they post as (alice of センターA, and センターB's records she must never
reach), filling a page's form as a browser does, the case types of their tables, and the
checks each module runs over its own table of cases (tests/*/test_bad_input.py)."""

import html
import re
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils.html import escape

from coordinators.closing import half_year_close
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
from councils.models import Council, IssueStep, Meeting, RegionalIssue
from councils.services import meeting_create
from tests.builders import MONDAY, consult, entry, make
from tests.load.htmlforms import parse_forms
from tests.page_forms import post_data

# --- bad input: the tables compared before and after, the cast, filling forms as a browser does

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


def bad_input_cast(request):
    """The bad-input tests' `ctx`: alice of センターA at her forms, and センターB's records."""
    names = "client_for alice bob carol sato suzuki visit resource_a resource_b area_b"
    client_for, alice, bob, carol, sato, suzuki, visit, resource_a, resource_b, area_b = (
        request.getfixturevalue(name) for name in names.split()
    )
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
            user=bob, council=council, date=date(2024, 6, 19), coordinators=[suzuki], agenda="B"
        ),
    )


@dataclass(frozen=True)
class Id:
    """The id of one of ctx's objects, known only once the test has built them."""

    name: str


def resolve(value, ctx):
    """`value` with every Id in it replaced by the pk of that object of ctx."""
    if isinstance(value, Id):
        return getattr(ctx, value.name).pk
    if isinstance(value, list):
        return [resolve(item, ctx) for item in value]
    return value


def week_of(day):
    """The URL of the week page showing `day`."""
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


def post_consultation_details(ctx, values):
    """The details form on a consultation's page, over what it shows."""
    url = reverse("coordinators:consultation_detail", args=[ctx.consultation.pk])
    return submit(ctx.client, url, "", values)


def post_resource(ctx, values):
    """The edit form of センターA's サロンA, over what it shows."""
    url = reverse("coordinators:resource_update", args=[ctx.resource_a.pk])
    return submit(ctx.client, url, "", values)


def close(ctx, *halves):
    """Close the given half-years (fiscal year, half) for センターA, as carol."""
    for fiscal_year, half in halves:
        half_year_close(user=ctx.carol, fiscal_year=fiscal_year, half=half, center=ctx.sato_center)


@dataclass(frozen=True)
class Bad:
    """What a user typed over a valid form, and the message they must read under which field."""

    id: str
    surface: str
    values: dict
    field: str
    message: str
    closed: tuple = ()  # half-years (fiscal year, half) closed for センターA beforehand


LONG = "長" * 501  # over the 500-character limits (sliced for the shorter ones)
# Just over DATA_UPLOAD_MAX_MEMORY_SIZE (10 MB) once encoded as UTF-8.
TEN_MB = "長" * (10 * 1024 * 1024 // 3 + 1)


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


# Text that must be stored verbatim and shown escaped.
PAYLOADS = [
    pytest.param('<script>alert("xss")</script>', id="script-tag"),
    pytest.param("'; DROP TABLE coordinators_activity; --", id="sql"),
    pytest.param('" onmouseover="alert(1)', id="attribute-breakout"),
]


@dataclass(frozen=True)
class Url:
    """A request a user could forge or mistype, and what they must get back."""

    id: str
    method: str
    path: object  # (ctx) -> str
    status: int
    message: str
    data: dict = field(default_factory=dict)


NOT_FOUND = "ページが見つかりません"  # the 404 page's heading


# --- bad input: the checks each module's tests run over that module's own table of cases


def check_refused_at_field(ctx, bad, surfaces):
    """`bad` is refused with its message under its field, and nothing is saved."""
    post = surfaces[bad.surface]
    close(ctx, *bad.closed)
    before = stored_rows()
    response = post(ctx, {name: resolve(value, ctx) for name, value in bad.values.items()})
    assert response.status_code == 200
    assert bad.message in field_errors(response.content.decode(), bad.field)
    assert stored_rows() == before


def check_ten_megabytes_refused(ctx, post, name):
    """Ten megabytes of text in the field `name` are refused in Japanese, and nothing is saved."""
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


def check_fine_input_stored(ctx, fine, surfaces):
    """`fine` is accepted, and the record it wrote holds the normalised values."""
    post = surfaces[fine.surface]
    close(ctx, *fine.closed)
    response = post(ctx, fine.values)
    assert response.status_code == 302, re.findall(r"<li>(.*?)</li>", response.content.decode())
    record = saved(ctx, fine.surface)
    assert {name: getattr(record, name) for name in fine.stored} == fine.stored


def check_markup_kept(ctx, enter, text):
    """`text` typed through `enter` is stored verbatim and shown escaped on the pages it names."""
    stored, pages = enter(ctx, text)
    assert stored == dict.fromkeys(stored, text)
    for url in pages:
        page = ctx.client.get(url).content.decode()
        assert escape(text) in page, url
        assert text not in page, url
    assert Activity.objects.filter(pk=ctx.bob_activity.pk).exists()  # nothing was dropped


def check_url_answered(ctx, url):
    """The request `url` is answered with its status and message, and changes nothing."""
    before = stored_rows()
    data = {name: resolve(value, ctx) for name, value in url.data.items()}
    response = getattr(ctx.client, url.method)(url.path(ctx), data)
    assert response.status_code == url.status
    assert url.message in response.content.decode()
    assert stored_rows() == before
