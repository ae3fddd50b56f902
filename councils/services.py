"""Writes of meetings and regional issues.

Recording a meeting once creates one activity per attending 所属 through the activity services
(so the 所属 and closed-half-year rules hold) and keeps them linked: changing or deleting the
meeting changes or removes them, so the activity tally and the meeting tally never disagree.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from coordinators.activities.services import activity_create, activity_delete, activity_update
from coordinators.closing import ensure_half_year_open
from coordinators.models import ActivityForm, Assignment
from coordinators.organisation.selectors import current_assignment_filter
from coordinators.recordkeeping.edit_conflicts import ensure_unchanged
from coordinators.roles import role_of

from .models import IssueStep, Meeting, RegionalIssue, Stage

MEETING_FIELDS = (
    "council",
    "date",
    "start_time",
    "end_time",
    "place",
    "resource",
    "category",
    "other_participants",
    "organisations",
    "agenda",
    "summary",
)
MEETING_FORM_NAME = "会議・協議体出席"


def _attendance_by_center(coordinators, day):
    """{center: [coordinators]} from each coordinator's assignment on the meeting's date."""
    assignments = (
        Assignment.objects.filter(coordinator__in=coordinators)
        .filter(current_assignment_filter(day))
        .select_related("center", "coordinator")
    )
    found = {a.coordinator_id: a for a in assignments}
    missing = [c.name for c in coordinators if c.pk not in found]
    if missing:
        raise ValidationError(
            {"coordinators": f"{'、'.join(missing)}さんはその日にどの所属にもいません。"}
        )
    by_center = {}
    for coordinator in coordinators:
        by_center.setdefault(found[coordinator.pk].center, []).append(coordinator)
    return by_center


def _require_may_record(user, centers):
    """Staff record a meeting their own 所属 attended; the division any meeting."""
    role = role_of(user)
    if role.sees_all_centers:
        return
    if role.center is None or role.center.pk not in {c.pk for c in centers}:
        raise ValidationError(
            {"coordinators": "自分の所属の担当者が出席した会議だけを記録できます。"}
        )


def _duration(start, end):
    if start and end and end > start:
        return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return None


def _activity_fields(meeting):
    return {
        "date": meeting.date,
        "start_time": meeting.start_time,
        "duration_minutes": _duration(meeting.start_time, meeting.end_time),
        "category": meeting.category,
        "form": ActivityForm.objects.get(name=MEETING_FORM_NAME),
        "resource": meeting.resource,
        "place": meeting.place,
        "participants": meeting.other_participants,
        "description": f"{meeting.council}：{meeting.agenda}"[:500],
    }


def _validate_times(meeting):
    if meeting.start_time and meeting.end_time and meeting.end_time <= meeting.start_time:
        raise ValidationError({"end_time": "終了時刻は開始時刻より後にしてください。"})


def _sync_activities(user, meeting, coordinators):
    by_center = _attendance_by_center(coordinators, meeting.date)
    fields = _activity_fields(meeting)
    existing = {a.center_id: a for a in meeting.activities.all()}
    keep = []
    for center, people in by_center.items():
        activity = existing.pop(center.pk, None)
        if activity is None:
            activity = activity_create(user=user, coordinators=people, for_meeting=True, **fields)
        else:
            activity_update(
                user=user, activity=activity, coordinators=people, for_meeting=True, **fields
            )
        keep.append(activity)
    for activity in existing.values():
        activity_delete(user=user, activity=activity, for_meeting=True)
    meeting.activities.set(keep)
    return by_center


def _fix_what_it_counts_as(meeting):
    # Stored on the meeting when it is written, so a later change of the council's tier or
    # 協議体相当 never moves a past period's counts (issue 13).
    if meeting.council_id is not None:
        meeting.council_tier = meeting.council.tier
        meeting.counts_as_equivalent = meeting.council.counts_as_equivalent


@transaction.atomic
def meeting_create(*, user, coordinators, raised_issues=(), discussed_issues=(), **fields):
    """Record a meeting once: one linked activity per attending 所属, and the issues raised."""
    coordinators = list(coordinators)
    if not coordinators:
        raise ValidationError({"coordinators": "出席した担当者を1人以上選んでください。"})
    fields.setdefault("category", fields["council"].default_category)
    meeting = Meeting(recorded_by=user, **{k: v for k, v in fields.items() if k in MEETING_FIELDS})
    _validate_times(meeting)
    _require_may_record(user, _attendance_by_center(coordinators, meeting.date))
    _fix_what_it_counts_as(meeting)
    meeting.full_clean(exclude=["activities"])
    meeting.save()
    meeting.coordinators.set(coordinators)
    _sync_activities(user, meeting, coordinators)
    for title in raised_issues:
        issue_raise(user=user, meeting=meeting, title=title)
    for issue in discussed_issues:
        IssueStep.objects.get_or_create(
            issue=issue,
            meeting=meeting,
            defaults={
                "stage": issue.stage,
                "date": meeting.date,
                "note": "会議で議論",
                "created_by": user,
            },
        )
    return meeting


def _require_may_change(user, meeting):
    role = role_of(user)
    if role.sees_all_centers:
        return
    centers = {a.center_id for a in meeting.activities.all()}
    if role.center is None or role.center.pk not in centers:
        raise PermissionDenied("この会議を変更する権限がありません。")


@transaction.atomic
def meeting_update(*, user, meeting, coordinators=None, version=None, **fields):
    """Change a meeting and, through the activity services, its activities."""
    ensure_unchanged(meeting, version)
    # Every activity of the meeting is updated below, and each update refuses a closed
    # half-year for its old and new date: the meeting cannot move in or out of one either.
    _require_may_change(user, meeting)
    for name in MEETING_FIELDS:
        if name in fields:
            setattr(meeting, name, fields[name])
    coordinators = (
        list(coordinators) if coordinators is not None else list(meeting.coordinators.all())
    )
    if not coordinators:
        raise ValidationError({"coordinators": "出席した担当者を1人以上選んでください。"})
    _validate_times(meeting)
    _require_may_record(user, _attendance_by_center(coordinators, meeting.date))
    meeting.updated_by = user
    _fix_what_it_counts_as(meeting)
    meeting.full_clean(exclude=["activities"])
    meeting.save()
    meeting.coordinators.set(coordinators)
    _sync_activities(user, meeting, coordinators)
    return meeting


@transaction.atomic
def meeting_delete(*, user, meeting):
    """Soft-delete the meeting and remove its activities (closed half-years refuse both)."""
    _require_may_change(user, meeting)
    for activity in meeting.activities.all():
        activity_delete(user=user, activity=activity, for_meeting=True)
    meeting.deleted_at = timezone.now()
    meeting.deleted_by = user
    meeting.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    return meeting


def _raising_centers(issue):
    """The 所属 that raised an issue: those whose activities stand for its 提起 meeting."""
    return {
        activity.center
        for step in issue.steps.filter(stage=Stage.RAISED).select_related("meeting")
        if step.meeting
        for activity in step.meeting.activities.select_related("center")
    }


def _require_may_move(user, issue):
    """Issues are changed by the division and by the 所属 that raised them."""
    role = role_of(user)
    if role.sees_all_centers:
        return
    if role.center is None or role.center.pk not in {c.pk for c in _raising_centers(issue)}:
        raise PermissionDenied("この地域課題を変更できるのは、提起した所属と高齢者支援課です。")


@transaction.atomic
def issue_raise(*, user, meeting, title, description="", areas=(), themes=()):
    """A new regional issue, raised at a (tier-2) meeting: its first stage is 提起."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": "地域課題の見出しを入力してください。"})
    issue = RegionalIssue(title=title, description=description, created_by=user)
    issue.full_clean()
    issue.save()
    issue.areas.set(areas or [area for c in _meeting_centers(meeting) for area in c.areas.all()])
    issue.themes.set(themes)
    IssueStep.objects.create(
        issue=issue, stage=Stage.RAISED, date=meeting.date, meeting=meeting, created_by=user
    )
    return issue


