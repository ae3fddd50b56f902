"""Reads of meetings and regional issues, and the council counts the reports call.

Attendance is defined once, here (issue 14): a 所属 attended a meeting while it has a live
activity linked to it. Removing a 所属 from the attendees soft-deletes that activity, which ends
at once its access to the meeting, the meeting in its counts and its rights on the issues raised
there. A soft-deleted meeting's issue steps count nowhere either.
"""

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q

from coordinators.models import Activity, Center, Coordinator
from coordinators.organisation.selectors import current_assignment_filter
from coordinators.periods import today
from coordinators.prepared import PreparedQuery
from coordinators.roles import role_of

from .models import CouncilTier, IssueStep, Meeting, RegionalIssue, Stage


def attended_by(center, via=""):
    """Filter (an Exists) for meetings, or for rows reaching one through `via` (e.g.
    "meeting__" from an issue step), that `center` (a Center or its id) attended: it has a
    live activity linked to the meeting. The only definition of attendance. A correlated
    EXISTS, not nested IN subqueries, which PostgreSQL plans as a semi-join (IN took seconds
    per report row)."""
    outer = f"{via.removesuffix('__')}_id" if via else "pk"
    return Exists(
        Meeting.activities.through.objects.filter(
            meeting_id=OuterRef(outer), activity__center=center, activity__deleted_at__isnull=True
        )
    )


def attending_centers(meeting):
    """The 所属 that attended the meeting (QuerySet of Center), by the rule of attended_by."""
    return Center.objects.filter(
        pk__in=Activity.objects.filter(meetings__pk=meeting.pk).values("center_id")
    )


def meetings_for_user(user):
    """The division sees every meeting; staff the meetings their 所属 attended."""
    role = role_of(user)
    meetings = Meeting.objects.select_related("council__kind", "resource", "recorded_by")
    if role.sees_all_centers:
        return meetings
    if role.center is None:
        return meetings.none()
    return meetings.filter(attended_by(role.center))


def _at_a_live_meeting(prefix=""):
    return Q(**{f"{prefix}meeting__isnull": True}) | Q(
        **{f"{prefix}meeting__deleted_at__isnull": True}
    )


def _counted(issue):
    """Filter for rows whose issue (`issue`: the outer field holding its id) counts: raised at
    a live meeting, or never raised at a deleted one."""
    raised = IssueStep.objects.filter(issue_id=OuterRef(issue), stage=Stage.RAISED)
    return ~Exists(raised.filter(meeting__deleted_at__isnull=False)) | Exists(
        raised.filter(_at_a_live_meeting())
    )


def counted_issues():
    """Regional issues that count: all but those raised only at meetings since deleted."""
    return RegionalIssue.objects.filter(_counted("pk"))


def live_steps():
    """Issue steps that count (issue 14): of a counted issue, at no meeting or at a meeting
    not deleted. A deleted meeting's issues count nowhere."""
    return IssueStep.objects.filter(_at_a_live_meeting(), _counted("issue_id"))


def issues_for_user(user):
    """Regional issues are about areas, not persons: every login sees them. Hidden: merged
    ones, and those raised only at meetings since deleted (they count nowhere, issue 14)."""
    return (
        counted_issues()
        .filter(merged_into__isnull=True)
        .annotate(
            raised_on=Min(
                "steps__date",
                filter=Q(steps__stage=Stage.RAISED) & _at_a_live_meeting("steps__"),
            )
        )
        .prefetch_related("areas", "themes")
    )


def issue_steps(issue):
    return live_steps().filter(issue=issue).select_related("meeting__council", "created_by")


def raising_centers(issue):
    """The 所属 that raised an issue: those attending a live meeting of its 提起 steps."""
    raised_at = live_steps().filter(issue=issue, stage=Stage.RAISED).values("meeting_id")
    links = Meeting.activities.through.objects.filter(
        meeting_id__in=raised_at, activity__deleted_at__isnull=True
    )
    return Center.objects.filter(pk__in=links.values("activity__center_id"))


def may_change_issue(user, issue):
    """Issues are changed by the division and by the 所属 that raised them."""
    role = role_of(user)
    if role.sees_all_centers:
        return True
    if role.center is None:
        return False
    return raising_centers(issue).filter(pk=role.center.pk).exists()


