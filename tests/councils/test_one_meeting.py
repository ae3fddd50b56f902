"""A meeting is one meeting, attendance is one thing (issue 14).

The same SC連携会議 recorded by three 所属 counts once; a 所属 joins a meeting another recorded
and changes only its own attendance; removing a 所属 from the attendees ends its access, its
count and its rights at once; a deleted meeting's issues count nowhere.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coordinators.models import Activity
from coordinators.periods import Period
from councils.models import Meeting, RegionalIssue, Stage
from councils.selectors import council_counts, may_change_issue, meetings_for_user
from councils.services import (
    SameDayMeeting,
    issue_advance,
    meeting_delete,
    meeting_join,
    meeting_update,
)
from tests.builders import record_meeting as record

pytestmark = pytest.mark.django_db

DAY = date(2024, 6, 12)
FIRST_HALF = Period.for_half(2024, 1)


def test_the_same_meeting_recorded_by_three_centers_counts_once(
    alice, bob, carol, sato, suzuki, ito, councils
):
    link = councils["link"]
    meeting = record(alice, link, [sato], agenda="SCの情報交換")
    with pytest.raises(SameDayMeeting) as found:
        record(bob, link, [suzuki], agenda="SC連携")
    assert found.value.meetings == [meeting]
    meeting_join(user=bob, meeting=meeting, coordinators=[suzuki])
    meeting_join(user=carol, meeting=meeting, coordinators=[ito])
    counts = council_counts(FIRST_HALF)
    assert Meeting.objects.count() == 1
    assert dict(counts["by_kind"]) == {"SC連携会議": 1}
    assert counts["attendances"] == 3
    assert sorted(a.center.name for a in Activity.objects.all()) == [
        "センターA",
        "センターB",
        "高齢者支援課",
    ]


def test_a_second_session_that_day_is_an_explicit_choice(alice, sato, councils):
    record(alice, councils["link"], [sato], agenda="午前の部")
    record(alice, councils["link"], [sato], agenda="午後の部", separate=True)
    assert dict(council_counts(FIRST_HALF)["by_kind"]) == {"SC連携会議": 2}


def test_the_form_shows_the_meeting_of_that_day_and_offers_to_join(
    client_for, alice, bob, sato, suzuki, councils
):
    link = councils["link"]
    meeting = record(alice, link, [sato], agenda="SCの情報交換", summary="A地区の個別事例")
    form = {"council": link.pk, "date": "R6.6.12", "coordinators": [suzuki.pk], "agenda": "連携"}
    client = client_for(bob)
    page = client.post(reverse("councils:meeting_create"), form).content.decode()
    assert Meeting.objects.count() == 1
    assert "この日の「SC連携会議」はすでに記録されています" in page
    assert "SCの情報交換" in page  # council, date and 議題 only …
    assert "A地区の個別事例" not in page  # … nothing more until センターB has joined
    assert reverse("councils:meeting_join", args=[meeting.pk]) in page
    assert "別の会議として記録" in page
    assert client.get(meeting.get_absolute_url()).status_code == 404

    join = client.post(reverse("councils:meeting_join", args=[meeting.pk]), form)
    assert join["Location"] == meeting.get_absolute_url()
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert Meeting.objects.count() == 1
    assert Activity.objects.filter(center__name="センターB").count() == 1

    separate = client.post(reverse("councils:meeting_create"), {**form, "separate": "1"})
    assert separate.status_code == 302
    assert Meeting.objects.count() == 2


def test_the_join_page_shows_only_council_date_and_agenda(client_for, alice, bob, sato, councils):
    meeting = record(alice, councils["link"], [sato], agenda="SCの情報交換", summary="個別事例X")
    page = client_for(bob).get(reverse("councils:meeting_join", args=[meeting.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "SCの情報交換" in text
    assert "個別事例X" not in text
    assert "佐藤 花子" not in text  # センターA's attendees are not offered to センターB


def test_each_center_changes_only_its_own_attendance(alice, bob, sato, suzuki, councils):
    meeting = record(alice, councils["link"], [sato])
    own = Activity.objects.get(center__name="センターA")
    written = own.history.count()
    meeting_join(user=bob, meeting=meeting, coordinators=[suzuki])
    assert own.history.count() == written  # joining left センターA's record as it was
    with pytest.raises(PermissionDenied, match="記録した所属（センターA）と高齢者支援課"):
        meeting_update(user=bob, meeting=meeting, agenda="乗っ取り")
    with pytest.raises(ValidationError, match="他の所属の出席は、その所属が記録します"):
        meeting_update(user=alice, meeting=meeting, coordinators=[sato, suzuki])
    # センターA changes the meeting and its own attendees; センターB's stay
    meeting_update(user=alice, meeting=meeting, coordinators=[sato], agenda="見守りの連携")
    assert sorted(c.name for c in meeting.coordinators.all()) == ["佐藤 花子", "鈴木 健一"]
    assert Activity.objects.get(center__name="センターB").description.endswith("見守りの連携")


def test_the_recording_center_cannot_delete_what_others_attend(
    alice, bob, carol, sato, suzuki, councils
):
    meeting = record(alice, councils["link"], [sato])
    meeting_join(user=bob, meeting=meeting, coordinators=[suzuki])
    with pytest.raises(PermissionDenied, match="他の所属（センターB）も出席を記録"):
        meeting_delete(user=alice, meeting=meeting)
    with pytest.raises(PermissionDenied, match="削除できるのは"):
        meeting_delete(user=bob, meeting=meeting)
    meeting_delete(user=carol, meeting=meeting)
    assert not Activity.objects.exists()


def test_another_centers_staff_are_sent_to_their_attendance(
    client_for, alice, bob, sato, suzuki, councils
):
    meeting = record(alice, councils["link"], [sato])
    meeting_join(user=bob, meeting=meeting, coordinators=[suzuki])
    client = client_for(bob)
    edit = client.get(reverse("councils:meeting_update", args=[meeting.pk]))
    assert edit["Location"] == reverse("councils:meeting_join", args=[meeting.pk])
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert "自分の所属の出席を変更" in detail
    assert reverse("councils:meeting_delete", args=[meeting.pk]) not in detail


@pytest.fixture
def shared_meeting(carol, sato, suzuki, councils):
    """センターA's 地域ケア会議 (協議体相当), attended by センターA and B, raising an issue."""
    return record(carol, councils["care"], [sato, suzuki], raised_issues=["買物に行けない"])


