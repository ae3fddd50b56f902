from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coordinators.forms import apply_errors
from coordinators.models import Category, division_name
from coordinators.periods import fiscal_year_of, today
from coordinators.recordkeeping.access_log import record_access
from coordinators.recordkeeping.personal_data import numbered, personal_data
from coordinators.roles import role_of

from .forms import (
    AttendanceForm,
    IssueAdvanceForm,
    IssueEditForm,
    IssueMergeForm,
    MeetingForm,
    PipelineFilterForm,
)
from .models import CouncilTier, Meeting, Stage
from .selectors import (
    attendable_coordinators,
    issue_steps,
    issues_for_user,
    live_steps,
    may_change_issue,
    meetings_for_user,
)
from .services import (
    SameDayMeeting,
    issue_advance,
    issue_merge,
    issue_update,
    may_change_meeting,
    meeting_create,
    meeting_delete,
    meeting_join,
    meeting_update,
)


def meeting_list(request):
    meetings = meetings_for_user(request.user).prefetch_related("activities__center")[:200]
    return render(request, "councils/meeting_list.html", {"meetings": meetings})


def _own_center(user):
    """The 所属 whose attendance the login records: None for the division (any 所属)."""
    role = role_of(user)
    return None if role.sees_all_centers else role.center


def _meeting_form(request, meeting=None):
    """The meeting form for this login: its 所属's 区分 only, and on a new meeting its own
    担当者 already ticked (issue 18)."""
    center = _own_center(request.user)
    coordinators = attendable_coordinators(meeting, center=center)
    own = getattr(request.user, "coordinator", None)
    initial = {}
    if meeting is None and own is not None and coordinators.filter(pk=own.pk).exists():
        initial["coordinators"] = [own.pk]
    return MeetingForm(
        request.POST or None,
        instance=meeting,
        initial=initial,
        coordinators=coordinators,
        issues=issues_for_user(request.user),
        categories=Category.objects.for_tier(center.tier) if center else None,
    )


def meeting_create_view(request):
    form = _meeting_form(request)
    same_day = []
    if request.method == "POST" and form.is_valid():
        coordinators, raised, discussed, data = form.split()
        try:
            meeting = meeting_create(
                user=request.user,
                coordinators=coordinators,
                raised_issues=raised,
                discussed_issues=discussed,
                separate=request.POST.get("separate") == "1",
                **data,
            )
        except SameDayMeeting as found:
            # Shown with the council, date and 議題 only: nothing more until the 所属 joins.
            same_day = found.meetings
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"会議を記録しました。出席した{meeting.activities.count()}所属の活動記録も登録しました。",
            )
            return redirect(meeting)
    return render(
        request,
        "councils/meeting_form.html",
        {"form": form, "same_day": same_day},
    )


@personal_data(numbered("会議"))
def meeting_detail(request, pk):
    meeting = get_object_or_404(meetings_for_user(request.user), pk=pk)
    # A 地域ケア会議 may discuss individual cases: its summary is read like a case.
    record_access(request, "閲覧", f"会議 #{pk}")
    return render(
        request,
        "councils/meeting_detail.html",
        {
            "meeting": meeting,
            "activities": meeting.activities.select_related("center", "category"),
            "coordinators": meeting.coordinators.all(),
            "issue_steps": live_steps().filter(meeting=meeting).select_related("issue"),
            "may_change": may_change_meeting(request.user, meeting),
            "records_attendance": _own_center(request.user) is not None,
        },
    )


@personal_data(numbered("会議"))
def meeting_update_view(request, pk):
    meeting = get_object_or_404(meetings_for_user(request.user), pk=pk)
    if not may_change_meeting(request.user, meeting):
        # Another 所属's meeting: this 所属 changes its own attendance only (issue 14).
        return redirect("councils:meeting_join", pk=pk)
    form = _meeting_form(request, meeting)
    if request.method == "POST" and form.is_valid():
        coordinators, _raised, _discussed, data = form.split()
        stored = get_object_or_404(meetings_for_user(request.user), pk=pk)
        try:
            meeting_update(user=request.user, meeting=stored, coordinators=coordinators, **data)
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            record_access(request, "変更", f"会議 #{pk}")
            messages.success(request, "会議と、その活動記録を変更しました。")
            return redirect(stored)
    return render(
        request,
        "councils/meeting_form.html",
        {"form": form, "meeting": meeting},
    )


