"""所属の状況 and the 担当者 pages: who works where, since when."""

from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig

from coordinators.periods import today
from coordinators.resources.selectors import resource_state_counts, resources_editable_by
from coordinators.roles import role_of

from .filters import CoordinatorFilter
from .selectors import center_summaries, coordinators_for_user, current_assignments_for_center
from .tables import CoordinatorTable


def center_overview(request):
    """所属の状況: the division sees every 所属, staff their own with areas and resources."""
    role = role_of(request.user)
    context = {"today": today()}
    if role.sees_all_centers:
        context["centers"] = center_summaries(request.user)
    elif role.center is not None:
        center = role.center
        context.update(
            center=center,
            assignments=current_assignments_for_center(center),
            areas=center.areas.prefetch_related("towns"),
            state_counts=resource_state_counts(resources_editable_by(request.user)),
        )
    return render(request, "coordinators/center_overview.html", context)


def coordinator_list(request):
    day = today()
    filterset = CoordinatorFilter(request.GET, queryset=coordinators_for_user(request.user))
    table = CoordinatorTable(filterset.qs, day=day)
    # RequestConfig falls back to a valid page when ?page= is not one, instead of raising.
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request, "coordinators/coordinator_list.html", {"table": table, "filter": filterset}
    )


def coordinator_detail(request, pk):
    coordinator = get_object_or_404(coordinators_for_user(request.user), pk=pk)
    assignments = coordinator.assignments.all()
    day = today()
    current = coordinator.assignments_on(day)  # two or more: 兼務
    return render(
        request,
        "coordinators/coordinator_detail.html",
        {"coordinator": coordinator, "assignments": assignments, "current": current},
    )
