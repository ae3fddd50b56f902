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
