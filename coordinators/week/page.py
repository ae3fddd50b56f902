"""The week page builder: which 所属 and week a request asks for, the entry form, and the page
with the week's records, last week's (which of them are already copied, which are a meeting's),
templates, consultations and the running totals."""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from coordinators.activities.forms import ActivityEntryForm
from coordinators.activities.selectors import (
    activities_for_user,
    category_counts,
    default_center_for_user,
    recording_centers_for_user,
    templates_for_center,
)
from coordinators.consultations.forms import quick_consultation_form
from coordinators.consultations.selectors import consultations_for_user
from coordinators.models import Activity, Category
from coordinators.organisation.selectors import coordinators_during
from coordinators.periods import (
    PeriodParseError,
    half_year_so_far,
    parse_date,
    today,
    week_days,
    week_start,
)
from coordinators.resources.selectors import resource_choices


def parse_day(value, default):
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        try:
            return parse_date(value)
        except PeriodParseError:
            return default


def center_from_request(request):
    """The 所属 whose week is shown: staff always their own; the division may pick any."""
    source = request.POST if request.method == "POST" else request.GET
    centers = recording_centers_for_user(request.user)
    wanted = source.get("center") or request.GET.get("center")
    if wanted:
        if not str(wanted).isdigit():
            raise Http404("所属が見つかりません。")
        return get_object_or_404(centers, pk=wanted)
    return default_center_for_user(request.user)


def _of_a_meeting():
    # Linked to a meeting that is not deleted (the councils' Meeting.activities, named here only
    # by its reverse name, since coordinators never imports councils).
    return Exists(
        Activity.all_objects.filter(
            pk=OuterRef("pk"), meetings__isnull=False, meetings__deleted_at__isnull=True
        )
    )


def copy_candidates(user, center):
    """What "先週の記録をコピー" may copy: the 所属's live activities the login sees, without a
    meeting's (copying one would count a meeting that never met, issue 14) -> QuerySet[Activity]."""
    return activities_for_user(user).filter(center=center).exclude(_of_a_meeting())


def last_week_entries(user, center, days):
    """Last week's activities for the copy list -> [Activity], each with `of_meeting` (shown
    but not offered) and `copied` (a live copy already lies in this week: shown 「コピー済」 and
    not ticked, so copying twice counts nothing twice, issue 14). Two subqueries, no loop."""
    return list(
        activities_for_user(user)
        .filter(center=center, date__range=(days[0] - timedelta(7), days[-1] - timedelta(7)))
        .annotate(
            of_meeting=_of_a_meeting(),
            copied=Exists(
                Activity.objects.filter(copied_from=OuterRef("pk"), date__range=(days[0], days[-1]))
            ),
        )
        .order_by("date", "start_time", "pk")
    )


def week_url(center, day, **extra):
    params = {"center": center.pk, "date": day.isoformat(), **extra}
    return f"{reverse('coordinators:week')}?{urlencode(params)}"


def entry_form(request, center, days, data=None, instance=None, day=None, autofocus=True):
    initial = {}
    if instance is None:
        initial["date"] = (day or days[0]).isoformat()
        own = getattr(request.user, "coordinator", None)
        coordinators = coordinators_during(center, days[0], days[-1])
        if own is not None and coordinators.filter(pk=own.pk).exists():
            initial["coordinators"] = [own.pk]
        elif len(coordinators) == 1:
            initial["coordinators"] = [coordinators[0].pk]
    form = ActivityEntryForm(
        data,
        instance=instance,
        initial=initial,
        center=center,
        days=days,
        coordinators=coordinators_during(center, days[0], days[-1]),
        prefix="edit" if instance is not None else None,
    )
    if autofocus:
        form.fields["date"].widget.attrs["autofocus"] = True
    return form


def render_week(
    request, center, day, *, form=None, edit_form=None, edit_activity=None, consultation_form=None
):
    monday = week_start(day)
    days = week_days(monday)
    activities = list(
        activities_for_user(request.user)
        .filter(center=center, date__range=(days[0], days[-1]))
        .order_by("date", "start_time", "pk")
    )
    by_day = [(d, [a for a in activities if a.date == d]) for d in days]
    last_week = last_week_entries(request.user, center, days)
    half_start, half_end = half_year_so_far(days[-1])
    week_counts = category_counts(
        activities_for_user(request.user).filter(center=center, date__range=(days[0], days[-1]))
    )
    half_counts = category_counts(
        activities_for_user(request.user).filter(center=center, date__range=(half_start, half_end))
    )
    categories = Category.for_tier(center.tier)
    # Only what is counted (route, type, topics, outcome) is listed here: no personal data,
    # so the week page needs no access record.
    week_consultations = (
        consultations_for_user(request.user)
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
        "last_week_meetings": any(a.of_meeting for a in last_week),
        "form": form or entry_form(request, center, days, day=day, autofocus=edit_form is None),
        "edit_form": edit_form,
        "edit_activity": edit_activity,
        "templates": templates_for_center(center),
        "consultation_form": consultation_form
        or quick_consultation_form(request.user, center, days, day=day),
        "week_consultations": week_consultations,
        "resources": resource_choices(),
        "totals": [
            (category, week_counts[category.value], half_counts[category.value])
            for category in categories
        ],
        "week_total": sum(week_counts[c.value] for c in categories),
        "half_total": sum(half_counts[c.value] for c in categories),
        "half_start": half_start,
        "prev_url": week_url(center, monday - timedelta(7)),
        "next_url": week_url(center, monday + timedelta(7)),
        "this_week_url": week_url(center, today()),
        "today": today(),
    }
    return render(request, "coordinators/week.html", context)
