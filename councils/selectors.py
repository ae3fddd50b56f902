"""Reads of meetings and regional issues, and the council counts the reports call."""

from django.db.models import Count, Min, Prefetch, Q

from coordinators.models import Coordinator
from coordinators.organisation.selectors import current_assignment_filter
from coordinators.periods import today
from coordinators.roles import role_of

from .models import CouncilTier, IssueStep, Meeting, RegionalIssue, Stage


def meetings_for_user(user):
    """The division sees every meeting; staff the meetings their 所属 attended."""
    role = role_of(user)
    meetings = Meeting.objects.select_related("council__kind", "resource", "recorded_by")
    if role.sees_all_centers:
        return meetings
    if role.center is None:
        return meetings.none()
    return meetings.filter(activities__center=role.center).distinct()


def issues_for_user(user):
    """Regional issues are about areas, not persons: every login sees them (merged ones hidden)."""
    return (
        RegionalIssue.objects.filter(merged_into__isnull=True)
        .annotate(raised_on=Min("steps__date", filter=Q(steps__stage=Stage.RAISED)))
        .prefetch_related("areas", "themes")
    )


def issue_steps(issue):
    return issue.steps.select_related("meeting__council", "created_by")


def may_change_issue(user, issue):
    role = role_of(user)
    if role.sees_all_centers:
        return True
    if role.center is None:
        return False
    return IssueStep.objects.filter(
        issue=issue, stage=Stage.RAISED, meeting__activities__center=role.center
    ).exists()


def attendable_coordinators(meeting=None, day=None):
    """Coordinators in post (any 所属) to choose as attendees, plus a meeting's own."""
    current = Coordinator.objects.filter(current_assignment_filter(day or today(), "assignments__"))
    if meeting is not None and meeting.pk:
        current = current | Coordinator.objects.filter(meetings=meeting)
    return (
        current.distinct()
        .prefetch_related(Prefetch("assignments", to_attr="all_assignments"))
        .order_by("kana", "name")
    )


def council_counts(period, center=None):
    """Meetings in a period: tier-1 council, tier-2 協議体相当, by kind, attendances, and
    regional issues raised and moved on by stage. For one 所属: the meetings it attended."""
    meetings = Meeting.objects.filter(date__range=(period.start, period.end))
    if center is not None:
        meetings = meetings.filter(activities__center=center).distinct()
    # The tier and 協議体相当 stored on each meeting, not its council's today (issue 13).
    tier1 = meetings.filter(council_tier=CouncilTier.FIRST).count()
    equivalent = meetings.filter(council_tier=CouncilTier.SECOND, counts_as_equivalent=True).count()
    by_kind = list(
        meetings.values("council__kind__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("council__kind__display_order")
    )
    attendances = Meeting.coordinators.through.objects.filter(
        meeting__in=meetings.values("pk")
    ).count()
    steps = IssueStep.objects.filter(date__range=(period.start, period.end))
    if center is not None:
        steps = steps.filter(meeting__activities__center=center).distinct()
    by_stage = dict(steps.values_list("stage").annotate(n=Count("issue", distinct=True)).order_by())
    return {
        "tier1_council": tier1,
        "tier2_equivalent": equivalent,
        "by_kind": [(row["council__kind__name"], row["n"]) for row in by_kind],
        "attendances": attendances,
        "issues_by_stage": [(stage, by_stage.get(stage.value, 0)) for stage in Stage],
    }
