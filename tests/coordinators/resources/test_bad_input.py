"""Bad input on a social resource's edit form, and resource URLs forged with another 所属's ids.

Each bad input is refused with a Japanese message under the field and saves nothing: every row
of the tables a form writes is compared before and after. Some odd input is fine and must be
stored normalised (R7.4.1, ２０２５/４/１). Text is stored exactly as typed and shown escaped.
Forms are filled from the page a user would open (GET, then the fields of its <form>).
"""

from datetime import date

import pytest
from django.urls import reverse

from coordinators.models import SocialResource
from tests.bad_input import (
    LONG,
    NOT_FOUND,
    PAYLOADS,
    Bad,
    Fine,
    Id,
    Url,
    bad_input_cast,
    check_fine_input_stored,
    check_markup_kept,
    check_refused_at_field,
    check_ten_megabytes_refused,
    check_url_answered,
    post_resource,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(request):
    """alice of センターA at her forms, and センターB's records she must never reach."""
    return bad_input_cast(request)


SURFACES = {
    "resource": post_resource,
}


# --- forms: refused at the field, nothing saved --------------------------------------------

FORM_CASES = [
    Bad(
        "resource-notes-over-2000-characters",
        "resource",
        {"notes": "あ" * 2001},
        "notes",
        "2000 文字以下",
    ),
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
    check_refused_at_field(ctx, bad, SURFACES)


@pytest.mark.parametrize(("surface", "name"), [("resource", "notes")])
def test_ten_megabytes_of_text_is_refused_in_japanese(ctx, surface, name):
    check_ten_megabytes_refused(ctx, SURFACES[surface], name)


# --- odd input that is fine: accepted and stored normalised --------------------------------

FINE_CASES = [
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
    check_fine_input_stored(ctx, fine, SURFACES)


# --- text: stored verbatim, shown escaped ---------------------------------------------------


def _resource_text(ctx, text):
    names = ["name", "address", "operator", "schedule", "notes"]
    post_resource(ctx, dict.fromkeys(names, text))
    resource = SocialResource.objects.get(pk=ctx.resource_a.pk)
    return {name: getattr(resource, name) for name in names}, [resource.get_absolute_url()]


@pytest.mark.parametrize("text", PAYLOADS)
@pytest.mark.parametrize("enter", [_resource_text], ids=["resource"])
def test_markup_and_sql_in_every_text_field_are_stored_verbatim_and_shown_escaped(ctx, enter, text):
    check_markup_kept(ctx, enter, text)


# --- URLs: another 所属's ids ----------------------------------------------------------------

URL_CASES = [
    Url(
        "another-centers-resource-editor",
        "get",
        lambda c: reverse("coordinators:resource_update", args=[c.resource_b.pk]),
        404,
        NOT_FOUND,
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
    check_url_answered(ctx, url)
