"""Every read of activity records starts here, scoped to the 所属 the login may see."""

from django.db.models import Count, OuterRef, Prefetch, Subquery

from coordinators.models import (
    Activity,
    ActivityTemplate,
    Center,
    Coordinator,
)
from coordinators.roles import role_of, visible_to


def activities_for_user(user, *, meetings=False):
    """Live (not deleted) activities of the login's 所属, or of every 所属 for the division,
    with their 所属, 区分, 活動形態, 訪問先 and 担当者 (kana order) read along; with their
    meetings (not deleted) as `meeting_list` with `meetings=True` (the week page links them)
    -> QuerySet[Activity]."""
    activities = Activity.objects.select_related(
        "center", "category", "form", "resource"
    ).prefetch_related(
        Prefetch("coordinators", queryset=Coordinator.objects.order_by("kana", "name"))
    )
    if meetings:
        # a meeting's activities are changed from the meeting: the week page links there.
        # As a list (`meeting_list`): a prefetched related manager filters its soft-deleted
        # rows again for every activity, ~0.1 ms each on a busy week (issue 22).
        activities = activities.prefetch_related(Prefetch("meetings", to_attr="meeting_list"))
    return visible_to(user, activities)


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
    return dict(activities.order_by().values_list("category").annotate(n=Count("pk")))
