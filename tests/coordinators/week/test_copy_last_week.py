"""先週の記録をコピー on the week page: nothing counted twice, nothing a meeting's (issue 14)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from coordinators.models import Activity
from tests.builders import MONDAY, make, record_meeting

# Their weeks are 令和6年度 weeks, entered in that season (no far-week question).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("season_2024")]

LAST_MONDAY = MONDAY - timedelta(days=7)
THIS_WEEK = (MONDAY, MONDAY + timedelta(days=6))


def week_page(client, day=MONDAY):
    return client.get(reverse("coordinators:week") + f"?date={day.isoformat()}").content.decode()


def copy_card(page):
    return page[page.index('id="copy-last-week"') : page.index('id="templates"')]


def offered(page):
    """{activity pk: ticked?} of the checkboxes in the copy card."""
    boxes = re.findall(r'<input type="checkbox" name="activity" value="(\d+)"( checked)?>', page)
    return {int(pk): bool(ticked) for pk, ticked in boxes}


def copy_ticked(client, page):
    """Post the copy form as a browser does with the boxes as the page ticked them."""
    chosen = [pk for pk, ticked in offered(copy_card(page)).items() if ticked]
    return client.post(
        reverse("coordinators:copy_last_week"),
        {"date": MONDAY.isoformat(), "activity": chosen},
        follow=True,
    )


def this_week():
    return Activity.objects.filter(date__range=THIS_WEEK)


@pytest.fixture
def last_week(alice, sato):
    return [
        make(alice, sato, day=LAST_MONDAY, description="家族介護者サロン"),
        make(alice, sato, day=LAST_MONDAY + timedelta(days=2), description="通いの場訪問"),
    ]


def test_first_visit_ticks_every_entry_and_copies_them(client_for, alice, last_week):
    client = client_for(alice)
    page = week_page(client)
    assert offered(copy_card(page)) == {last_week[0].pk: True, last_week[1].pk: True}
    assert "コピー済" not in copy_card(page)
    response = copy_ticked(client, page)
    assert "先週の記録を2件コピーしました。" in response.content.decode()
    assert sorted(this_week().values_list("description", flat=True)) == [
        "家族介護者サロン",
        "通いの場訪問",
    ]


def test_copying_twice_with_the_default_choice_creates_nothing_new(client_for, alice, last_week):
    client = client_for(alice)
    copy_ticked(client, week_page(client))
    assert this_week().count() == 2
    page = week_page(client)
    card = copy_card(page)
    assert card.count("コピー済") == 3  # the two entries and the line explaining the mark
    assert offered(card) == {last_week[0].pk: False, last_week[1].pk: False}
    response = copy_ticked(client, page)
    assert "コピーする記録を選んでください。" in response.content.decode()
    assert this_week().count() == 2  # not 4: nothing counted twice


def test_a_copied_entry_ticked_on_purpose_is_copied_again(client_for, alice, last_week):
    client = client_for(alice)
    copy_ticked(client, week_page(client))
    response = client.post(
        reverse("coordinators:copy_last_week"),
        {"date": MONDAY.isoformat(), "activity": [last_week[0].pk]},
        follow=True,
    )
    assert "先週の記録を1件コピーしました。" in response.content.decode()
    assert this_week().count() == 3
    assert this_week().filter(copied_from=last_week[0]).count() == 2


def test_only_the_entries_not_yet_copied_are_ticked(client_for, alice, last_week):
    client = client_for(alice)
    client.post(
        reverse("coordinators:copy_last_week"),
        {"date": MONDAY.isoformat(), "activity": [last_week[0].pk]},
    )
    page = week_page(client)
    assert offered(copy_card(page)) == {last_week[0].pk: False, last_week[1].pk: True}
    copy_ticked(client, page)
    assert sorted(this_week().values_list("description", flat=True)) == [
        "家族介護者サロン",
        "通いの場訪問",
    ]


def test_a_deleted_copy_no_longer_counts_as_copied(client_for, alice, last_week):
    client = client_for(alice)
    copy_ticked(client, week_page(client))
    copy = this_week().get(copied_from=last_week[0])
    client.post(reverse("coordinators:activity_delete", args=[copy.pk]))
    assert offered(copy_card(week_page(client))) == {
        last_week[0].pk: True,
        last_week[1].pk: False,
    }


def test_a_copy_in_another_week_is_not_copied_here(client_for, alice, last_week):
    client = client_for(alice)
    client.post(
        reverse("coordinators:activity_copy", args=[last_week[0].pk]),
        {"to_date": "R6.6.24"},  # the week after this one
    )
    assert offered(copy_card(week_page(client)))[last_week[0].pk] is True


@pytest.fixture
def last_weeks_meeting(alice, sato, care_meeting_council):
    meeting = record_meeting(
        alice, care_meeting_council, [sato], day=LAST_MONDAY + timedelta(days=3)
    )
    return meeting.activities.get()


def test_a_meetings_activity_is_listed_but_not_offered(
    client_for, alice, last_week, last_weeks_meeting
):
    card = copy_card(week_page(client_for(alice)))
    assert last_weeks_meeting.pk not in offered(card)
    assert offered(card) == {last_week[0].pk: True, last_week[1].pk: True}
    assert "会議の記録" in card
    assert "会議の記録はコピーできません。" in card


def test_a_crafted_post_of_a_meetings_activity_copies_nothing(
    client_for, alice, last_weeks_meeting
):
    response = client_for(alice).post(
        reverse("coordinators:copy_last_week"),
        {"date": MONDAY.isoformat(), "activity": [last_weeks_meeting.pk]},
        follow=True,
    )
    assert "コピーする記録を選んでください。" in response.content.decode()
    assert not this_week().exists()


def test_the_copy_and_template_forms_are_not_shown_for_a_meetings_activity(
    client_for, alice, sato, care_meeting_council
):
    plain = make(alice, sato, day=MONDAY, description="サロン訪問")
    meeting = record_meeting(alice, care_meeting_council, [sato], day=MONDAY + timedelta(days=2))
    of_meeting = meeting.activities.get()
    client = client_for(alice)
    page = week_page(client)
    # drawn when asked for (issue 22): each plain entry links to its copy and template forms
    assert f"more={plain.pk}#activity-{plain.pk}" in page
    assert f"more={of_meeting.pk}#" not in page
    assert reverse("coordinators:activity_copy", args=[plain.pk]) not in page
    assert "会議の記録で変更" in page
    for entry, shown in ((plain, True), (of_meeting, False)):
        url = reverse("coordinators:week") + f"?date={MONDAY.isoformat()}&more={entry.pk}"
        opened = client.get(url).content.decode()
        assert (reverse("coordinators:activity_copy", args=[entry.pk]) in opened) is shown
        assert (reverse("coordinators:template_create", args=[entry.pk]) in opened) is shown


def test_a_meetings_activity_cannot_be_copied_to_another_day_by_post(
    client_for, alice, last_weeks_meeting
):
    response = client_for(alice).post(
        reverse("coordinators:activity_copy", args=[last_weeks_meeting.pk]),
        {"to_date": "R6.6.13"},
        follow=True,
    )
    assert "会議の活動記録はコピーできません。" in response.content.decode()
    assert not this_week().exists()


def test_a_meetings_activity_cannot_be_saved_as_a_template_by_post(
    client_for, alice, last_weeks_meeting
):
    response = client_for(alice).post(
        reverse("coordinators:template_create", args=[last_weeks_meeting.pk]),
        {"name": "毎週木曜 地域ケア会議"},
        follow=True,
    )
    assert "会議の活動記録はテンプレートにできません。" in response.content.decode()
    assert not last_weeks_meeting.center.activity_templates.exists()