def meeting_join_view(request, pk):
    """Join a meeting recorded by another 所属, or change this 所属's attendance at it.

    Shows the council, date and 議題 only, as the meeting form's same-day notice does; the
    create form posts its chosen attendees straight here (「この会議に出席を記録する」).
    """
    meeting = get_object_or_404(Meeting.objects.select_related("council"), pk=pk)
    center = _own_center(request.user)
    if center is None and not role_of(request.user).sees_all_centers:
        raise PermissionDenied("所属が設定されていないため記録できません。")
    choices = attendable_coordinators(meeting, day=meeting.date, center=center)
    attending = meetings_for_user(request.user).filter(pk=pk).exists()
    form = AttendanceForm(
        request.POST or None,
        coordinators=choices,
        initial={"coordinators": [c for c in meeting.coordinators.all() if c in choices]},
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["coordinators"]
        try:
            meeting_join(user=request.user, meeting=meeting, coordinators=chosen)
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            if not chosen:
                messages.success(request, "この会議への自分の所属の出席を取り消しました。")
                return redirect("councils:meeting_list")
            messages.success(
                request, f"この会議に{len(chosen)}人の出席を記録し、活動記録を登録しました。"
            )
            return redirect(meeting)
    return render(
        request,
        "councils/meeting_join.html",
        {"meeting": meeting, "form": form, "attending": attending, "center": center},
    )


@require_POST
def meeting_delete_view(request, pk):
    meeting = get_object_or_404(meetings_for_user(request.user), pk=pk)
    try:
        meeting_delete(user=request.user, meeting=meeting)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(meeting)
    messages.success(request, "会議と、その活動記録を削除しました。")
    return redirect("councils:meeting_list")


def issue_pipeline(request):
    issues = issues_for_user(request.user)
    years = sorted(
        {fiscal_year_of(step_date) for step_date in live_steps().values_list("date", flat=True)},
        reverse=True,
    )
    filters = PipelineFilterForm(request.GET or None, years=years)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["area"]:
            issues = issues.filter(areas=data["area"])
        if data["theme"]:
            issues = issues.filter(themes=data["theme"])
        if data["fiscal_year"]:
            year = data["fiscal_year"]
            issues = issues.filter(raised_on__range=(date(year, 4, 1), date(year + 1, 3, 31)))
    issues = list(issues.distinct())
    for issue in issues:
        issue.age_days = (today() - issue.raised_on).days if issue.raised_on else None
    columns = [
        (stage, [issue for issue in issues if issue.stage == stage.value]) for stage in Stage
    ]
    return render(
        request,
        "councils/issue_pipeline.html",
        {"columns": columns, "filters": filters, "today": today()},
    )


def issue_detail(request, pk):
    issue = get_object_or_404(issues_for_user(request.user), pk=pk)
    can_change = may_change_issue(request.user, issue)
    advance = IssueAdvanceForm(
        request.POST or None,
        initial={"date": today(), "stage": min(issue.stage + 1, Stage.CONTINUED)},
        # issues move on at the SC連携会議 and the city's council, not at tier-2 or tier-3
        # meetings (where they are raised)
        meetings=meetings_for_user(request.user).filter(
            council__tier__in=(CouncilTier.FIRST, CouncilTier.BETWEEN)
        ),
    )
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(
                f"この地域課題を変更できるのは、提起した所属と{division_name()}です。"
            )
        if advance.is_valid():
            try:
                issue_advance(user=request.user, issue=issue, **advance.cleaned_data)
            except ValidationError as error:
                apply_errors(advance, error)
            else:
                stage = Stage(advance.cleaned_data["stage"]).label
                messages.success(request, f"「{stage}」を記録しました。")
                return redirect(issue)
    others = issues_for_user(request.user).exclude(pk=issue.pk)
    return render(
        request,
        "councils/issue_detail.html",
        {
            "issue": issue,
            "steps": issue_steps(issue),
            "advance": advance,
            "can_change": can_change,
            "merge": IssueMergeForm(issues=others),
            "edit": IssueEditForm(instance=issue),
        },
    )


@require_POST
def issue_merge_view(request, pk):
    issue = get_object_or_404(issues_for_user(request.user), pk=pk)
    form = IssueMergeForm(request.POST, issues=issues_for_user(request.user).exclude(pk=pk))
    if form.is_valid():
        try:
            issue_merge(user=request.user, keep=issue, merge=form.cleaned_data["other"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"「{form.cleaned_data['other']}」をこの地域課題に統合しました。"
            )
    return redirect(issue)


@require_POST
def issue_edit_view(request, pk):
    issue = get_object_or_404(issues_for_user(request.user), pk=pk)
    form = IssueEditForm(request.POST, instance=issue)
    if form.is_valid():
        stored = get_object_or_404(issues_for_user(request.user), pk=pk)
        try:
            issue_update(user=request.user, issue=stored, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "地域課題を変更しました。")
    else:
        messages.error(request, "入力に誤りがあります: " + " ".join(form.errors.get("title", [])))
    return redirect(issue)
