"""The week page builder: which 所属 and week a request asks for, the entry form, and the page
with the week's records, last week's (which of them are already copied, which are a meeting's),
templates, consultations and the running totals."""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from coordinators import periods
from coordinators.activities.forms import ActivityEntryForm
from coordinators.activities.schedules import dues_in, schedule_label
from coordinators.activities.selectors import (
    activities_for_user,
    activity_lines_for_user,
    attach_coordinator_names,
    attach_meetings,
    category_counts_in,
    default_center_for_user,
    held_by_a_meeting,
    recording_centers_for_user,
    templates_for_center,
    week_entries_for_user,
)
from coordinators.activities.services import shared_fields
from coordinators.consultations.forms import quick_consultation_form
from coordinators.consultations.selectors import week_consultations_for_user
from coordinators.forms import own_or_only_person
from coordinators.ids import ascii_id
from coordinators.models import Activity, Category, Repeat, RepeatMonths
from coordinators.organisation.selectors import coordinators_during
from coordinators.periods import (
    PeriodParseError,
    fiscal_year_label,
    fiscal_year_of,
    half_year_so_far,
    parse_date,
    wareki_date,
    week_days,
    week_start,
)
from coordinators.recordkeeping.single_submission import TOKEN_FIELD

from .rows import WeekRows

CONFIRM_FIELD = "confirm"


def week_range():
    """(first, last) date whose week the page opens on: the record range
    (periods.record_date_range, 平成27年4月1日 to the end of next fiscal year), so every week
    shown can take records and none runs past the calendar (9999-12-31's week ends in year
    10000, issue 15)."""
    return periods.record_date_range()


def read_day(value, default):
    """The day a request asks for (`?date=` as 2024-06-10, R6.6.10 or any form parse_date
    reads) -> (date, None), or (default, the Japanese message why not) when it is unreadable or
    outside week_range. An empty value is (default, None). Never raises."""
    if not value:
        return default, None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        try:
            day = parse_date(value)
        except PeriodParseError as error:
            return default, f"{error} {wareki_date(default)}の週を表示しています。"
    first, last = week_range()
    if not first <= day <= last:
        return default, (
            f"「{value}」の週は開けません。{periods.date_range_message(first, last)}"
            f"{wareki_date(default)}の週を表示しています。"
        )
    return day, None


def parse_day(value, default):
    """The day a post names (see read_day), or `default` when it names none the page opens."""
    return read_day(value, default)[0]


def center_from_request(request):
    """The 所属 whose week is shown: staff always their own; the division may pick any.
    Http404 for an id that is not ASCII digits ("²", issue 15) or not among the login's."""
    source = request.POST if request.method == "POST" else request.GET
    centers = recording_centers_for_user(request.user)
    wanted = source.get("center") or request.GET.get("center")
    if wanted:
        pk = ascii_id(wanted)
        if pk is None:
            raise Http404("所属が見つかりません。")
        return get_object_or_404(centers, pk=pk)
    return default_center_for_user(request.user)


def far_week_question(request, targets):
    """The question the week page asks before a post saves records on `targets` (dates) when
    one of them lies outside this fiscal year and the previous one and the post is not
    confirmed (confirm=1) -> a Japanese message, or None to go ahead. A year typed wrong (R6
    for R8) or a week reached by mistake with the date picker is the likelier story
    (issue 15). Imports never ask: this is the week page's rule, not the services'."""
    if request.POST.get(CONFIRM_FIELD) == "1":
        return None
    first, last = periods.record_date_range()
    # A date outside the record range is left to the services, which refuse it with the range.
    far = sorted(
        {day for day in targets if first <= day <= last and not periods.in_recent_fiscal_years(day)}
    )
    if not far:
        return None
    shown = "、".join(wareki_date(day) for day in far[:3]) + ("ほか" if len(far) > 3 else "")
    years = "・".join(dict.fromkeys(fiscal_year_label(fiscal_year_of(day)) for day in far))
    this_year = fiscal_year_label(fiscal_year_of(periods.today()))
    return (
        f"{shown}（{years}）に登録しようとしています。今年度は{this_year}です。"
        "日付が正しければ「この日付で登録する」を押してください。まだ何も登録していません。"
    )


def confirmation(request, question):
    """What week.html needs to ask `question`: the message, where the confirming form posts
    (the URL just posted to) and the posted fields to send again (csrf and one-time tokens
    are drawn anew by the form itself)."""
    skipped = {"csrfmiddlewaretoken", TOKEN_FIELD, CONFIRM_FIELD}
    return {
        "message": question,
        "action": request.get_full_path(),
        "fields": [
            (name, value)
            for name, values in request.POST.lists()
            if name not in skipped
            for value in values
        ],
    }


def copy_candidates(user, center):
    """What "先週の記録をコピー" may copy: the 所属's live activities the login sees, without a
    meeting's (copying one would count a meeting that never met, issue 14) -> QuerySet[Activity]."""
    return activities_for_user(user).filter(center=center).exclude(held_by_a_meeting())


def last_week_entries(user, center, days):
    """Last week's activities for the copy list -> [Activity], each with `of_meeting` (shown
    but not offered) and `copied` (a live copy already lies in this week: shown 「コピー済」 and
    not ticked, so copying twice counts nothing twice, issue 14). Two subqueries, no loop;
    their `meeting_list` is left to attach_meetings."""
    return list(
        activity_lines_for_user(user)
        .filter(center=center, date__range=(days[0] - timedelta(7), days[-1] - timedelta(7)))
        .annotate(
            copied=Exists(
                Activity.objects.filter(copied_from=OuterRef("pk"), date__range=(days[0], days[-1]))
            ),
        )
        .order_by("date", "start_time", "pk")
    )


