"""Bad input in the activity list's and an activity's URLs: malformed periods and dates in the
list's filters, and another 所属's activity. Each is answered with a Japanese page, never a server
error, and changes nothing: every row of the tables the app writes is compared before and after.
"""

import pytest
from django.urls import reverse

from tests.bad_input import NOT_FOUND, Url, bad_input_cast, check_url_answered

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(request):
    """alice of センターA at her forms, and センターB's records she must never reach."""
    return bad_input_cast(request)


URL_CASES = [
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
        "another-centers-activity",
        "get",
        lambda c: c.bob_activity.get_absolute_url(),
        404,
        NOT_FOUND,
    ),
]


@pytest.mark.parametrize("url", [pytest.param(case, id=case.id) for case in URL_CASES])
def test_forged_or_mistyped_urls_are_answered_in_japanese_and_change_nothing(ctx, url):
    check_url_answered(ctx, url)
