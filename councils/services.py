"""Writes of meetings and regional issues.

Recording a meeting once creates one activity per attending 所属 through the activity services
(so the 所属 and closed-half-year rules hold) and keeps them linked: changing or deleting the
meeting changes or removes them, so the activity tally and the meeting tally never disagree.
A meeting is dated inside periods.record_date_range, checked before anything else (issue 15).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from coordinators.activities.record_rules import Post
from coordinators.activities.services import activity_create, activity_delete, activity_update
from coordinators.closing import ensure_half_year_open
from coordinators.models import ActivityForm, Assignment, division_name
from coordinators.models.history import save_with_history
from coordinators.organisation.selectors import current_assignment_filter
from coordinators.periods import ensure_record_date, wareki_date
from coordinators.recordkeeping.edit_conflicts import ensure_unchanged
from coordinators.roles import role_of

from .models import IssueStep, Meeting, RegionalIssue, Stage
from .selectors import attending_centers, live_steps, raising_centers

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


class Attendance(dict):
    """{Center: [Coordinator]} of a meeting's attendees, and `tiers`: {center pk: the 層 its
    attendees attend for}, the post of each 所属's activity (issue 20)."""

    def __init__(self):
        super().__init__()
        self.tiers = {}


def _recorded_centers(meeting):
    """{coordinator pk: center pk} of the attendance recorded on `meeting`'s live activities."""
    if meeting is None or meeting.pk is None:
        return {}
    return dict(
        Meeting.activities.through.objects.filter(
            meeting=meeting, activity__deleted_at__isnull=True
        ).values_list("activity__coordinators", "activity__center")
    )


def _attendance_by_center(coordinators, day, user=None, meeting=None):
    """Attendance of `coordinators` from each one's assignment on the meeting's date. A 兼務
    person (issue 20) attends for the 所属 the meeting already records them under (so one
    所属 changing its part never moves another's), else for the login's 所属 where they hold
    a post there, else for their first post (lowest 層)."""
    assignments = (
        Assignment.objects.filter(coordinator__in=coordinators)
        .filter(current_assignment_filter(day))
        .select_related("center", "coordinator")
        .order_by("tier", "start_date", "pk")
    )
    own = role_of(user).center if user is not None else None
    recorded = _recorded_centers(meeting)

    def rank(assignment):
        wished = (recorded.get(assignment.coordinator_id), own.pk if own else None)
        return wished.index(assignment.center_id) if assignment.center_id in wished else 2

    found = {}
    for assignment in assignments:
        first = found.setdefault(assignment.coordinator_id, assignment)
        if rank(assignment) < rank(first):
            found[assignment.coordinator_id] = assignment
    missing = [c.name for c in coordinators if c.pk not in found]
    if missing:
        raise ValidationError(
            {"coordinators": f"{'、'.join(missing)}さんはその日にどの所属にもいません。"}
        )
    attendance = Attendance()
    for coordinator in coordinators:
        chosen = found[coordinator.pk]
        attendance.setdefault(chosen.center, []).append(coordinator)
        attendance.tiers.setdefault(chosen.center_id, chosen.tier)
    return attendance


def _require_own_attendance(user, by_center):
    """Staff record only their own 所属's attendance; the division anyone's (issue 14)."""
    role = role_of(user)
    if role.sees_all_centers:
        return
    if role.center is None:
        raise ValidationError({"coordinators": "所属が設定されていないため記録できません。"})
    others = [
        c.name for center, people in by_center.items() if center != role.center for c in people
    ]
    if others:
        raise ValidationError(
            {
                "coordinators": f"{'、'.join(others)}さんは他の所属の担当者です。"
                "他の所属の出席は、その所属が記録します。自分の所属の担当者だけを選んでください。"
            }
        )


def _attendees_of_other_centers(meeting, center):
    """Coordinators credited through the live activities of every 所属 but `center`."""
    return [
        coordinator
        for activity in meeting.activities.exclude(center=center).prefetch_related("coordinators")
        for coordinator in activity.coordinators.all()
    ]


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


