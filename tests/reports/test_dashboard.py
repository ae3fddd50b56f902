from datetime import timedelta

import pytest
from django.urls import reverse

from coordinators.periods import today
from tests.builders import make

pytestmark = pytest.mark.django_db


def test_division_home_is_the_dashboard_and_flags_quiet_centers(
    client_for, carol, alice, sato, center_a, center_b
):
    monday = today() - timedelta(days=today().weekday())
    for day in (monday, monday - timedelta(days=7), monday - timedelta(days=6)):
        make(alice, sato, day=day, description="訪問")
    response = client_for(carol).get(reverse("home"))
    rows = {row["center"].name: row for row in response.context["overview"]["rows"]}
    a, b = rows["センターA"], rows["センターB"]
    assert (a["center"].this_week, a["center"].last_week) == (1, 2)
    assert not a["quiet"]
    assert b["quiet"]  # nothing entered: it stands out
    page = response.content.decode()
    assert "各所属の状況" in page
    assert "2週間以上入力なし" in page


def test_staff_home_stays_the_week_page(client_for, alice, center_a):
    page = client_for(alice).get(reverse("home")).content.decode()
    assert "センターAの週の記録" in page


@pytest.mark.usefixtures("season_2024")
def test_each_window_counts_its_own_records_and_the_newest_entry(
    alice, sato, center_a, django_assert_max_num_queries
):
    from datetime import date

    from coordinators.activities.services import activity_delete
    from reports.dashboard import center_activity_overview

    for day in ("2024-11-25", "2024-11-29", "2024-11-20", "2024-10-02", "2023-11-27"):
        make(alice, sato, day=date.fromisoformat(day))
    make(alice, sato, day=date(2023, 11, 28))  # past the same span a year earlier
    activity_delete(user=alice, activity=make(alice, sato, day=date(2024, 11, 26)))
    with django_assert_max_num_queries(4):  # windows, centers with newest entry, sign-off
        overview = center_activity_overview(date(2024, 11, 27))
    a = next(row["center"] for row in overview["rows"] if row.get("center") == center_a)
    figures = (a.this_week, a.last_week, a.half_to_date, a.last_year_to_date, a.last_entry)
    # this week runs to Sunday; to date and the newest entry stop at the day
    assert figures == (2, 1, 3, 1, date(2024, 11, 25))
