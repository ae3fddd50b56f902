"""The social-resource directory: list, detail with its visit figures, register and edit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from coordinators.exports import ExportMixin
from coordinators.forms import apply_errors
from coordinators.models import ResourceState
from coordinators.recordkeeping.personal_data import numbered, personal_data
from coordinators.roles import role_of

from . import selectors, services
from .filters import SocialResourceFilter
from .forms import SocialResourceForm, resource_options, shown_resource_name
from .tables import SocialResourceTable


class SocialResourceListView(ExportMixin, SingleTableMixin, FilterView):
    export_name = "社会資源"
    export_title = "社会資源一覧"
    table_class = SocialResourceTable
    filterset_class = SocialResourceFilter
    template_name = "coordinators/socialresource_list.html"
    table_pagination = {"per_page": 50}

    def get_queryset(self):
        return selectors.resources_for_user(self.request.user)


@require_GET
def resource_options_view(request):
    """The 訪問先 type-ahead's <option>s, fetched by a page when a 訪問先 box is first used:
    drawn into every entry and list page they were ~30 KB and ~10 ms of each (issue 22). The
    directory is city-wide, as on the list: any login."""
    return HttpResponse(resource_options(), content_type="text/html; charset=utf-8")


# It lists the titles of the cases connected to it (「60代 要支援1 …」): personal data.
@personal_data(numbered("社会資源"))
def resource_detail(request, pk):
    resource = get_object_or_404(selectors.resources_for_user(request.user), pk=pk)
    visits_by_half, visit_totals = selectors.resource_visit_stats(resource)
    return render(
        request,
        "coordinators/socialresource_detail.html",
        {
            "resource": resource,
            # how the activity list's 訪問先 box names it, for the links to its visits
            "shown_name": shown_resource_name(resource),
            "can_edit": selectors.can_edit_resource(request.user, resource),
            "state_changes": resource.state_changes.select_related("changed_by"),
            "visits_by_half": visits_by_half,
            "visit_totals": visit_totals,
            "connections": selectors.resource_connections(resource, request.user),
        },
    )


def _save_resource(request, form, save):
    if form.is_valid():
        try:
            resource = save(form.cleaned_data)
        except ValidationError as error:
            # A rule checked by the service (not the form) still lands at the field it names.
            apply_errors(form, error)
        else:
            messages.success(request, f"社会資源「{resource.name}」を保存しました。")
            return redirect(resource)
    return None


def resource_create(request):
    if not role_of(request.user).sees_all_centers and role_of(request.user).center is None:
        raise PermissionDenied("所属が設定されていないため、社会資源を登録できません。")
    form = SocialResourceForm(
        request.POST or None, user=request.user, initial={"state": ResourceState.PREPARING}
    )
    similar = []
    if request.method == "POST":
        if form.is_valid() and not request.POST.get("confirm_new"):
            similar = services.similar_resources(form.cleaned_data["name"])
        if not similar:
            response = _save_resource(
                request,
                form,
                lambda data: services.social_resource_create(user=request.user, **data),
            )
            if response:
                return response
    return render(
        request, "coordinators/socialresource_form.html", {"form": form, "similar": similar}
    )


def resource_update(request, pk):
    resource = get_object_or_404(selectors.resources_editable_by(request.user), pk=pk)
    form = SocialResourceForm(request.POST or None, instance=resource, user=request.user)
    if request.method == "POST":
        # The form mutates its instance while validating; the service must start from the
        # stored row so its permission check sees where the resource is now.
        stored = get_object_or_404(selectors.resources_editable_by(request.user), pk=pk)
        response = _save_resource(
            request,
            form,
            lambda data: services.social_resource_update(
                user=request.user, resource=stored, **data
            ),
        )
        if response:
            return response
    return render(
        request, "coordinators/socialresource_form.html", {"form": form, "resource": resource}
    )
