from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from .consultation_selectors import resource_connections, resource_visit_stats
from .exports import XLSX_TYPE, ExportMixin
from .filters import SocialResourceFilter
from .forms import SocialResourceForm, WorkbookImportForm
from .master_import import build_master_template, import_master
from .models import ResourceState
from .records_import import build_records_template, import_records
from .roles import require_admin, require_division, role_of
from .selectors import (
    can_edit_resource,
    center_summaries,
    coordinators_for_user,
    current_assignments_for_center,
    resource_state_counts,
    resources_editable_by,
    resources_for_user,
    today,
)
from .services import similar_resources, social_resource_create, social_resource_update
from .tables import CoordinatorTable, SocialResourceTable
from .week_views import apply_errors
from .workbook_import import MAX_ROWS_PER_SHEET_ON_A_PAGE, WorkbookRejected, check_upload


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


class SocialResourceListView(ExportMixin, SingleTableMixin, FilterView):
    export_name = "社会資源"
    table_class = SocialResourceTable
    filterset_class = SocialResourceFilter
    template_name = "coordinators/socialresource_list.html"
    table_pagination = {"per_page": 50}

    def get_queryset(self):
        return resources_for_user(self.request.user)


def resource_detail(request, pk):
    resource = get_object_or_404(resources_for_user(request.user), pk=pk)
    visits_by_half, visit_totals = resource_visit_stats(resource)
    return render(
        request,
        "coordinators/socialresource_detail.html",
        {
            "resource": resource,
            "can_edit": can_edit_resource(request.user, resource),
            "state_changes": resource.state_changes.select_related("changed_by"),
            "visits_by_half": visits_by_half,
            "visit_totals": visit_totals,
            "connections": resource_connections(resource, request.user),
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
            similar = similar_resources(form.cleaned_data["name"])
        if not similar:
            response = _save_resource(
                request, form, lambda data: social_resource_create(user=request.user, **data)
            )
            if response:
                return response
    return render(
        request, "coordinators/socialresource_form.html", {"form": form, "similar": similar}
    )


def resource_update(request, pk):
    resource = get_object_or_404(resources_editable_by(request.user), pk=pk)
    form = SocialResourceForm(request.POST or None, instance=resource, user=request.user)
    if request.method == "POST":
        # The form mutates its instance while validating; the service must start from the
        # stored row so its permission check sees where the resource is now.
        stored = get_object_or_404(resources_editable_by(request.user), pk=pk)
        response = _save_resource(
            request,
            form,
            lambda data: social_resource_update(user=request.user, resource=stored, **data),
        )
        if response:
            return response
    return render(
        request, "coordinators/socialresource_form.html", {"form": form, "resource": resource}
    )


def coordinator_list(request):
    day = today()
    table = CoordinatorTable(coordinators_for_user(request.user), day=day)
    # RequestConfig falls back to a valid page when ?page= is not one, instead of raising.
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "coordinators/coordinator_list.html", {"table": table})


def coordinator_detail(request, pk):
    coordinator = get_object_or_404(coordinators_for_user(request.user), pk=pk)
    assignments = coordinator.assignments.all()
    day = today()
    current = next((a for a in assignments if a.is_current_on(day)), None)
    return render(
        request,
        "coordinators/coordinator_detail.html",
        {"coordinator": coordinator, "assignments": assignments, "current": current},
    )


def _workbook_import_page(request, *, title, lead, template_url, run):
    """One upload page for every workbook import: checks the file, runs it, shows the report."""
    form = WorkbookImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload(upload.name, upload.size, upload.read(4))
            upload.seek(0)
            report = run(upload, dry_run=form.cleaned_data["dry_run"])
        except WorkbookRejected as error:
            form.add_error("file", str(error))
        else:
            if report.saved:
                messages.success(request, "取り込みました。")
    return render(
        request,
        "coordinators/workbook_import.html",
        {
            "form": form,
            "report": report,
            "title": title,
            "lead": lead,
            "template_url": template_url,
        },
    )


def _xlsx_download(content, filename):
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def master_import(request):
    require_admin(request.user)
    return _workbook_import_page(
        request,
        title="マスタ取込",
        lead=(
            "所属・日常生活圏域・担当者・社会資源を1つのExcelブックから登録します。"
            "名称が同じ行は更新され、同じファイルを何度取り込んでも結果は変わりません。"
            "1件でも誤りがあれば何も保存しません。"
        ),
        template_url=reverse("coordinators:master_import_template"),
        run=import_master,
    )


def master_import_template(request):
    require_admin(request.user)
    return _xlsx_download(build_master_template(), "マスタ取込ひな型.xlsx")


def records_import(request):
    require_division(request.user)
    return _workbook_import_page(
        request,
        title="活動記録の取込",
        lead=(
            "Excelで管理してきた活動記録・相談記録（シート「活動記録」「相談記録」）を取り込みます。"
            "締めた半期の記録は取り込めません。登録済みと同じ行は読み飛ばします。"
            "1件でも誤りがあれば何も保存しません。"
        ),
        template_url=reverse("coordinators:records_import_template"),
        run=lambda upload, dry_run: import_records(
            upload,
            user=request.user,
            dry_run=dry_run,
            max_rows=MAX_ROWS_PER_SHEET_ON_A_PAGE,
        ),
    )


def records_import_template(request):
    require_division(request.user)
    return _xlsx_download(build_records_template(), "活動記録取込ひな型.xlsx")
