"""Bad input on a consultation's page: the details form, its support case and the case's steps,
and consultation URLs forged with another 所属's ids.

Each bad input is refused with a Japanese message under the field and saves nothing: every row
of the tables a form writes is compared before and after. Some odd input is fine and must be
stored normalised (R6.6.11, full-width １２０). Text is stored exactly as typed and shown escaped.
Forms are filled from the page a user would open (GET, then the fields of its <form>).
"""

from datetime import date

import pytest
from django.urls import reverse

from coordinators.models import Consultation, SupportCase
from tests.bad_input import (
    LONG,
    NOT_FOUND,
    PAYLOADS,
    Bad,
    Fine,
    Url,
    bad_input_cast,
    check_fine_input_stored,
    check_markup_kept,
    check_refused_at_field,
    check_ten_megabytes_refused,
    check_url_answered,
    post_consultation_details,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(request):
    """alice of センターA at her forms, and センターB's records she must never reach."""
    return bad_input_cast(request)


SURFACES = {
    "consultation_details": post_consultation_details,
}


# --- forms: refused at the field, nothing saved --------------------------------------------

FORM_CASES = [
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
]


@pytest.mark.parametrize("bad", [pytest.param(case, id=case.id) for case in FORM_CASES])
def test_bad_form_input_is_refused_at_the_field_and_saves_nothing(ctx, bad):
    check_refused_at_field(ctx, bad, SURFACES)


@pytest.mark.parametrize(("surface", "name"), [("consultation_details", "summary")])
def test_ten_megabytes_of_text_is_refused_in_japanese(ctx, surface, name):
    check_ten_megabytes_refused(ctx, SURFACES[surface], name)


# --- odd input that is fine: accepted and stored normalised --------------------------------

FINE_CASES = [
    Fine(
        "received-on-R6.6.11-and-age-１２０",
        "consultation_details",
        {"received_on": "R6.6.11", "subject_age": "１２０"},
        {"received_on": date(2024, 6, 11), "subject_age": 120},
    ),
]


@pytest.mark.parametrize("fine", [pytest.param(case, id=case.id) for case in FINE_CASES])
def test_odd_but_valid_input_is_stored_normalised(ctx, fine):
    check_fine_input_stored(ctx, fine, SURFACES)


# --- text: stored verbatim, shown escaped ---------------------------------------------------


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


@pytest.mark.parametrize("text", PAYLOADS)
@pytest.mark.parametrize("enter", [_consultation_text], ids=["consultation-and-case"])
def test_markup_and_sql_in_every_text_field_are_stored_verbatim_and_shown_escaped(ctx, enter, text):
    check_markup_kept(ctx, enter, text)


# --- URLs: another 所属's ids ----------------------------------------------------------------

URL_CASES = [
    Url(
        "another-centers-consultation",
        "get",
        lambda c: c.bob_consultation.get_absolute_url(),
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
]


@pytest.mark.parametrize("url", [pytest.param(case, id=case.id) for case in URL_CASES])
def test_forged_or_mistyped_urls_are_answered_in_japanese_and_change_nothing(ctx, url):
    check_url_answered(ctx, url)
