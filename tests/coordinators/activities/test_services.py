"""Activity records: where they count, who may write them, and closed half-years on every path."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from coordinators.activities.services import (
    activities_copy_forward,
    activity_copy,
    activity_delete,
    activity_update,
    template_create_from_activity,
    template_delete,
    templates_apply,
)
from coordinators.closing import half_year_close, half_year_reopen
from coordinators.demo.categories import SeededCategory
from coordinators.models import Activity, ActivityForm
from tests.builders import DAY, record, record_meeting
from tests.factories import AssignmentFactory

# Their weeks are 令和6年度 weeks, entered in that season (no far-week question).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("season_2024")]


def test_center_and_tier_come_from_the_assignment_on_the_date(alice, sato, center_a, center_b):
    activity = record(alice, [sato])
    assert (activity.center, activity.tier) == (center_a, 2)
    assert activity.recorded_by == alice
    assert list(activity.coordinators.all()) == [sato]


def test_a_moved_coordinators_old_records_keep_the_old_center(carol, center_a, center_b):
    nakamura = AssignmentFactory(
        center=center_a, start_date=date(2021, 4, 1), end_date=date(2023, 3, 31)
    ).coordinator
    AssignmentFactory(coordinator=nakamura, center=center_b, start_date=date(2023, 4, 1))
    before = record(carol, [nakamura], day=date(2023, 3, 31))
    after = record(carol, [nakamura], day=date(2023, 4, 1))
    assert (before.center, after.center) == (center_a, center_b)


def test_coordinator_without_assignment_on_the_date_is_refused(alice, sato):
    with pytest.raises(ValidationError, match="令和2年3月31日にどの所属にもいません"):
        record(alice, [sato], day=date(2020, 3, 31))


def test_coordinators_of_two_centers_cannot_share_one_record(carol, sato, suzuki):
    with pytest.raises(ValidationError, match="同じ所属・同じ層"):
        record(carol, [sato, suzuki])


def test_staff_cannot_record_for_another_center(alice, suzuki):
    with pytest.raises(ValidationError, match="自分の所属の担当者だけ"):
        record(alice, [suzuki])
    assert not Activity.objects.exists()


def test_tier2_support_is_refused_for_tier_2_and_accepted_for_tier_1(alice, carol, sato, ito):
    with pytest.raises(ValidationError, match="第1層の所属だけ"):
        record(alice, [sato], category=SeededCategory.TIER2_SUPPORT)
    assert record(carol, [ito], category=SeededCategory.TIER2_SUPPORT).tier == 1


@pytest.mark.parametrize(("minutes", "ok"), [(0, False), (1, True), (1440, True), (1441, False)])
def test_duration_must_be_within_a_day(alice, sato, minutes, ok):
    if ok:
        assert record(alice, [sato], duration_minutes=minutes).duration_minutes == minutes
    else:
        with pytest.raises(ValidationError, match="所要時間"):
            record(alice, [sato], duration_minutes=minutes)


def test_soft_delete_keeps_the_row_and_counts_it_nowhere(alice, sato):
    activity = record(alice, [sato])
    activity_delete(user=alice, activity=activity)
    assert not Activity.objects.exists()
    stored = Activity.all_objects.get(pk=activity.pk)
    assert stored.deleted_by == alice
    assert stored.deleted_at is not None


def test_staff_cannot_change_or_delete_another_centers_activity(alice, carol, suzuki):
    activity = record(carol, [suzuki])
    with pytest.raises(PermissionDenied):
        activity_update(user=alice, activity=activity, description="乗っ取り")
    with pytest.raises(PermissionDenied):
        activity_delete(user=alice, activity=activity)


def test_copy_forward_creates_next_weeks_copies(alice, sato):
    first = record(alice, [sato], description="家族介護者サロン")
    second = record(alice, [sato], day=DAY + timedelta(days=1), description="運営会議")
    copies = activities_copy_forward(user=alice, activities=[first, second])
    assert [c.date for c in copies] == [DAY + timedelta(days=7), DAY + timedelta(days=8)]
    assert [c.description for c in copies] == ["家族介護者サロン", "運営会議"]
    assert list(copies[0].coordinators.all()) == [sato]


def test_template_applied_to_a_week_lands_on_its_weekday(alice, sato):
    tuesday = record(alice, [sato], day=DAY + timedelta(days=1), description="家族介護者サロン")
    template = template_create_from_activity(user=alice, activity=tuesday, name="毎週火曜 サロン")
    created = templates_apply(user=alice, templates=[template], monday=date(2024, 7, 1))
    assert created[0].date == date(2024, 7, 2)
    assert created[0].description == "家族介護者サロン"


# Where a record came from, and a meeting's activities (issue 14).


def test_a_copy_records_the_activity_it_was_copied_from(alice, sato):
    salon = record(alice, [sato], description="家族介護者サロン")
    typed = record(alice, [sato], day=DAY + timedelta(days=1))
    to_friday = activity_copy(user=alice, activity=salon, to_date=DAY + timedelta(days=4))
    forward = activities_copy_forward(user=alice, activities=[salon])[0]
    assert (to_friday.copied_from, forward.copied_from) == (salon, salon)
    assert list(salon.copies.order_by("date")) == [to_friday, forward]
    assert (typed.copied_from, typed.template) == (None, None)


def test_an_applied_template_records_the_template(alice, sato):
    tuesday = record(alice, [sato], day=DAY + timedelta(days=1), description="家族介護者サロン")
    template = template_create_from_activity(user=alice, activity=tuesday, name="毎週火曜 サロン")
    created = templates_apply(user=alice, templates=[template], monday=date(2024, 7, 1))
    assert (created[0].template, created[0].copied_from) == (template, None)
    assert list(template.activities.all()) == created


def test_deleting_an_applied_template_keeps_its_activities(alice, sato):
    tuesday = record(alice, [sato], day=DAY + timedelta(days=1))
    template = template_create_from_activity(user=alice, activity=tuesday, name="毎週火曜 サロン")
    created = templates_apply(user=alice, templates=[template], monday=date(2024, 7, 1))[0]
    template_delete(user=alice, template=template)
    created.refresh_from_db()
    assert (created.date, created.template) == (date(2024, 7, 2), None)
    assert Activity.objects.count() == 2


def test_a_meetings_activity_is_neither_copied_nor_made_a_template(
    alice, sato, care_meeting_council
):
    meeting = record_meeting(alice, care_meeting_council, [sato], day=DAY + timedelta(days=2))
    activity = meeting.activities.get()
    with pytest.raises(ValidationError, match="会議の活動記録はコピーできません。"):
        activity_copy(user=alice, activity=activity, to_date=DAY + timedelta(days=9))
    with pytest.raises(ValidationError, match="会議の活動記録はコピーできません。"):
        activities_copy_forward(user=alice, activities=[activity])
    with pytest.raises(ValidationError, match="会議の活動記録はテンプレートにできません。"):
        template_create_from_activity(user=alice, activity=activity, name="毎週水曜 会議")
    assert Activity.objects.count() == 1
    assert not activity.center.activity_templates.exists()


def test_copy_forward_of_a_meeting_and_a_visit_copies_neither(alice, sato, care_meeting_council):
    visit = record(alice, [sato])
    meeting = record_meeting(alice, care_meeting_council, [sato], day=DAY + timedelta(days=2))
    with pytest.raises(ValidationError):
        activities_copy_forward(user=alice, activities=[visit, meeting.activities.get()])
    assert Activity.objects.count() == 2


# Closed half-years: every write path is refused with who and when.


@pytest.fixture
def closed_r6_first_half(carol, center_a):
    return half_year_close(user=carol, fiscal_year=2024, half=1, center=center_a)


def test_closing_refuses_create_with_which_half_since_when_and_by_whom(
    alice, sato, closed_r6_first_half
):
    closed_r6_first_half.closed_by.last_name = "高齢者支援課 山田"
    closed_r6_first_half.closed_by.save()
    with pytest.raises(ValidationError) as error:
        record(alice, [sato])
    message = " ".join(error.value.messages)
    today = timezone.localdate()
    assert "令和6年度上半期（センターA）" in message
    assert f"{today.month}月{today.day}日に高齢者支援課 山田さんが締めた" in message


@pytest.mark.parametrize(
    "boundary", [date(2024, 4, 1), date(2024, 9, 30)], ids=["first-day", "last-day"]
)
def test_closing_covers_the_whole_half_year(alice, sato, closed_r6_first_half, boundary):
    with pytest.raises(ValidationError, match="締めた"):
        record(alice, [sato], day=boundary)


@pytest.mark.parametrize(
    "outside", [date(2024, 3, 31), date(2024, 10, 1)], ids=["day-before", "day-after"]
)
def test_days_outside_the_closed_half_stay_open(alice, sato, closed_r6_first_half, outside):
    assert record(alice, [sato], day=outside).date == outside


def test_closing_refuses_update_delete_and_moving_in_or_out(alice, carol, sato, center_a):
    inside = record(alice, [sato])
    outside = record(alice, [sato], day=date(2024, 10, 7))
    half_year_close(user=carol, fiscal_year=2024, half=1, center=center_a)
    with pytest.raises(ValidationError, match="締めた"):
        activity_update(user=alice, activity=inside, description="変更")
    with pytest.raises(ValidationError, match="締めた"):
        activity_update(user=alice, activity=inside, date=date(2024, 10, 8))
    with pytest.raises(ValidationError, match="締めた"):
        activity_update(user=alice, activity=outside, date=date(2024, 9, 30))
    with pytest.raises(ValidationError, match="締めた"):
        activity_delete(user=alice, activity=inside)
    with pytest.raises(ValidationError, match="締めた"):
        activity_copy(user=alice, activity=outside, to_date=date(2024, 9, 2))
    inside.refresh_from_db()
    assert inside.description == "サロン訪問"
    assert Activity.objects.count() == 2


def test_closing_for_all_centers_applies_to_each(alice, carol, sato):
    half_year_close(user=carol, fiscal_year=2024, half=1, center=None)
    with pytest.raises(ValidationError, match="（全所属）"):
        record(alice, [sato])


def test_closing_one_center_leaves_the_others_open(alice, carol, sato, suzuki, center_b):
    half_year_close(user=carol, fiscal_year=2024, half=1, center=center_b)
    assert record(alice, [sato]).center.name == "センターA"
    with pytest.raises(ValidationError):
        record(carol, [suzuki])


def test_reopening_allows_writes_again(alice, carol, sato, closed_r6_first_half):
    with pytest.raises(ValidationError, match="再開の理由を書いてください"):
        half_year_reopen(user=carol, closing=closed_r6_first_half, reason=" ")
    half_year_reopen(user=carol, closing=closed_r6_first_half, reason="入力漏れの修正")
    assert record(alice, [sato]).date == DAY


def test_only_the_division_closes(alice):
    with pytest.raises(PermissionDenied):
        half_year_close(user=alice, fiscal_year=2024, half=1)


def test_copy_last_week_into_a_closed_half_creates_none(alice, carol, sato, center_a):
    last = record(alice, [sato], day=date(2024, 9, 27))
    half_year_close(user=carol, fiscal_year=2024, half=2, center=center_a)
    with pytest.raises(ValidationError):
        activities_copy_forward(user=alice, activities=[last])
    assert Activity.objects.count() == 1


def test_closed_half_refused_on_the_week_page_at_the_date_field(
    client_for, alice, sato, visit, closed_r6_first_half
):
    response = client_for(alice).post(
        reverse("coordinators:activity_create"),
        {
            "date": DAY.isoformat(),
            "category": 2,
            "form": visit.pk,
            "coordinators": [sato.pk],
            "description": "サロン訪問",
        },
    )
    assert response.status_code == 200
    assert "令和6年度上半期（センターA）" in response.content.decode()
    assert not Activity.objects.exists()


def test_admin_closes_a_half_and_cannot_write_activities(
    client_for, dave, alice, sato, carol, center_a
):
    activity = record(alice, [sato])
    client = client_for(dave)
    response = client.post(
        "/admin/coordinators/halfyearclosing/add/",
        {"fiscal_year": 2024, "half": 1, "center": center_a.pk},
    )
    assert response.status_code == 302
    # admin offers no way to write activities around the services
    assert client.get(f"/admin/coordinators/activity/{activity.pk}/change/").status_code == 200
    assert (
        client.post(
            f"/admin/coordinators/activity/{activity.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert client.get("/admin/coordinators/activity/add/").status_code == 403
    with pytest.raises(ValidationError, match="締めた"):
        record(alice, [sato])


def test_admin_refuses_closing_the_same_half_twice(client_for, dave, center_a):
    client = client_for(dave)
    data = {"fiscal_year": 2024, "half": 1, "center": center_a.pk}
    assert client.post("/admin/coordinators/halfyearclosing/add/", data).status_code == 302
    response = client.post("/admin/coordinators/halfyearclosing/add/", data)
    assert "すでに締めています" in response.content.decode()


def test_other_coordinator_is_not_offered(client_for, alice, sato, suzuki):
    page = client_for(alice).get(reverse("home") + f"?date={DAY.isoformat()}").content.decode()
    assert "佐藤 花子" in page
    assert "鈴木 健一" not in page


def test_other_center_via_url_is_404_for_staff(client_for, alice, center_b):
    response = client_for(alice).get(reverse("home") + f"?center={center_b.pk}")
    assert response.status_code == 404


def test_whether_a_record_is_a_visit_is_fixed_when_it_is_written(alice, sato):
    visit = ActivityForm.objects.get(name="訪問")
    first = record(alice, [sato])
    assert first.counts_as_visit
    ActivityForm.objects.filter(pk=visit.pk).update(counts_as_visit=False)
    first.refresh_from_db()
    assert first.counts_as_visit  # written as a visit, still one
    assert not record(alice, [sato], description="後の記録").counts_as_visit
    # Written again (its half-year open), it counts as its form says now.
    activity_update(user=alice, activity=first, description="書き直し")
    first.refresh_from_db()
    assert not first.counts_as_visit
