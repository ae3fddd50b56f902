"""Recurring work comes to the user (issue 18): templates due 毎週火曜, 第2・第4水曜, 偶数月20日,
listed on the week page on their days (a 祝日 marked, not skipped) and recorded with one
action; 「調整して記録」 opens the entry form filled in."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coordinators.activities.schedules import dues_in, is_due, schedule_label, validate_schedule
from coordinators.activities.services import template_create_from_activity
from coordinators.models import Activity, ActivityTemplate, Repeat, RepeatMonths
from tests.builders import make
from tests.page_forms import form_on, post_data

pytestmark = pytest.mark.django_db


def template(**schedule):
    return ActivityTemplate(name="t", weekday=schedule.pop("weekday", 1), **schedule)


def days_from(monday):
    return [monday + timedelta(days=n) for n in range(7)]


def test_weekly_on_its_weekday():
    weekly = template(weekday=1)
    assert [d.day for d in days_from(date(2026, 12, 7)) if is_due(weekly, d)] == [8]
    assert schedule_label(weekly) == "毎週火曜"


def test_second_and_fourth_wednesday():
    nth = template(weekday=2, repeat=Repeat.NTH_WEEKDAY, weeks_of_month="2,4")
    december = [date(2026, 12, day) for day in range(1, 32)]
    assert [d.day for d in december if is_due(nth, d)] == [9, 23]
    assert schedule_label(nth) == "第2・第4水曜"


def test_twentieth_of_even_months_and_month_end():
    even = template(repeat=Repeat.DAY_OF_MONTH, day_of_month=20, months=RepeatMonths.EVEN)
    assert is_due(even, date(2026, 12, 20))
    assert not is_due(even, date(2026, 11, 20))
    assert schedule_label(even) == "偶数月20日"
    month_end = template(repeat=Repeat.DAY_OF_MONTH, day_of_month=31)
    assert is_due(month_end, date(2026, 11, 30))
    assert schedule_label(month_end) == "毎月末日"


def test_a_due_day_on_a_holiday_is_marked_not_skipped():
    monday = template(weekday=0)
    monday.pk = 1
    (due,) = dues_in([monday], days_from(date(2026, 11, 23)), recorded=set())
    assert (due.day, due.holiday, due.recorded) == (date(2026, 11, 23), "勤労感謝の日", False)


@pytest.mark.parametrize(
    ("schedule", "field"),
    [
        ({"repeat": Repeat.NTH_WEEKDAY, "weeks_of_month": ""}, "weeks_of_month"),
        ({"repeat": Repeat.NTH_WEEKDAY, "weeks_of_month": "2,6"}, "weeks_of_month"),
        ({"repeat": Repeat.DAY_OF_MONTH, "day_of_month": None}, "day_of_month"),
    ],
)
def test_an_incomplete_schedule_is_refused_at_its_field(schedule, field):
    with pytest.raises(ValidationError) as refused:
        validate_schedule(template(**schedule))
    assert field in refused.value.message_dict


@pytest.fixture
def salon(alice, sato, season_2024):
    tuesday = make(alice, sato, day=date(2024, 6, 11), description="家族介護者サロン")
    tuesday.start_time = time(10, 0)
    saved = template_create_from_activity(user=alice, activity=tuesday, name="サロン")
    return saved


def week(day):
    return reverse("coordinators:week") + f"?date={day.isoformat()}"


def test_the_week_lists_what_is_due_and_records_it_with_one_action(client_for, alice, salon):
    client = client_for(alice)
    page = client.get(week(date(2024, 6, 17))).content.decode()
    assert "6/18（火）" in page
    assert f'name="template" value="{salon.pk}" checked' in page

    apply = {"date": "2024-06-17", "template": [salon.pk]}
    client.post(reverse("coordinators:templates_apply"), apply)
    client.post(reverse("coordinators:templates_apply"), apply)  # again: nothing twice

    made = Activity.objects.filter(template=salon)
    assert [a.date for a in made] == [date(2024, 6, 18)]
    assert "記録済" in client.get(week(date(2024, 6, 17))).content.decode()


def test_adjust_and_record_fills_the_form_and_keeps_the_link(client_for, alice, salon):
    client = client_for(alice)
    url = week(date(2024, 6, 25)) + f"&template={salon.pk}"
    form = client.get(url).context["form"]
    assert form["description"].value() == "家族介護者サロン"
    assert form["template"].value() == salon.pk
    assert form["date"].value() == "2024-06-25"

    entry = form_on(client, url, reverse("coordinators:activity_create"))
    data = post_data(entry.values(description="家族介護者サロン（今回は12名）"))
    assert client.post(reverse("coordinators:activity_create"), data).status_code == 302
    assert Activity.objects.get(date=date(2024, 6, 25)).template == salon


def test_the_schedule_is_changed_on_the_week_page(client_for, alice, salon):
    client = client_for(alice)
    change = {
        "date": "2024-06-17",
        "repeat": "nth",
        "weekday": "2",
        "weeks_of_month": "2,4",
        "months": "all",
    }
    done = client.post(reverse("coordinators:template_schedule", args=[salon.pk]), change)
    assert "第2・第4水曜" in client.get(done.url).content.decode()

    change["weeks_of_month"] = "第9"
    refused = client.post(reverse("coordinators:template_schedule", args=[salon.pk]), change)
    assert "1から5の数字" in client.get(refused.url).content.decode()
    salon.refresh_from_db()
    assert salon.weeks_of_month == "2,4"


def test_an_entry_moved_to_another_day_is_that_week_s_occurrence(client_for, alice, salon):
    """「調整して記録」 on Wednesday for Tuesday's salon: the schedule counts it recorded and
    records nothing more (review of issue 18)."""
    client = client_for(alice)
    url = week(date(2024, 6, 24)) + f"&template={salon.pk}"
    entry = form_on(client, url, reverse("coordinators:activity_create"))
    data = post_data(entry.values(date="2024-06-26"))
    client.post(reverse("coordinators:activity_create"), data)

    apply = {"date": "2024-06-24", "template": [salon.pk]}
    client.post(reverse("coordinators:templates_apply"), apply)
    assert [a.date for a in Activity.objects.filter(template=salon)] == [date(2024, 6, 26)]
    assert "記録済" in client.get(week(date(2024, 6, 24))).content.decode()


def test_last_week_s_scheduled_records_are_not_offered_for_copying(client_for, alice, salon):
    client = client_for(alice)
    client.post(
        reverse("coordinators:templates_apply"), {"date": "2024-06-17", "template": [salon.pk]}
    )
    salon.repeat, salon.weeks_of_month = Repeat.NTH_WEEKDAY, "2"  # not due the next week
    salon.save()
    page = client.get(week(date(2024, 6, 24))).content.decode()
    made = Activity.objects.get(template=salon)
    assert f'name="activity" value="{made.pk}" checked' not in page
    assert f'name="activity" value="{made.pk}"' in page
