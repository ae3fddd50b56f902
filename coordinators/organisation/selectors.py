"""Every read of 所属, 圏域, 担当者 and their assignments, scoped to what the login may see."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from coordinators.models import (
    Area,
    Assignment,
    Center,
    Coordinator,
    ResourceState,
    SocialResource,
    Tier,
)
from coordinators.periods import today
from coordinators.roles import role_of, visible_to
from coordinators.text import folded_search


def assignments_during(start, end, prefix=""):
    """Q for assignments in force on some day from `start` to `end` (dates, inclusive; an
    open end allowed); `prefix` is the lookup from the queried model to the assignment, e.g.
    "assignments__" (use it inside one filter() so that one assignment meets every term)."""
    return Q(**{f"{prefix}start_date__lte": end}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": start})
    )


def current_assignment_filter(day, prefix=""):
    """Q for assignments in force on `day` (start ≤ day ≤ end); see assignments_during."""
    return assignments_during(day, day, prefix)


def centers_for_user(user):
    """All 所属 for the division and admins; only their own for center staff."""
    return visible_to(user, Center.objects.all(), via="pk")


def coordinators_for_user(user):
    """Coordinators who have ever belonged to a 所属 the login may see, with their history."""
    role = role_of(user)
    coordinators = Coordinator.objects.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("center").order_by("start_date"),
        )
    )
    if role.sees_all_centers:
        return coordinators
    if role.center is None:
        return coordinators.none()
    return coordinators.filter(assignments__center=role.center).distinct()


def coordinators_matching(coordinators, text):
    """`coordinators` narrowed to those whose 氏名 or ふりがな holds every term of `text`, as
    typed or folded in the database (spaces removed, the term NFKC-normalised), so 「佐藤花子」
    and 「佐藤　花子」 find 佐藤 花子 (issue 15) -> QuerySet[Coordinator]."""
    return folded_search(coordinators, text, ("name", "kana"))


def assignment_on(coordinator, day):
    """The assignment in force on a day, or None; past records keep the 所属 they had then."""
    return (
        coordinator.assignments.select_related("center")
        .filter(current_assignment_filter(day))
        .first()
    )


def coordinators_during(center, start, end):
    """Coordinators assigned to a 所属 at any time between two dates (inclusive).

    One filter() over one assignment: an exclude() of ended assignments would drop a person
    who served elsewhere before (any assignment of theirs ended earlier), so someone who
    moved here was missing from this 所属's lists."""
    return (
        Coordinator.objects.filter(
            assignments_during(start, end, "assignments__"), assignments__center=center
        )
        .distinct()
        .order_by("kana", "name")
    )


def tiers_held_at(center, coordinators, start, end):
    """The 層 [int, ascending] of `center` that one of `coordinators` (a QuerySet of
    Coordinator) holds two or more of at once (兼務) on some day from `start` to `end` (dates,
    inclusive); empty when no one does. The week page then asks which 層 a record counts for
    (issue 20). One query."""
    held = {}
    for person, tier in Assignment.objects.filter(
        assignments_during(start, end), center=center, coordinator__in=coordinators
    ).values_list("coordinator", "tier"):
        held.setdefault(person, set()).add(tier)
    return sorted(set().union(*(tiers for tiers in held.values() if len(tiers) > 1)))


def coordinators_by_tier(start, end, center=None):
    """{"1": n, "2": n, "3": n}: the people with an assignment at any time from `start` to
    `end` (dates, inclusive), by 層, at `center` or anywhere; a 兼務 person counts in each tier
    they hold (issue 21: the national survey's coordinators by tier). One grouped query."""
    assignments = Assignment.objects.filter(assignments_during(start, end))
    if center is not None:
        assignments = assignments.filter(center=center)
    counted = dict(
        assignments.values_list("tier").annotate(n=Count("coordinator", distinct=True)).order_by()
    )
    return {str(tier): counted.get(tier, 0) for tier in Tier}


def current_assignments_for_center(center, day=None):
    """Assignments to `center` in force on `day` (default: today), by 層 and ふりがな."""
    return (
        Assignment.objects.filter(center=center)
        .filter(current_assignment_filter(day or today()))
        .select_related("coordinator")
        .order_by("tier", "coordinator__kana", "coordinator__name")
    )


def center_summaries(user, day=None):
    """One row per visible 所属 with its current coordinators, areas and resources counted."""
    day = day or today()

    def count_of(queryset):
        return Coalesce(Subquery(queryset.values("n")[:1]), 0)

    coordinators = (
        Assignment.objects.filter(center=OuterRef("pk"))
        .filter(current_assignment_filter(day))
        .order_by()
        .values("center")
        .annotate(n=Count("pk"))
    )
    areas = Area.objects.filter(center=OuterRef("pk")).order_by().values("center")
    resources = (
        SocialResource.objects.filter(area__center=OuterRef("pk")).order_by().values("area__center")
    )
    return (
        centers_for_user(user)
        .select_related("kind")
        .annotate(
            coordinator_count=count_of(coordinators),
            area_count=count_of(areas.annotate(n=Count("pk"))),
            resource_count=count_of(resources.annotate(n=Count("pk"))),
            active_resource_count=count_of(
                resources.filter(state=ResourceState.ACTIVE).annotate(n=Count("pk"))
            ),
        )
    )
