"""The week page: the screen center staff use every week, and the writes it posts."""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .activity_forms import ActivityEntryForm, activity_summary
from .activity_selectors import (
    activities_for_user,
    category_counts,
    coordinators_during,
    default_center_for_user,
    half_year_so_far,
    recording_centers_for_user,
    templates_for_center,
    week_days,
    week_start,
)
from .activity_services import (
    activities_copy_forward,
    activity_copy,
    activity_create,
    activity_delete,
    activity_update,
    template_create_from_activity,
    template_delete,
    templates_apply,
)
from .consultation_forms import quick_consultation_form
from .consultation_selectors import consultations_for_user
from .edit_conflicts import EditConflict
from .forms import WarekiDateField
from .models import Category
from .periods import PeriodParseError, parse_date
from .selectors import resource_choices, today


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


def week_url(center, day, **extra):
    params = {"center": center.pk, "date": day.isoformat(), **extra}
    return f"{reverse('coordinators:week')}?{urlencode(params)}"


def _entry_form(request, center, days, data=None, instance=None, day=None, autofocus=True):
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
    last_week = list(
        activities_for_user(request.user)
        .filter(center=center, date__range=(days[0] - timedelta(7), days[-1] - timedelta(7)))
        .order_by("date", "start_time", "pk")
    )
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
        "form": form or _entry_form(request, center, days, day=day, autofocus=edit_form is None),
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


def week(request):
    center = center_from_request(request)
    if center is None:
        return render(request, "coordinators/no_center.html")
    day = parse_day(request.GET.get("date"), today())
    edit_activity = edit_form = None
    if request.GET.get("edit", "").isdigit():
        edit_activity = get_object_or_404(
            activities_for_user(request.user).filter(center=center), pk=request.GET["edit"]
        )
        day = edit_activity.date
        edit_form = _entry_form(request, center, week_days(week_start(day)), instance=edit_activity)
    return render_week(request, center, day, edit_form=edit_form, edit_activity=edit_activity)


def apply_errors(form, error):
    if isinstance(error, EditConflict):
        form.refresh_version(error)
    for field, errors in (
        error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    ):
        form.add_error(field if field in form.fields else None, errors)


def _entry_data(form):
    data = dict(form.cleaned_data)
    return data.pop("coordinators"), data


@require_POST
def activity_create_view(request):
    center = center_from_request(request)
    if center is None:
        raise Http404
    day = parse_day(request.POST.get("date"), today())
    days = week_days(week_start(day))
    form = _entry_form(request, center, days, data=request.POST)
    if form.is_valid():
        coordinators, data = _entry_data(form)
        try:
            activity = activity_create(user=request.user, coordinators=coordinators, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"登録しました: {activity_summary(activity)}")
            # No fragment: browsers skip autofocus when the URL targets an element, and the
            # cursor should be back in the form's first field for the next entry.
            return redirect(week_url(center, activity.date))
    return render_week(request, center, day, form=form)


@require_POST
def activity_update_view(request, pk):
    activity = get_object_or_404(activities_for_user(request.user), pk=pk)
    days = week_days(week_start(activity.date))
    form = _entry_form(request, activity.center, days, data=request.POST, instance=activity)
    if form.is_valid():
        coordinators, data = _entry_data(form)
        stored = get_object_or_404(activities_for_user(request.user), pk=pk)
        try:
            activity_update(user=request.user, activity=stored, coordinators=coordinators, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"変更しました: {activity_summary(stored)}")
            return redirect(week_url(stored.center, stored.date) + f"#activity-{stored.pk}")
    fresh = get_object_or_404(activities_for_user(request.user), pk=pk)
    return render_week(request, fresh.center, fresh.date, edit_form=form, edit_activity=fresh)


def _redirect_back(request, activity):
    return redirect(week_url(activity.center, activity.date))


@require_POST
def activity_delete_view(request, pk):
    activity = get_object_or_404(activities_for_user(request.user), pk=pk)
    try:
        activity_delete(user=request.user, activity=activity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"削除しました: {activity_summary(activity)}")
    return _redirect_back(request, activity)


@require_POST
def activity_copy_view(request, pk):
    activity = get_object_or_404(activities_for_user(request.user), pk=pk)
    field = WarekiDateField(label="コピー先の日付")
    try:
        to_date = field.clean(request.POST.get("to_date", ""))
        if to_date is None:
            raise ValidationError("コピー先の日付を入力してください。")
        copy = activity_copy(user=request.user, activity=activity, to_date=to_date)
    except ValidationError as error:
        messages.error(request, "コピーできませんでした: " + " ".join(error.messages))
        return _redirect_back(request, activity)
    messages.success(request, f"コピーしました: {activity_summary(copy)}")
    return redirect(week_url(copy.center, copy.date))


def _create_from_checked(request, *, field, candidates, create, empty, done, failed):
    """Create records from the rows ticked in a list on the week page; all or nothing."""
    center = center_from_request(request)
    if center is None:
        raise Http404
    day = parse_day(request.POST.get("date"), today())
    ids = [value for value in request.POST.getlist(field) if value.isdigit()]
    chosen = list(candidates(center).filter(pk__in=ids))
    if not chosen:
        messages.error(request, empty)
        return redirect(week_url(center, day))
    try:
        created = create(chosen, day)
    except ValidationError as error:
        messages.error(request, f"{failed}（何も登録していません）: " + " ".join(error.messages))
    else:
        messages.success(request, done.format(count=len(created)))
    return redirect(week_url(center, day))


@require_POST
def copy_last_week_view(request):
    return _create_from_checked(
        request,
        field="activity",
        candidates=lambda center: activities_for_user(request.user).filter(center=center),
        create=lambda chosen, day: activities_copy_forward(
            user=request.user, activities=chosen, days=7
        ),
        empty="コピーする記録を選んでください。",
        done="先週の記録を{count}件コピーしました。",
        failed="コピーできませんでした",
    )


@require_POST
def template_create_view(request, pk):
    activity = get_object_or_404(activities_for_user(request.user), pk=pk)
    try:
        template = template_create_from_activity(
            user=request.user, activity=activity, name=request.POST.get("name", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"テンプレート「{template.name}」を保存しました。")
    return _redirect_back(request, activity)


@require_POST
def templates_apply_view(request):
    return _create_from_checked(
        request,
        field="template",
        candidates=templates_for_center,
        create=lambda chosen, day: templates_apply(
            user=request.user, templates=chosen, monday=week_start(day)
        ),
        empty="適用するテンプレートを選んでください。",
        done="テンプレートから{count}件登録しました。",
        failed="適用できませんでした",
    )


@require_POST
def template_delete_view(request, pk):
    center = center_from_request(request)
    if center is None:
        raise Http404
    template = get_object_or_404(templates_for_center(center), pk=pk)
    template_delete(user=request.user, template=template)
    messages.success(request, f"テンプレート「{template.name}」を削除しました。")
    return redirect(week_url(center, parse_day(request.POST.get("date"), today())))
