"""Consultations, individual-support cases and the access records of their personal data.

Every page that shows a consultation's or a case's details, and every export of them, leaves an
access record in the same request (recordkeeping.access_log.record_access). Recording a
consultation happens on the week page (week.views).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from coordinators.activities.selectors import activities_for_user
from coordinators.exports import ExportMixin
from coordinators.forms import apply_errors
from coordinators.models import Category, SupportCase
from coordinators.organisation.selectors import coordinators_during
from coordinators.periods import today
from coordinators.recordkeeping.access_log import record_access
from coordinators.recordkeeping.personal_data import numbered, personal_data
from coordinators.resources.selectors import resources_for_user
from coordinators.roles import require_division

from .filters import AccessRecordFilter, ConsultationFilter
from .forms import CaseOpenForm, CaseStepForm, ConsultationForm, ResourceSearchForm
from .selectors import access_records, case_steps, cases_for_user, consultations_for_user
from .services import (
    case_close,
    case_connect_resource,
    case_open,
    case_step_add,
    consultation_update,
)
from .tables import AccessRecordTable, CaseTable, ConsultationTable


class ConsultationListView(ExportMixin, SingleTableMixin, FilterView):
    export_name = "相談記録"
    export_title = "相談記録一覧"
    table_class = ConsultationTable
    filterset_class = ConsultationFilter
    template_name = "coordinators/consultation_list.html"
    table_pagination = {"per_page": 50}

    def get_queryset(self):
        return consultations_for_user(self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") not in {"xlsx", "csv"}:
            record_access(request, "一覧表示", "相談記録一覧")
        return super().get(request, *args, **kwargs)

    def exported(self, request, table):
        record_access(request, "出力", f"相談記録一覧（{len(table.rows)}件）")


def _consultation_form(request, consultation, data=None):
    coordinators = coordinators_during(
        consultation.center, consultation.received_on, consultation.received_on
    )
    return ConsultationForm(data, instance=consultation, coordinators=coordinators)


@personal_data(numbered("相談記録"))
def consultation_detail(request, pk):
    consultation = get_object_or_404(consultations_for_user(request.user), pk=pk)
    form = _consultation_form(request, consultation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        coordinator, topics, data = form.split()
        stored = get_object_or_404(consultations_for_user(request.user), pk=pk)
        try:
            consultation_update(
                user=request.user,
                consultation=stored,
                coordinator=coordinator,
                topics=topics,
                **data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            record_access(request, "変更", f"相談記録 #{pk}")
            messages.success(request, "相談記録を変更しました。")
            return redirect(stored)
    record_access(request, "閲覧", f"相談記録 #{pk}")
    case = getattr(consultation, "case", None)
    return render(
        request,
        "coordinators/consultation_detail.html",
        {
            "consultation": consultation,
            "form": form,
            "case": case,
            "case_form": CaseOpenForm(
                initial={"title": _suggested_title(consultation)} if case is None else None
            ),
        },
    )


def _suggested_title(consultation):
    parts = [str(consultation.consulter_type)]
    if consultation.subject_age:
        parts.append(f"{consultation.subject_age // 10 * 10}代")
    if consultation.care_level:
        parts.append(consultation.get_care_level_display())
    return " ".join(parts) + " の相談"


@personal_data(numbered("相談記録"))
@require_POST
def case_open_view(request, pk):
    consultation = get_object_or_404(consultations_for_user(request.user), pk=pk)
    form = CaseOpenForm(request.POST)
    if form.is_valid():
        try:
            case = case_open(
                user=request.user, consultation=consultation, title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(consultation)
        record_access(request, "作成", f"個別支援ケース #{case.pk}")
        messages.success(request, "個別支援ケースを開きました。")
        return redirect(case)
    messages.error(request, "ケースの見出しを入力してください。")
    return redirect(consultation)


class CaseListView(SingleTableMixin, FilterView):
    model = SupportCase
    table_class = CaseTable
    template_name = "coordinators/case_list.html"
    table_pagination = {"per_page": 50}
    filterset_fields = ["status", "center"]

    def get_queryset(self):
        return cases_for_user(self.request.user)

    def get(self, request, *args, **kwargs):
        record_access(request, "一覧表示", "個別支援ケース一覧")
        return super().get(request, *args, **kwargs)


@personal_data(numbered("個別支援ケース"))
def case_detail(request, pk):
    case = get_object_or_404(cases_for_user(request.user), pk=pk)
    step_form = CaseStepForm(request.POST or None, initial={"date": today()})
    if request.method == "POST" and step_form.is_valid():
        activity = None
        activity_id = request.POST.get("activity")
        if activity_id:
            activity = get_object_or_404(activities_for_user(request.user), pk=activity_id)
        try:
            case_step_add(user=request.user, case=case, activity=activity, **step_form.cleaned_data)
        except ValidationError as error:
            apply_errors(step_form, error)
        else:
            record_access(request, "経過追加", f"個別支援ケース #{pk}")
            messages.success(request, "経過を追加しました。")
            return redirect(case)
    record_access(request, "閲覧", f"個別支援ケース #{pk}")
    search = ResourceSearchForm(request.GET or None)
    matches = search.search(resources_for_user(request.user))[:30] if request.GET else []
    return render(
        request,
        "coordinators/case_detail.html",
        {
            "case": case,
            "steps": case_steps(case),
            "step_form": step_form,
            "search": search,
            "matches": matches,
            "individual_activities": activities_for_user(request.user)
            .filter(
                center=case.center,
                category__in=Category.objects.for_consultations(),
                date__gte=case.opened_on,
            )
            .order_by("-date")[:20],
            "matching_labels": "・".join(
                Category.objects.for_consultations().values_list("label", flat=True)
            ),
        },
    )


@personal_data(numbered("個別支援ケース"))
@require_POST
def case_connect_view(request, pk, resource_pk):
    case = get_object_or_404(cases_for_user(request.user), pk=pk)
    resource = get_object_or_404(resources_for_user(request.user), pk=resource_pk)
    try:
        case_connect_resource(user=request.user, case=case, resource=resource)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        record_access(request, "経過追加", f"個別支援ケース #{pk}")
        messages.success(request, f"「{resource.name}」につないだことを記録しました。")
    return redirect(case)


@personal_data(numbered("個別支援ケース"))
@require_POST
def case_close_view(request, pk):
    case = get_object_or_404(cases_for_user(request.user), pk=pk)
    try:
        case_close(user=request.user, case=case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        record_access(request, "終了", f"個別支援ケース #{pk}")
        messages.success(request, "ケースを終了しました。")
    return redirect(case)


class AccessRecordListView(ExportMixin, SingleTableMixin, FilterView):
    export_name = "個人情報の閲覧記録"
    table_class = AccessRecordTable
    filterset_class = AccessRecordFilter
    template_name = "coordinators/accessrecord_list.html"
    table_pagination = {"per_page": 100}

    def get_queryset(self):
        require_division(self.request.user)
        return access_records(self.request.user)

    def exported(self, request, table):
        record_access(request, "出力", f"個人情報の閲覧記録（{len(table.rows)}件）")


# The lists as their URLs serve them: personal data, never cached (issue 17).
consultation_list = personal_data("相談記録一覧")(ConsultationListView.as_view())
case_list = personal_data("個別支援ケース一覧")(CaseListView.as_view())
accessrecord_list = personal_data("個人情報の閲覧記録")(AccessRecordListView.as_view())