def _same_activity(activity, people, fields):
    return all(getattr(activity, name) == value for name, value in fields.items()) and {
        c.pk for c in activity.coordinators.all()
    } == {c.pk for c in people}


def _sync_activities(user, meeting, coordinators):
    by_center = _attendance_by_center(coordinators, meeting.date, user, meeting)
    fields = _activity_fields(meeting)
    existing = {a.center_id: a for a in meeting.activities.all()}
    keep = []
    for center, people in by_center.items():
        activity = existing.pop(center.pk, None)
        if activity is None:
            activity = activity_create(
                user=user,
                coordinators=people,
                for_meeting=True,
                post=Post(center, by_center.tiers[center.pk]),
                **fields,
            )
        elif not _same_activity(activity, people, fields):
            # Only what changed is written: a 所属 joining leaves the others' records as they
            # are (issue 14), and a closed half-year of theirs is not touched.
            activity_update(
                user=user,
                activity=activity,
                coordinators=people,
                for_meeting=True,
                post=Post(center, by_center.tiers[center.pk]),
                **fields,
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


class SameDayMeeting(ValidationError):
    """meeting_create found live meetings of the council on that date and was not told to record
    another session; .meetings holds them. A meeting is one meeting (issue 14): the caller
    offers to join one of them (meeting_join) or to record a separate session."""

    def __init__(self, meetings):
        self.meetings = list(meetings)
        first = self.meetings[0]
        super().__init__(
            {
                "council": f"{wareki_date(first.date)}の「{first.council}」はすでに記録されています"
                f"（議題: {'、'.join(m.agenda for m in self.meetings)}）。"
                "その会議に自分の所属の出席を加えるか、「別の会議として記録」を選んでください。"
            }
        )


def same_day_meetings(council, day):
    """Live meetings of the council on the day (QuerySet): what a new record may duplicate."""
    return Meeting.objects.filter(council=council, date=day).order_by("pk")


@transaction.atomic
def meeting_create(
    *, user, coordinators, raised_issues=(), discussed_issues=(), separate=False, **fields
):
    """Record a meeting once: one linked activity per attending 所属, and the issues raised.

    coordinators: the attendees; for center staff all of their own 所属 on the date (others
    join themselves). fields: MEETING_FIELDS (date as a date). separate: True to record a
    second session of the council that day. Returns the Meeting. Raises ValidationError (by
    field; at "date" outside periods.record_date_range, issue 15), SameDayMeeting when the
    council already has a meeting that day and not separate.
    """
    ensure_record_date(fields.get("date"))
    coordinators = list(coordinators)
    if not coordinators:
        raise ValidationError({"coordinators": "出席した担当者を1人以上選んでください。"})
    fields.setdefault("category", fields["council"].default_category)
    meeting = Meeting(recorded_by=user, **{k: v for k, v in fields.items() if k in MEETING_FIELDS})
    _validate_times(meeting)
    _require_own_attendance(user, _attendance_by_center(coordinators, meeting.date, user))
    if not separate:
        existing = same_day_meetings(meeting.council, meeting.date)
        if existing.exists():
            raise SameDayMeeting(existing)
    role = role_of(user)
    meeting.center = None if role.sees_all_centers else role.center
    _fix_what_it_counts_as(meeting)
    meeting.full_clean(exclude=["activities"])
    _save_attendance(user, meeting, coordinators)
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


def _save_attendance(user, meeting, coordinators, update_fields=None):
    # The meeting and its attendees in one history row (issue 16), then their activities.
    save_with_history(meeting, update_fields=update_fields, coordinators=coordinators)
    _sync_activities(user, meeting, coordinators)


def may_change_meeting(user, meeting):
    """Whether the login may change the meeting's own fields or delete it: the division and
    the 所属 that recorded it (issue 14)."""
    role = role_of(user)
    if role.sees_all_centers:
        return True
    return role.center is not None and meeting.center_id == role.center.pk


def _require_attending(user, meeting):
    role = role_of(user)
    if role.sees_all_centers:
        return
    if role.center is None or not attending_centers(meeting).filter(pk=role.center.pk).exists():
        raise PermissionDenied("この会議を変更する権限がありません。")


def _changed_fields(meeting, fields):
    return [
        name for name in MEETING_FIELDS if name in fields and fields[name] != getattr(meeting, name)
    ]


def _owner_only_message(meeting):
    division = division_name()
    owner = meeting.center or division
    return (
        f"会議の内容（開催日・議題など）を変更できるのは、記録した所属（{owner}）と{division}です。"
        "自分の所属の出席者は「出席を変更」から変更できます。"
    )


def _new_attendees(user, meeting, coordinators, day):
    """The full attendee list after the login chose `coordinators`: the division sets it whole,
    staff set their own 所属's part and every other 所属's attendees stay."""
    by_center = _attendance_by_center(coordinators, day, user) if coordinators else {}
    _require_own_attendance(user, by_center)
    role = role_of(user)
    if role.sees_all_centers:
        return coordinators
    others = _attendees_of_other_centers(meeting, role.center)
    # a 兼務 person another 所属 already records attends once, for that 所属 (issue 20)
    twice = [c.name for c in coordinators if c in others]
    if twice:
        raise ValidationError(
            {
                "coordinators": f"{'、'.join(twice)}さんは、この会議に他の所属の出席者として"
                "記録されています（兼務）。1人の出席は1つの所属で数えます。"
            }
        )
    return others + coordinators


@transaction.atomic
def meeting_update(*, user, meeting, coordinators=None, version=None, **fields):
    """Change a meeting and, through the activity services, its activities.

    fields (MEETING_FIELDS) only by the recording 所属 and the division; coordinators: for
    staff their own 所属's attendees (others' stay), for the division the whole list.
    Raises PermissionDenied (not attending, or fields of another's meeting), ValidationError
    (by field; a closed half-year through the activity services, at "date" a date outside
    periods.record_date_range, issue 15), EditConflict (version).
    """
    ensure_unchanged(meeting, version)
    # Every activity of the meeting is updated below, and each update refuses a closed
    # half-year for its old and new date: the meeting cannot move in or out of one either.
    _require_attending(user, meeting)
    if _changed_fields(meeting, fields) and not may_change_meeting(user, meeting):
        raise PermissionDenied(_owner_only_message(meeting))
    ensure_record_date(fields.get("date", meeting.date))
    for name in MEETING_FIELDS:
        if name in fields:
            setattr(meeting, name, fields[name])
    _validate_times(meeting)
    if coordinators is None:
        attendees = list(meeting.coordinators.all())
    else:
        attendees = _new_attendees(user, meeting, list(coordinators), meeting.date)
    if not attendees:
        raise ValidationError({"coordinators": "出席した担当者を1人以上選んでください。"})
    meeting.updated_by = user
    _fix_what_it_counts_as(meeting)
    meeting.full_clean(exclude=["activities"])
    _save_attendance(user, meeting, attendees)
    return meeting


@transaction.atomic
def meeting_join(*, user, meeting, coordinators):
    """Add or change the login's 所属's attendance at a meeting recorded by anyone (issue 14).

    coordinators: for staff the attendees of their own 所属 (an empty list takes the 所属 off
    the meeting: its activity is removed, and with it its access, count and rights); for the
    division, coordinators of any 所属 added to those attending. The meeting's own fields do
    not change. Raises ValidationError (by field: another 所属's coordinator, nobody left,
    closed half-year) or PermissionDenied (a login without a 所属).
    """
    coordinators = list(coordinators)
    role = role_of(user)
    if role.sees_all_centers:
        if not coordinators:
            raise ValidationError({"coordinators": "出席した担当者を1人以上選んでください。"})
        current = list(meeting.coordinators.all())
        attendees = current + [c for c in coordinators if c not in current]
    else:
        if role.center is None:
            raise PermissionDenied("所属が設定されていないため記録できません。")
        if not coordinators and not attending_centers(meeting).filter(pk=role.center.pk).exists():
            raise ValidationError({"coordinators": "出席した担当者を1人以上選んでください。"})
        attendees = _new_attendees(user, meeting, coordinators, meeting.date)
    if not attendees:
        raise ValidationError(
            {
                "coordinators": "出席者がいなくなります。会議そのものを取り消すには、"
                f"記録した所属か{division_name()}が削除してください。"
            }
        )
    meeting.updated_by = user
    _save_attendance(user, meeting, attendees, update_fields=["updated_by", "updated_at"])
    return meeting


@transaction.atomic
def meeting_delete(*, user, meeting):
    """Soft-delete the meeting and remove its activities (closed half-years refuse both).

    Only the recording 所属 and the division, and the 所属 only while no other 所属 attends
    (their attendance is theirs). The issues raised or moved at the meeting stop counting; each
    issue's stage falls back to its furthest step still counted. Raises PermissionDenied.
    """
    if not may_change_meeting(user, meeting):
        raise PermissionDenied(_owner_only_message(meeting).replace("変更できる", "削除できる"))
    role = role_of(user)
    if not role.sees_all_centers:
        others = attending_centers(meeting).exclude(pk=role.center.pk)
        if others.exists():
            names = "、".join(c.name for c in others)
            raise PermissionDenied(
                f"他の所属（{names}）も出席を記録しているため削除できません。"
                f"自分の所属の出席を取り消すか、{division_name()}に削除を依頼してください。"
            )
    for activity in meeting.activities.all():
        activity_delete(user=user, activity=activity, for_meeting=True)
    meeting.deleted_at = timezone.now()
    meeting.deleted_by = user
    meeting.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    for issue in RegionalIssue.objects.filter(steps__meeting=meeting).distinct():
        furthest = live_steps().filter(issue=issue).aggregate(stage=Max("stage"))["stage"]
        issue.stage = furthest or Stage.RAISED
        issue.save(update_fields=["stage"])
    return meeting


def _require_may_move(user, issue):
    """Issues are changed by the division and by the 所属 that raised them."""
    role = role_of(user)
    if role.sees_all_centers:
        return
    if role.center is None or role.center.pk not in {c.pk for c in raising_centers(issue)}:
        raise PermissionDenied(
            f"この地域課題を変更できるのは、提起した所属と{division_name()}です。"
        )


@transaction.atomic
def issue_raise(*, user, meeting, title, description="", areas=(), themes=()):
    """A new regional issue, raised at a (tier-2) meeting: its first stage is 提起."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": "地域課題の見出しを入力してください。"})
    issue = RegionalIssue(title=title, description=description, created_by=user)
    issue.full_clean()
    save_with_history(
        issue,
        areas=areas or [area for c in _meeting_centers(meeting) for area in c.areas.all()],
        themes=themes,
    )
    IssueStep.objects.create(
        issue=issue, stage=Stage.RAISED, date=meeting.date, meeting=meeting, created_by=user
    )
    return issue


def _meeting_centers(meeting):
    return list(attending_centers(meeting).prefetch_related("areas"))


@transaction.atomic
def issue_advance(*, user, issue, stage, date, meeting=None, note=""):
    """Record a stage on the issue's path (集約, 報告, 提言・答申 …) with its date and meeting.

    Raises PermissionDenied (not the division nor a raising 所属) and ValidationError: merged
    issue, or at "date" a date inside a half-year closed for a 所属 that raised the issue (a
    stage counts in that half-year's report; issue 13) or outside periods.record_date_range
    (issue 15).
    """
    _require_may_move(user, issue)
    if issue.merged_into_id:
        raise ValidationError("統合済みの地域課題は変更できません。統合先を開いてください。")
    ensure_record_date(date)
    for center in raising_centers(issue).order_by("pk"):
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
        raise PermissionDenied(f"地域課題の統合は{division_name()}が行います。")
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
    save_with_history(issue, update_fields=["title", "description"], areas=areas, themes=themes)
    return issue