def _meeting_centers(meeting):
    return [activity.center for activity in meeting.activities.select_related("center")]


@transaction.atomic
def issue_advance(*, user, issue, stage, date, meeting=None, note=""):
    """Record a stage on the issue's path (集約, 報告, 提言・答申 …) with its date and meeting.

    Raises PermissionDenied (not the division nor a raising 所属) and ValidationError: merged
    issue, or at "date" a date inside a half-year closed for a 所属 that raised the issue (a
    stage counts in that half-year's report; issue 13).
    """
    _require_may_move(user, issue)
    if issue.merged_into_id:
        raise ValidationError("統合済みの地域課題は変更できません。統合先を開いてください。")
    for center in sorted(_raising_centers(issue), key=lambda c: c.pk):
        ensure_half_year_open(center=center, day=date)
    step = IssueStep(
        issue=issue, stage=stage, date=date, meeting=meeting, note=note.strip(), created_by=user
    )
    step.full_clean()
    step.save()
    issue.stage = max(issue.stage, int(stage))
    issue.save(update_fields=["stage"])
    return step


@transaction.atomic
def issue_merge(*, user, keep, merge):
    """The same issue raised in several areas becomes one, keeping both histories."""
    if not role_of(user).sees_all_centers:
        raise PermissionDenied("地域課題の統合は高齢者支援課が行います。")
    if keep.pk == merge.pk:
        raise ValidationError("同じ地域課題どうしは統合できません。")
    merge.steps.update(issue=keep)
    keep.areas.add(*merge.areas.all())
    keep.themes.add(*merge.themes.all())
    keep.stage = max(keep.stage, merge.stage)
    keep.save(update_fields=["stage"])
    merge.merged_into = keep
    merge.save(update_fields=["merged_into"])
    return keep


@transaction.atomic
def issue_update(*, user, issue, title, description, areas, themes, version=None):
    ensure_unchanged(issue, version)
    _require_may_move(user, issue)
    issue.title, issue.description = title.strip(), description
    issue.full_clean()
    issue.save(update_fields=["title", "description"])
    issue.areas.set(areas)
    issue.themes.set(themes)
    return issue
