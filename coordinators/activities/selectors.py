"""Every read of activity records starts here, scoped to the 所属 the login may see."""

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    prefetch_related_objects,
)

from coordinators.models import (
    Activity,
    ActivityTemplate,
    Center,
    Coordinator,
)
from coordinators.roles import role_of, visible_to


def activities_for_user(user):
    """Live (not deleted) activities of the login's 所属, or of every 所属 for the division,
    with their 所属, 区分, 活動形態, 訪問先 and 担当者 (kana order) read along
    -> QuerySet[Activity]."""
    activities = Activity.objects.select_related(
        "center", "category", "form", "resource"
    ).prefetch_related(
        Prefetch("coordinators", queryset=Coordinator.objects.order_by("kana", "name"))
    )
    return visible_to(user, activities)


def held_by_a_meeting():
    """Expression: True where a meeting that is not deleted holds the activity (the councils'
    Meeting.activities, named here only by its reverse name: coordinators never imports
    councils). A meeting's activity is changed, and copied, from the meeting (issue 14)."""
    return Exists(
        Activity.all_objects.filter(
            pk=OuterRef("pk"), meetings__isnull=False, meetings__deleted_at__isnull=True
        )
    )


def week_entries_for_user(user):
    """Live activities the login sees with what a row of the week page shows read along: its
    区分, 活動形態, 訪問先 and `of_meeting` (held_by_a_meeting) -> QuerySet[Activity]; then
    attach_meetings and attach_coordinator_names. Not their 所属, the page's own: a busy week
    reads ~100 of them (issue 22)."""
    activities = Activity.objects.select_related("category", "form", "resource").annotate(
        of_meeting=held_by_a_meeting()
    )
    return visible_to(user, activities)


def attach_coordinator_names(activities):
    """Sets `coordinator_names` on each of `activities` (a list): its 担当者' names in kana
    order, read as (activity, name) pairs in one query (a prefetch made ~200 Coordinator
    objects for a busy week, ~4 ms, issue 22) -> None."""
    names = {activity.pk: [] for activity in activities}
    pairs = (
        Activity.coordinators.through.objects.filter(activity_id__in=names)
        .order_by("coordinator__kana", "coordinator__name")
        .values_list("activity_id", "coordinator__name")
    )
    for activity_id, name in pairs:
        names[activity_id].append(name)
    for activity in activities:
        activity.coordinator_names = names[activity.pk]


def activity_lines_for_user(user):
    """Live activities the login sees with only what a one-line mention of each shows read
    along: its 区分 and `of_meeting` -> QuerySet[Activity]; then attach_meetings. For the
    week page's 「先週の記録をコピー」 (a busy week lists ~100, issue 22)."""
    activities = Activity.objects.select_related("category").annotate(
        of_meeting=held_by_a_meeting()
    )
    return visible_to(user, activities)


def attach_meetings(activities):
    """Sets `meeting_list` on each of `activities` (a list read with `of_meeting`): the live
    meetings holding it, read in one query for those a meeting holds and none for a week
    without (a week page links them; a prefetched manager would filter its deleted rows again
    per activity, ~0.1 ms each, issue 22) -> None."""
    held = [activity for activity in activities if activity.of_meeting]
    prefetch_related_objects(held, Prefetch("meetings", to_attr="meeting_list"))
    for activity in activities:
        if not activity.of_meeting:
            activity.meeting_list = []


def newest_history_id():
    """Subquery expression: an activity's newest change-history id, its version as
    recordkeeping.edit_conflicts.current_version reads it (a number; str() of it is the
    version). For annotating many records in one query, e.g. the list's 記録ID (issue 16)."""
    history = Activity.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_id")
    return Subquery(history.values("history_id")[:1])


def recording_centers_for_user(user):
    """The 所属 a login may record for: its own, or any active one for the division."""
    role = role_of(user)
    if role.sees_all_centers:
        return Center.objects.filter(is_active=True)
    if role.center is None:
        return Center.objects.none()
    return Center.objects.filter(pk=role.center.pk)


def default_center_for_user(user):
    """Staff land on their own 所属; the division on the 所属 marked 事務局 (the first
    customer's 高齢者支援課, its tier-1 records), else the first active one."""
    role = role_of(user)
    if role.center is not None:
        return role.center
    if role.sees_all_centers:
        centers = Center.objects.filter(is_active=True)
        return centers.filter(is_secretariat=True).first() or centers.first()
    return None


def templates_for_center(center):
    """The 所属's activity templates with their coordinators (QuerySet[ActivityTemplate])."""
    return ActivityTemplate.objects.filter(center=center).prefetch_related("coordinators")


def category_counts(activities):
    """{区分 number: count} of a queryset of activities, counted in the database; a 区分
    without records is absent (read with .get(number, 0))."""
    return dict(activities.order_by().values_list("category").annotate(n=Count("*")))


def category_counts_in(activities, **spans):
    """{span name: {区分 number: count}} of a queryset of activities in each date span given
    as name=(first, last) (dates, both included), counted in one grouped query over the
    spans together (the week page's 今週 and 半期累計, issue 22); a 区分 without records in a
    span is absent from it."""
    first = min(span[0] for span in spans.values())
    last = max(span[1] for span in spans.values())
    rows = (
        activities.filter(date__range=(first, last))
        .order_by()
        .values("category")
        # COUNT(date), not COUNT(id): Django allows no COUNT(*) with a filter, and the date is
        # in the live-counts index (activity_live_counts) where the id is not
        .annotate(
            **{name: Count("date", filter=Q(date__range=span)) for name, span in spans.items()}
        )
    )
    return {name: {row["category"]: row[name] for row in rows if row[name]} for name in spans}
