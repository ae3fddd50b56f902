"""Admin of 所属, 圏域, 担当者 with their assignment history, and the logins' 所属 (the
logins themselves: coordinators/accounts/user_admin.py)."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from coordinators.models import (
    Area,
    Assignment,
    Center,
    CenterKind,
    Coordinator,
    Municipality,
    StaffProfile,
    Town,
)
from coordinators.periods import today
from coordinators.recordkeeping.admin import HistoryAdmin

from .services import validate_assignment_history


@admin.register(Municipality)
class MunicipalityAdmin(HistoryAdmin):
    """The municipality's name and 団体コード (issue 21): one row, changed, never a second."""

    list_display = ("name", "code")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Municipality.objects.exists()


@admin.register(CenterKind)
class CenterKindAdmin(HistoryAdmin):
    """Kinds of 所属 (issue 20): a city adds its own; one in use is never deleted."""

    list_display = ("name", "display_order")
    list_editable = ("display_order",)


@admin.register(Center)
class CenterAdmin(HistoryAdmin):
    list_display = ("name", "kind", "tier", "is_secretariat", "display_order", "is_active")
    list_editable = ("display_order", "is_active")
    list_filter = ("kind", "tier", "is_secretariat", "is_active")
    list_select_related = ("kind",)
    search_fields = ("name",)


class TownInline(admin.TabularInline):
    model = Town
    extra = 1


@admin.register(Area)
class AreaAdmin(HistoryAdmin):
    list_display = ("name", "center", "town_names", "display_order")
    list_filter = ("center",)
    search_fields = ("name", "towns__name")
    inlines = [TownInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("center").prefetch_related("towns")

    @admin.display(description="町名")
    def town_names(self, area):
        return "、".join(town.name for town in area.towns.all())


class AssignmentFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        rows = [
            form.instance
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.instance.start_date
            and form.instance.center_id  # a row without 所属 is told so at its field
        ]
        validate_assignment_history(rows)

    def get_unique_error_message(self, unique_check):
        return "同じ所属・層・開始日の所属履歴が2行あります。1行にしてください。"


class AssignmentInline(admin.TabularInline):
    model = Assignment
    formset = AssignmentFormSet
    extra = 1
    fields = ("center", "tier", "start_date", "end_date", "is_concurrent")


@admin.register(Coordinator)
class CoordinatorAdmin(HistoryAdmin):
    list_display = ("name", "kana", "staff_number", "current_center", "user")
    search_fields = ("name", "kana", "staff_number")
    list_filter = ("assignments__center",)
    autocomplete_fields = ("user",)
    inlines = [AssignmentInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user")
            .prefetch_related("assignments__center")
        )

    @admin.display(description="現在の所属")
    def current_center(self, coordinator):
        day = today()
        # two for a 兼務 person
        return "、".join(a.center.name for a in coordinator.assignments_on(day)) or "—"


@admin.register(StaffProfile)
class StaffProfileAdmin(HistoryAdmin):
    list_display = ("user", "center")
    list_filter = ("center",)
    search_fields = ("user__username", "user__last_name", "user__first_name")
    autocomplete_fields = ("user",)
    list_select_related = ("user", "center")