def attendable_coordinators(meeting=None, day=None, center=None):
    """Coordinators in post on `day` (default today) to choose as attendees, plus a meeting's
    own; with `center`, only that 所属's (what its staff may record, issue 14)."""
    in_post = current_assignment_filter(day or today(), "assignments__")
    if center is not None:
        in_post &= Q(assignments__center=center)
    current = Coordinator.objects.filter(in_post)
    if meeting is not None and meeting.pk:
        attended = Activity.objects.filter(meetings__pk=meeting.pk)
        if center is not None:
            attended = attended.filter(center=center)
        current = current | Coordinator.objects.filter(pk__in=attended.values("coordinators__pk"))
    return (
        current.distinct()
        .prefetch_related(Prefetch("assignments", to_attr="all_assignments"))
        .order_by("kana", "name")
    )


def _meetings_grouped(start, end, center_id):
    """Meetings dated start..end (of those `center_id` attended, or all) grouped by tier,
    協議体相当 and kind -> values_list (tier, equivalent, kind name, kind order, meetings,
    attendances). Meetings are counted distinct, as the attendee join repeats each once per
    attendee. The tier and 協議体相当 are those stored on each meeting, not its council's today
    (issue 13)."""
    meetings = Meeting.objects.filter(date__range=(start, end))
    if center_id is not None:
        meetings = meetings.filter(attended_by(center_id))
    return (
        meetings.values_list(
            "council_tier",
            "counts_as_equivalent",
            "council__kind__name",
            "council__kind__display_order",
        )
        .annotate(n=Count("pk", distinct=True), people=Count("coordinators"))
        .order_by()
    )


def _issues_by_stage(start, end, center_id):
    """Live issue steps dated start..end (at meetings `center_id` attended, or all) ->
    values_list (stage, issues), each issue counted once per stage."""
    steps = live_steps().filter(date__range=(start, end))
    if center_id is not None:
        steps = steps.filter(attended_by(center_id, via="meeting__"))
    return steps.values_list("stage").annotate(n=Count("issue", distinct=True)).order_by()


# Built once per process (issue 22): at a millisecond of SQL, building these two statements
# was two thirds of the section's time.
MEETINGS_GROUPED = PreparedQuery(_meetings_grouped)
ISSUES_BY_STAGE = PreparedQuery(_issues_by_stage)


def council_counts(period, center=None):
    """Meetings in a period: tier-1 council, tier-2 協議体相当, by tier ({"1", "2", "3"}: the
    tier-1 council, then 協議体相当 of tiers 2 and 3), by kind, attendances, and regional
    issues raised and moved on by stage. For one 所属: the meetings it attended. Two
    statements (issue 22), each a prepared query: _meetings_grouped and _issues_by_stage say
    what they read."""
    bounds = {
        "start": period.start,
        "end": period.end,
        "center_id": None if center is None else center.pk,
    }
    # Tier 1 counts the tier-1 council's meetings, tiers 2 and 3 those counting as
    # 協議体相当 (issue 21).
    by_tier = {str(tier): 0 for tier in (CouncilTier.FIRST, CouncilTier.SECOND, CouncilTier.THIRD)}
    kinds, attendances = {}, 0
    for tier, equivalent, kind, order, n, people in MEETINGS_GROUPED.rows(**bounds):
        if tier == CouncilTier.FIRST or (equivalent and str(tier) in by_tier):
            by_tier[str(tier)] += n
        kinds[kind] = (order, kinds.get(kind, (order, 0))[1] + n)
        attendances += people
    tier1, equivalent = by_tier["1"], by_tier["2"]
    by_kind = sorted(kinds.items(), key=lambda item: (item[1][0], item[0]))
    by_stage = dict(ISSUES_BY_STAGE.rows(**bounds))
    return {
        "tier1_council": tier1,
        "tier2_equivalent": equivalent,
        "by_tier": by_tier,
        "by_kind": [(kind, n) for kind, (_order, n) in by_kind],
        "attendances": attendances,
        "issues_by_stage": [(stage, by_stage.get(stage.value, 0)) for stage in Stage],
    }


def equivalent_by_center(period, centers):
    """第2層 協議体相当 meetings in `period` each 所属 of `centers` attended -> {所属名: n}, every
    one listed (0 where none), in one grouped query; attendance as attended_by (issue 19: a
    city-wide report gives each 所属's count, where seven reports were needed). Read from the
    period's meetings (the date index), every 所属 counted and those of `centers` kept: naming
    the 所属 in SQL made SQLite read each one's whole history first (issue 22)."""
    counted = dict(
        Meeting.activities.through.objects.filter(
            meeting__date__range=(period.start, period.end),
            meeting__deleted_at__isnull=True,
            meeting__council_tier=CouncilTier.SECOND,
            meeting__counts_as_equivalent=True,
            activity__deleted_at__isnull=True,
        )
        .values_list("activity__center")
        .annotate(n=Count("meeting", distinct=True))
        .order_by()
    )
    return {center.name: counted.get(center.pk, 0) for center in centers}