def week_url(center, day, **extra):
    params = {"center": center.pk, "date": day.isoformat(), **extra}
    return f"{reverse('coordinators:week')}?{urlencode(params)}"


LAST_CATEGORY = "week_last_category"


def template_initial(template):
    """The entry form's values for recording `template` (an ActivityTemplate)."""
    return {
        **shared_fields(template),
        "template": template.pk,
        "resource": template.resource.name if template.resource_id else "",
        "coordinators": [c.pk for c in template.coordinators.all()],
        "tier": template.tier,  # asked only where someone holds two tiers here (issue 20)
    }


def entry_form(
    request, center, days, data=None, instance=None, day=None, autofocus=True, template=None
):
    """The week page's entry form (instance given: the in-place edit form, prefix edit-). A
    new entry starts on `day`, with the 区分 of the login's last saved entry (issue 18) and its
    own 担当者 ticked (or the only one)."""
    initial = {}
    if instance is None:
        initial["date"] = (day or days[0]).isoformat()
        initial["category"] = request.session.get(LAST_CATEGORY)
    if template is not None:  # 「調整して記録」: the scheduled entry, to change before saving
        initial.update(template_initial(template))
    form = ActivityEntryForm(
        data,
        instance=instance,
        initial=initial,
        center=center,
        templates=templates_for_center(center),
        days=days,
        coordinators=coordinators_during(center, days[0], days[-1]),
        prefix="edit" if instance is not None else None,
    )
    if instance is None and template is None:
        person = own_or_only_person(form.fields["coordinators"], request.user)
        if person is not None:
            form.initial["coordinators"] = [person]
    if autofocus:
        form.fields["date"].widget.attrs["autofocus"] = True
    return form


def render_week(
    request,
    center,
    day,
    *,
    form=None,
    edit_form=None,
    edit_activity=None,
    consultation_form=None,
    confirm=None,
):
    """The week page of `center` holding `day`. confirm: from confirmation(), a question asked
    above the forms before anything is saved (status 200, so a one-time token is not spent)."""
    monday = week_start(day)
    days = week_days(monday)
    first, last = week_range()
    activities = list(
        week_entries_for_user(request.user)
        .filter(center=center, date__range=(days[0], days[-1]))
        .order_by("date", "start_time", "pk")
    )
    by_day = [(d, [a for a in activities if a.date == d]) for d in days]
    last_week = last_week_entries(request.user, center, days)
    attach_meetings(activities + last_week)  # both weeks' in one query
    attach_coordinator_names(activities)
    half_start, half_end = half_year_so_far(days[-1])
    counts = category_counts_in(
        activities_for_user(request.user).filter(center=center),
        week=(days[0], days[-1]),
        half=(half_start, half_end),
    )
    week_counts, half_counts = counts["week"], counts["half"]
    categories = list(Category.objects.for_tier(center.tier))
    # a 区分 since closed to this tier or made inactive still has its records counted here
    others = (set(week_counts) | set(half_counts)) - {c.number for c in categories}
    if others:
        categories += list(Category.objects.filter(pk__in=others))
    templates = list(templates_for_center(center))
    for template in templates:
        template.schedule = schedule_label(template)
    # what the week's schedule holds, from the activities already read (no query of its own)
    dues = dues_in(templates, days, {a.template_id for a in activities if a.template_id})
    # last week's records made from a template come from the schedule, not the copy: unticked
    for entry in last_week:
        entry.scheduled = entry.template_id is not None
    # each record's row written once here, in Python (rows.py, issue 22); the record being
    # changed is drawn by week.html around its edit form
    rows = WeekRows(request, center, more_id=ascii_id(request.GET.get("more", "")))
    for activity in activities:
        if edit_activity is None or activity.pk != edit_activity.pk:
            activity.row = rows.entry(activity)
    for entry in last_week:
        entry.row = rows.last_week_item(entry)
    # Only what is counted (route, type, topics, outcome) is listed here: no personal data,
    # so the week page needs no access record.
    week_consultations = (
        week_consultations_for_user(request.user)
        .filter(center=center, received_on__range=(days[0], days[-1]))
        .order_by("received_on", "pk")
    )
    context = {
        "center": center,
        "centers": recording_centers_for_user(request.user),
        "day": day,
        "days": days,
        "monday": monday,
        "by_day": by_day,
        "last_week": last_week,
        "last_week_copied": any(a.copied for a in last_week),
        "last_week_scheduled": any(a.scheduled for a in last_week),
        "last_week_meetings": any(a.of_meeting for a in last_week),
        "form": form or entry_form(request, center, days, day=day, autofocus=edit_form is None),
        "edit_form": edit_form,
        "edit_activity": edit_activity,
        "templates": templates,
        "dues": dues,
        "dues_open": any(not due.recorded for due in dues),
        "repeat_choices": Repeat.choices,
        "months_choices": RepeatMonths.choices,
        "consultation_form": consultation_form
        or quick_consultation_form(request.user, center, days, day=day),
        "week_consultations": week_consultations,
        "totals": [
            (category, week_counts.get(category.number, 0), half_counts.get(category.number, 0))
            for category in categories
        ],
        # every record of the 所属 counts, also one of a 区分 since closed to its tier
        "week_total": sum(week_counts.values()),
        "half_total": sum(half_counts.values()),
        "half_start": half_start,
        # No arrow leads out of the weeks the page opens on.
        "prev_url": week_url(center, monday - timedelta(7)) if monday > first else None,
        "next_url": week_url(center, monday + timedelta(7)) if days[-1] < last else None,
        "this_week_url": week_url(center, periods.today()),
        "today": periods.today(),
        "first_day": first,
        "last_day": last,
        "confirm": confirm,
    }
    return render(request, "coordinators/week.html", context)
