"""The week page and every post made on it: activities, templates, last week's copies and
quick consultations. Each post lands back on the week it changed.

A post that would add records outside this fiscal year and the previous one shows the week
with a question and a 「この日付で登録する」 button that posts it again with confirm=1, and saves
nothing until then (issue 15); changes and deletions of records already there never ask.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coordinators import periods
from coordinators.activities.forms import activity_summary
from coordinators.activities.record_rules import Post
from coordinators.activities.schedules import due_days, schedule_label
from coordinators.activities.selectors import activities_for_user, templates_for_center
from coordinators.activities.services import (
    activities_copy_forward,
    activity_copy,
    activity_create,
    activity_delete,
    activity_update,
    template_create_from_activity,
    template_delete,
    template_schedule_update,
    templates_apply,
)
from coordinators.consultations.forms import quick_consultation_form
from coordinators.consultations.selectors import consultations_for_user
from coordinators.consultations.services import (
    consultation_create,
    consultation_delete,
    consultation_repeat,
)
from coordinators.forms import WarekiDateField, apply_errors
from coordinators.ids import ascii_id
from coordinators.periods import week_days, week_start
from coordinators.recordkeeping.access_log import record_access
from coordinators.recordkeeping.edit_conflicts import current_version
from coordinators.recordkeeping.personal_data import numbered, personal_data
from coordinators.recordkeeping.single_submission import remember_record, replays_as_update

from . import page


def week(request):
    center = page.center_from_request(request)
    if center is None:
        return render(request, "coordinators/no_center.html")
    day, problem = page.read_day(request.GET.get("date"), periods.today())
    if problem:
        messages.error(request, problem)
    edit_activity = edit_form = None
    edit_id = ascii_id(request.GET.get("edit", ""))
    if edit_id is not None:
        edit_activity = get_object_or_404(
            activities_for_user(request.user).filter(center=center), pk=edit_id
        )
        day = edit_activity.date
        edit_form = page.entry_form(
            request, center, week_days(week_start(day)), instance=edit_activity
        )
    form = None
    template_id = ascii_id(request.GET.get("template", ""))
    if template_id is not None:  # 「調整して記録」 of a scheduled entry
        template = get_object_or_404(templates_for_center(center), pk=template_id)
        form = page.entry_form(
            request, center, week_days(week_start(day)), day=day, template=template
        )
    return page.render_week(
        request, center, day, form=form, edit_form=edit_form, edit_activity=edit_activity
    )


def _entry_data(form):
    """(coordinators, fields, tier) of a valid entry form; tier is the 層 chosen for a 兼務
    person (None where the form does not ask)."""
    data = dict(form.cleaned_data)
    return data.pop("coordinators"), data, data.pop("tier", None)


def _replay_entry_as_update(request, activity, version):
    """The entry form sent again with other values after it was saved (Back, a change, save):
    the change goes to the activity that first save made, checked against the version it had
    then, so a change someone made since is shown as an edit conflict (issue 18)."""
    stored = activities_for_user(request.user).filter(pk=activity.pk).first()
    if stored is None:
        raise Http404
    data = QueryDict(mutable=True)
    for name, values in request.POST.lists():
        data.setlist(f"edit-{name}", values)
    data["edit-version"] = version
    return _save_changes(request, stored, data)


@require_POST
@replays_as_update(_replay_entry_as_update)
def activity_create_view(request):
    center = page.center_from_request(request)
    if center is None:
        raise Http404
    day = page.parse_day(request.POST.get("date"), periods.today())
    days = week_days(week_start(day))
    form = page.entry_form(request, center, days, data=request.POST)
    if form.is_valid():
        coordinators, data, tier = _entry_data(form)
        question = page.far_week_question(request, [data["date"]])
        if question:
            confirm = page.confirmation(request, question)
            return page.render_week(request, center, day, form=form, confirm=confirm)
        try:
            # the page's 所属 (and 層) decide for a 兼務 person (issue 20)
            activity = activity_create(
                user=request.user,
                coordinators=coordinators,
                post=Post(center, tier or center.tier),
                **data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            remember_record(request, activity, current_version(activity))
            request.session[page.LAST_CATEGORY] = activity.category_id
            # draft-saved: the browser may forget what it kept of this form (static/js/session.js)
            messages.success(
                request, f"登録しました: {activity_summary(activity)}", extra_tags="draft-saved"
            )
            # No fragment: browsers skip autofocus when the URL targets an element, and the
            # cursor should be back in the form's first field for the next entry.
            return redirect(page.week_url(center, activity.date))
    return page.render_week(request, center, day, form=form)


@require_POST
def activity_update_view(request, pk):
    activity = get_object_or_404(activities_for_user(request.user), pk=pk)
    return _save_changes(request, activity, request.POST)


def _save_changes(request, activity, data):
    """The edit form of `activity` posted with `data` (fields prefixed edit-): saved and back
    to its week, or the week again with the form and what was wrong (an edit conflict too)."""
    pk = activity.pk
    days = week_days(week_start(activity.date))
    form = page.entry_form(request, activity.center, days, data=data, instance=activity)
    if form.is_valid():
        coordinators, fields, tier = _entry_data(form)
        stored = get_object_or_404(activities_for_user(request.user), pk=pk)
        try:
            activity_update(
                user=request.user,
                activity=stored,
                coordinators=coordinators,
                post=Post(stored.center, tier) if tier else None,
                **fields,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            remember_record(request, stored, current_version(stored))
            messages.success(
                request, f"変更しました: {activity_summary(stored)}", extra_tags="draft-saved"
            )
            return redirect(page.week_url(stored.center, stored.date) + f"#activity-{stored.pk}")
    fresh = get_object_or_404(activities_for_user(request.user), pk=pk)
    return page.render_week(request, fresh.center, fresh.date, edit_form=form, edit_activity=fresh)


def _redirect_back(request, activity):
    return redirect(page.week_url(activity.center, activity.date))


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
    except ValidationError as error:
        messages.error(request, "コピーできませんでした: " + " ".join(error.messages))
        return _redirect_back(request, activity)
    question = page.far_week_question(request, [to_date])
    if question:
        confirm = page.confirmation(request, question)
        return page.render_week(request, activity.center, activity.date, confirm=confirm)
    try:
        copy = activity_copy(user=request.user, activity=activity, to_date=to_date)
    except ValidationError as error:
        messages.error(request, "コピーできませんでした: " + " ".join(error.messages))
        return _redirect_back(request, activity)
    messages.success(request, f"コピーしました: {activity_summary(copy)}")
    return redirect(page.week_url(copy.center, copy.date))


def _create_from_checked(request, *, field, candidates, targets, create, empty, done, failed):
    """Create records from the rows ticked in a list on the week page; all or nothing.
    targets(chosen, day) -> the dates the records would bear, asked about when far."""
    center = page.center_from_request(request)
    if center is None:
        raise Http404
    day = page.parse_day(request.POST.get("date"), periods.today())
    # A ticked id that is not ASCII digits ("²") is no row of the list (issue 15).
    ids = [pk for pk in map(ascii_id, request.POST.getlist(field)) if pk is not None]
    chosen = list(candidates(center).filter(pk__in=ids))
    if not chosen:
        messages.error(request, empty)
        return redirect(page.week_url(center, day))
    question = page.far_week_question(request, targets(chosen, day))
    if question:
        return page.render_week(request, center, day, confirm=page.confirmation(request, question))
    try:
        created = create(chosen, day)
    except ValidationError as error:
        messages.error(request, f"{failed}（何も登録していません）: " + " ".join(error.messages))
    else:
        messages.success(request, done.format(count=len(created)))
    return redirect(page.week_url(center, day))


@require_POST
def copy_last_week_view(request):
    return _create_from_checked(
        request,
        field="activity",
        candidates=lambda center: page.copy_candidates(request.user, center),
        targets=lambda chosen, day: [activity.date + timedelta(days=7) for activity in chosen],
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
        targets=lambda chosen, day: [
            due for template in chosen for due in due_days(template, week_start(day))
        ],
        create=lambda chosen, day: templates_apply(
            user=request.user, templates=chosen, monday=week_start(day)
        ),
        empty="適用するテンプレートを選んでください。",
        done="予定から{count}件記録しました。",
        failed="適用できませんでした",
    )


def _posted_template(request, pk):
    """(所属, template) of a post about one of the 所属's templates; 404 for another's."""
    center = page.center_from_request(request)
    if center is None:
        raise Http404
    return center, get_object_or_404(templates_for_center(center), pk=pk)


@require_POST
def template_schedule_view(request, pk):
    """「予定を変更」 of a template on the week page; a refusal is told above the page."""
    center, template = _posted_template(request, pk)
    weekday = ascii_id(request.POST.get("weekday", ""))
    day_of_month = request.POST.get("day_of_month", "").strip()
    try:
        template_schedule_update(
            user=request.user,
            template=template,
            repeat=request.POST.get("repeat", ""),
            weekday=weekday if weekday is not None else -1,
            weeks_of_month=request.POST.get("weeks_of_month", ""),
            day_of_month=ascii_id(day_of_month) if day_of_month else None,
            months=request.POST.get("months", ""),
        )
    except ValidationError as error:
        messages.error(
            request,
            f"テンプレート「{template.name}」の予定を変更できませんでした: "
            + " ".join(error.messages),
        )
    else:
        messages.success(
            request,
            f"テンプレート「{template.name}」の予定を「{schedule_label(template)}」にしました。",
        )
    day = page.parse_day(request.POST.get("date"), periods.today())
    return redirect(page.week_url(center, day) + "#templates")


@require_POST
def template_delete_view(request, pk):
    center, template = _posted_template(request, pk)
    template_delete(user=request.user, template=template)
    messages.success(request, f"テンプレート「{template.name}」を削除しました。")
    day = page.parse_day(request.POST.get("date"), periods.today())
    return redirect(page.week_url(center, day))


@personal_data("相談記録の登録")
@require_POST
def consultation_quick_create(request):
    center = page.center_from_request(request)
    if center is None:
        raise Http404
    day = page.parse_day(request.POST.get("consultation-received_on"), periods.today())
    days = week_days(week_start(day))
    form = quick_consultation_form(request.user, center, days, data=request.POST)
    if form.is_valid():
        coordinator, topics, data = form.split()
        question = page.far_week_question(request, [data["received_on"]])
        if question:
            confirm = page.confirmation(request, question)
            return page.render_week(request, center, day, consultation_form=form, confirm=confirm)
        try:
            consultation = consultation_create(
                user=request.user,
                coordinator=coordinator,
                topics=topics,
                post=Post(center, center.tier),
                **data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"相談を記録しました: {consultation.consulter_type}・{consultation.outcome}",
            )
            return redirect(page.week_url(center, consultation.received_on) + "#consultations")
    return page.render_week(request, center, day, consultation_form=form)


@personal_data(numbered("相談記録"))
@require_POST
def consultation_repeat_view(request, pk):
    consultation = get_object_or_404(consultations_for_user(request.user), pk=pk)
    question = page.far_week_question(request, [consultation.received_on])
    if question:
        confirm = page.confirmation(request, question)
        return page.render_week(
            request, consultation.center, consultation.received_on, confirm=confirm
        )
    try:
        copy = consultation_repeat(user=request.user, consultation=consultation)
    except ValidationError as error:
        messages.error(request, "記録できませんでした: " + " ".join(error.messages))
        copy = consultation
    else:
        messages.success(request, "同じ内容の相談をもう1件記録しました。")
    return redirect(page.week_url(copy.center, copy.received_on) + "#consultations")


@personal_data(numbered("相談記録"))
@require_POST
def consultation_delete_view(request, pk):
    consultation = get_object_or_404(consultations_for_user(request.user), pk=pk)
    try:
        consultation_delete(user=request.user, consultation=consultation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(consultation)
    record_access(request, "削除", f"相談記録 #{pk}")
    messages.success(request, "相談記録を削除しました。")
    return redirect(page.week_url(consultation.center, consultation.received_on))
