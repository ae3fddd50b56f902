"""Every read of master data starts here, scoped to what the login may see."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Area, Assignment, Center, Coordinator, ResourceState, SocialResource
from .roles import role_of


def today():
    return timezone.localdate()


def current_assignment_filter(day, prefix=""):
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def centers_for_user(user):
    """All 所属 for the division and admins; only their own for center staff."""
    role = role_of(user)
    centers = Center.objects.all()
    if role.sees_all_centers:
        return centers
    if role.center is None:
        return centers.none()
    return centers.filter(pk=role.center.pk)


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


def assignment_on(coordinator, day):
    """The assignment in force on a day, or None; past records keep the 所属 they had then."""
    return (
        coordinator.assignments.select_related("center")
        .filter(current_assignment_filter(day))
        .first()
    )


def current_assignments_for_center(center, day=None):
    return (
        Assignment.objects.filter(center=center)
        .filter(current_assignment_filter(day or today()))
        .select_related("coordinator")
        .order_by("tier", "coordinator__kana", "coordinator__name")
    )


def areas_editable_by(user):
    role = role_of(user)
    if role.sees_all_centers:
        return Area.objects.all()
    if role.center is None:
        return Area.objects.none()
    return Area.objects.filter(center=role.center)


def resources_for_user(user):
    """The social-resource directory is city-wide: every login reads every resource."""
    return SocialResource.objects.select_related("resource_type", "area__center", "town")


def resource_choices():
    """Names offered by the 訪問先 type-ahead: every resource, with its type and town."""
    return SocialResource.objects.select_related("resource_type", "town").only(
        "name", "resource_type__name", "town__name"
    )


def resources_editable_by(user):
    """The division changes any resource; a center only those in the areas it serves."""
    role = role_of(user)
    resources = resources_for_user(user)
    if role.sees_all_centers:
        return resources
    if role.center is None:
        return resources.none()
    return resources.filter(area__center=role.center)


def can_edit_resource(user, resource):
    role = role_of(user)
    if role.sees_all_centers:
        return True
    return (
        role.center is not None
        and resource.area is not None
        and (resource.area.center_id == role.center.pk)
    )


def resource_state_counts(resources):
    """{state label: count} in the order of the states, zeros included."""
    counts = dict(resources.values_list("state").annotate(n=Count("pk")).order_by())
    return [(state.label, counts.get(state.value, 0)) for state in ResourceState]


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
    return centers_for_user(user).annotate(
        coordinator_count=count_of(coordinators),
        area_count=count_of(areas.annotate(n=Count("pk"))),
        resource_count=count_of(resources.annotate(n=Count("pk"))),
        active_resource_count=count_of(
            resources.filter(state=ResourceState.ACTIVE).annotate(n=Count("pk"))
        ),
    )
