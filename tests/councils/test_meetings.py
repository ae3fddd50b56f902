"""Meetings: one record, one activity per attending 所属, kept in step; and who may see them."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coordinators.activities.services import activity_delete, activity_update
from coordinators.closing import half_year_close
from coordinators.demo.categories import SeededCategory
from coordinators.models import AccessRecord, Activity
from coordinators.periods import Period
from councils.models import Council, CouncilKind, CouncilTier, Meeting, Stage
from councils.selectors import council_counts
from councils.services import meeting_delete, meeting_update
from tests.builders import category_of
from tests.builders import record_meeting as record

pytestmark = pytest.mark.django_db

DAY = date(2024, 6, 12)


@pytest.fixture
def city_council(division_center):
    return Council.objects.create(
        name="地域包括ケア推進協議会",
        tier=CouncilTier.FIRST,
        kind=CouncilKind.objects.get(name="地域包括ケア推進協議会"),
        default_category_id=SeededCategory.OPERATION,
    )


def test_one_meeting_creates_one_activity_per_attending_center(
    carol, sato, suzuki, care_meeting_council
):
    meeting = record(carol, care_meeting_council, [sato, suzuki])
    activities = Activity.objects.order_by("center__name")
    assert [(a.center.name, a.category_id, a.form.name) for a in activities] == [
        ("センターA", SeededCategory.FACT_FINDING, "会議・協議体出席"),
        ("センターB", SeededCategory.FACT_FINDING, "会議・協議体出席"),
    ]
    assert set(meeting.activities.all()) == set(activities)
    assert activities[0].description.startswith("東圏域 地域ケア会議：")


def test_times_give_the_activity_duration(alice, sato, care_meeting_council):
    from datetime import time

    record(alice, care_meeting_council, [sato], start_time=time(13, 30), end_time=time(15, 0))
    assert Activity.objects.get().duration_minutes == 90


def test_end_before_start_is_refused(alice, sato, care_meeting_council):
    from datetime import time

    with pytest.raises(ValidationError, match="終了時刻は開始時刻より後"):
        record(alice, care_meeting_council, [sato], start_time=time(15), end_time=time(14))
    assert not Meeting.objects.exists()


def test_staff_cannot_record_a_meeting_their_center_did_not_attend(
    alice, sato, suzuki, care_meeting_council
):
    with pytest.raises(ValidationError, match="他の所属の出席は、その所属が記録します"):
        record(alice, care_meeting_council, [suzuki])
    with pytest.raises(ValidationError, match="鈴木 健一さんは他の所属の担当者です"):
        record(alice, care_meeting_council, [sato, suzuki])
    assert not Activity.objects.exists()


def test_changing_the_meeting_changes_its_activities(carol, sato, suzuki, care_meeting_council):
    meeting = record(carol, care_meeting_council, [sato, suzuki])
    meeting_update(
        user=carol,
        meeting=meeting,
        coordinators=[sato],
        date=date(2024, 6, 14),
        category=category_of(SeededCategory.OPERATION),
    )
    assert list(Activity.objects.values_list("center__name", "date", "category")) == [
        ("センターA", date(2024, 6, 14), SeededCategory.OPERATION)
    ]
    assert Activity.all_objects.filter(deleted_at__isnull=False).count() == 1


def test_deleting_the_meeting_removes_its_activities(carol, sato, suzuki, care_meeting_council):
    meeting = record(carol, care_meeting_council, [sato, suzuki])
    meeting_delete(user=carol, meeting=meeting)
    assert not Activity.objects.exists()
    assert not Meeting.objects.exists()


def test_a_meetings_activity_cannot_be_edited_on_its_own(alice, sato, care_meeting_council):
    record(alice, care_meeting_council, [sato])
    activity = Activity.objects.get()
    with pytest.raises(ValidationError, match="会議の画面で変更してください"):
        activity_update(user=alice, activity=activity, description="別の内容")
    with pytest.raises(ValidationError, match="会議の画面で変更してください"):
        activity_delete(user=alice, activity=activity)


def test_closed_half_year_refuses_meeting_writes(alice, carol, sato, care_meeting_council):
    meeting = record(alice, care_meeting_council, [sato])
    half_year_close(user=carol, fiscal_year=2024, half=1)
    with pytest.raises(ValidationError, match="締めた"):
        meeting_update(user=alice, meeting=meeting, agenda="変更")
    with pytest.raises(ValidationError, match="締めた"):
        meeting_delete(user=alice, meeting=meeting)
    with pytest.raises(ValidationError, match="締めた"):
        record(alice, care_meeting_council, [sato], day=date(2024, 7, 1))
    meeting.refresh_from_db()
    assert meeting.agenda == "地域の見守り"


def test_tier2_cannot_take_the_tier1_only_category(alice, sato, care_meeting_council):
    with pytest.raises(ValidationError, match="第1層の所属だけ"):
        record(alice, care_meeting_council, [sato], category=SeededCategory.TIER2_SUPPORT)


def test_meeting_pages_are_for_attending_centers_and_the_division(
    client_for, alice, bob, carol, sato, care_meeting_council
):
    meeting = record(alice, care_meeting_council, [sato], summary="個別事例の検討")
    assert client_for(bob).get(meeting.get_absolute_url()).status_code == 404
    assert (
        client_for(bob).get(reverse("councils:meeting_update", args=[meeting.pk])).status_code
        == 404
    )
    assert (
        client_for(bob).post(reverse("councils:meeting_delete", args=[meeting.pk])).status_code
        == 404
    )
    assert client_for(carol).get(meeting.get_absolute_url()).status_code == 200
    page = client_for(alice).get(meeting.get_absolute_url()).content.decode()
    assert "個別事例の検討" in page
    readers = set(
        AccessRecord.objects.filter(target=f"会議 #{meeting.pk}").values_list(
            "user__username", flat=True
        )
    )
    assert readers == {"alice", "carol"}


def test_week_pages_of_both_centers_show_the_meeting(
    client_for, alice, bob, carol, sato, suzuki, care_meeting_council
):
    record(carol, care_meeting_council, [sato, suzuki], agenda="買物支援の検討")
    url = reverse("home") + f"?date={DAY.isoformat()}"
    assert "買物支援の検討" in client_for(alice).get(url).content.decode()
    assert "買物支援の検討" in client_for(bob).get(url).content.decode()


def test_meeting_form_records_and_raises_issues(client_for, alice, sato, care_meeting_council):
    response = client_for(alice).post(
        reverse("councils:meeting_create"),
        {
            "council": care_meeting_council.pk,
            "date": "R6.6.12",
            "coordinators": [sato.pk],
            "agenda": "地域の困りごと",
            "raised": "買物に行けない高齢者が増えている\n集いの場が足りない",
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert sorted(s.issue.title for s in meeting.issue_steps.all()) == [
        "買物に行けない高齢者が増えている",
        "集いの場が足りない",
    ]
    assert all(s.stage == Stage.RAISED for s in meeting.issue_steps.all())


def test_council_counts_for_a_period_and_a_center(
    alice, carol, sato, suzuki, ito, care_meeting_council, city_council, center_a
):
    record(carol, care_meeting_council, [sato, suzuki])
    record(alice, care_meeting_council, [sato], day=date(2024, 7, 3))
    record(carol, city_council, [ito], day=date(2024, 8, 20))
    record(alice, care_meeting_council, [sato], day=date(2024, 10, 1))  # next half
    counts = council_counts(Period.for_half(2024, 1))
    assert (counts["tier1_council"], counts["tier2_equivalent"], counts["attendances"]) == (1, 2, 4)
    assert dict(counts["by_kind"]) == {"地域包括ケア推進協議会": 1, "地域ケア会議": 2}
    own = council_counts(Period.for_half(2024, 1), center=center_a)
    assert (own["tier1_council"], own["tier2_equivalent"]) == (0, 2)


def test_staff_of_an_unrelated_center_cannot_change_a_meeting(
    bob, alice, sato, care_meeting_council
):
    meeting = record(alice, care_meeting_council, [sato])
    with pytest.raises(PermissionDenied):
        meeting_update(user=bob, meeting=meeting, agenda="乗っ取り")


def test_changing_a_meeting_keeps_who_changed_it(alice, sato, care_meeting_council):
    meeting = record(alice, care_meeting_council, [sato])
    meeting_update(user=alice, meeting=meeting, agenda="見守りの体制")
    meeting.refresh_from_db()
    assert (meeting.updated_by, meeting.recorded_by) == (alice, alice)


def test_what_a_meeting_counts_as_is_fixed_when_it_is_written(alice, sato, care_meeting_council):
    meeting = record(alice, care_meeting_council, [sato])
    assert (meeting.council_tier, meeting.counts_as_equivalent) == (CouncilTier.SECOND, True)
    Council.objects.filter(pk=care_meeting_council.pk).update(
        counts_as_equivalent=False, tier=CouncilTier.FIRST
    )
    meeting.refresh_from_db()
    assert (meeting.council_tier, meeting.counts_as_equivalent) == (CouncilTier.SECOND, True)
    assert council_counts(Period.for_half(2024, 1))["tier2_equivalent"] == 1


def test_meeting_times_are_typed_as_on_the_week_page(client_for, alice, sato, care_meeting_council):
    client_for(alice).post(
        reverse("councils:meeting_create"),
        {
            "council": care_meeting_council.pk,
            "date": "R6.6.12",
            "start_time": "１３時３０分",
            "end_time": "1500",
            "coordinators": [sato.pk],
            "agenda": "見守り",
        },
    )
    assert Activity.objects.get().duration_minutes == 90


def test_the_meeting_form_offers_staff_only_their_tier_s_categories_and_ticks_their_own(
    client_for, alice, sato, councils
):
    """Issue 18: 区分 7 (2層支援, tier 1 only) was offered to tier-2 staff and refused at save;
    the login's own 担当者 was not ticked."""
    form = client_for(alice).get(reverse("councils:meeting_create")).context["form"]
    offered = [value for value, _label in form.fields["category"].choices]
    assert SeededCategory.TIER2_SUPPORT.value not in offered
    assert SeededCategory.FACT_FINDING.value in offered
    assert form["coordinators"].value() == [sato.pk]


def test_the_division_is_offered_every_category(client_for, carol, councils):
    form = client_for(carol).get(reverse("councils:meeting_create")).context["form"]
    offered = [value for value, _label in form.fields["category"].choices]
    assert SeededCategory.TIER2_SUPPORT.value in offered