def _removed_from_the_meeting(how, meeting, bob, carol, sato):
    if how == "division edits the attendees":
        meeting_update(user=carol, meeting=meeting, coordinators=[sato])
    else:
        meeting_join(user=bob, meeting=meeting, coordinators=[])


@pytest.mark.parametrize("how", ["division edits the attendees", "the center leaves"])
def test_a_center_removed_from_the_attendees_loses_access_count_and_rights_at_once(
    client_for, how, shared_meeting, bob, carol, sato, center_b
):
    issue = RegionalIssue.objects.get(title="買物に行けない")
    assert council_counts(FIRST_HALF, center=center_b)["tier2_equivalent"] == 1
    assert may_change_issue(bob, issue)

    _removed_from_the_meeting(how, shared_meeting, bob, carol, sato)

    client = client_for(bob)
    assert client.get(shared_meeting.get_absolute_url()).status_code == 404
    assert not meetings_for_user(bob).exists()
    assert council_counts(FIRST_HALF, center=center_b)["tier2_equivalent"] == 0
    assert council_counts(FIRST_HALF, center=center_b)["issues_by_stage"][0][1] == 0
    assert not may_change_issue(bob, issue)
    page = client.get(issue.get_absolute_url()).content.decode()
    assert 'name="stage"' not in page  # no move offered …
    with pytest.raises(PermissionDenied):  # … and none taken
        issue_advance(user=bob, issue=issue, stage=Stage.GATHERED, date=date(2024, 7, 1))
    assert council_counts(FIRST_HALF)["attendances"] == 1


def test_leaving_when_nobody_else_attends_is_refused(alice, sato, councils):
    meeting = record(alice, councils["link"], [sato])
    with pytest.raises(ValidationError, match="出席者がいなくなります"):
        meeting_join(user=alice, meeting=meeting, coordinators=[])
    assert Activity.objects.count() == 1


def test_a_deleted_meetings_issues_count_nowhere(client_for, alice, sato, councils, center_a):
    meeting = record(alice, councils["care"], [sato], raised_issues=["集いの場が足りない"])
    issue = RegionalIssue.objects.get()
    issue_advance(user=alice, issue=issue, stage=Stage.GATHERED, date=date(2024, 6, 20))
    before = dict(council_counts(FIRST_HALF)["issues_by_stage"])
    assert (before[Stage.RAISED], before[Stage.GATHERED]) == (1, 1)

    meeting_delete(user=alice, meeting=meeting)

    for center in (None, center_a):
        counts = council_counts(FIRST_HALF, center=center)
        assert [n for _stage, n in counts["issues_by_stage"]] == [0] * len(Stage)
    client = client_for(alice)
    assert (
        "集いの場が足りない" not in client.get(reverse("councils:issue_pipeline")).content.decode()
    )
    assert client.get(issue.get_absolute_url()).status_code == 404
