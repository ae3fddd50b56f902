from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from .closing import half_year_close
from .models import (
    AccessRecord,
    Activity,
    ActivityForm,
    ActivityTemplate,
    Area,
    Assignment,
    Center,
    ConsultationOutcome,
    ConsultationRoute,
    ConsultationTopic,
    ConsulterType,
    Coordinator,
    HalfYearClosing,
    ResourceType,
    SocialResource,
    StaffProfile,
    Town,
)
from .selectors import today
from .services import validate_assignment_history


class HistoryAdmin(SimpleHistoryAdmin):
    """History to read. simple-history saves a POSTed past version even with reverting
    disabled, which would write around the services' rules (and read-only admins)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Center)
class CenterAdmin(HistoryAdmin):
    list_display = ("name", "kind", "tier", "display_order", "is_active")
    list_editable = ("display_order", "is_active")
    list_filter = ("kind", "tier", "is_active")
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
        ]
        validate_assignment_history(rows)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    formset = AssignmentFormSet
    extra = 1
    fields = ("center", "tier", "start_date", "end_date")


@admin.register(Coordinator)
class CoordinatorAdmin(HistoryAdmin):
    list_display = ("name", "kana", "current_center", "user")
    search_fields = ("name", "kana")
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
        current = next((a for a in coordinator.assignments.all() if a.is_current_on(day)), None)
        return current.center if current else "—"


@admin.register(ResourceType)
class ResourceTypeAdmin(HistoryAdmin):
    list_display = ("name", "display_order")
    list_editable = ("display_order",)
    search_fields = ("name",)


@admin.register(SocialResource)
class SocialResourceAdmin(HistoryAdmin):
    list_display = ("name", "resource_type", "state", "area", "town", "is_subsidised")
    list_filter = ("resource_type", "state", "area", "is_subsidised")
    search_fields = ("name", "address", "operator", "notes")
    list_select_related = ("resource_type", "area", "town")
    date_hierarchy = "launched_on"


@admin.register(StaffProfile)
class StaffProfileAdmin(HistoryAdmin):
    list_display = ("user", "center")
    list_filter = ("center",)
    search_fields = ("user__username", "user__last_name", "user__first_name")
    autocomplete_fields = ("user",)
    list_select_related = ("user", "center")


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = True
    extra = 0
    max_num = 1
    verbose_name = "所属（センター職員の場合）"


admin.site.unregister(User)


@admin.register(User)
class SasaeaiUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ("username", "last_name", "first_name", "staff_center", "is_staff", "is_active")
    list_select_related = ("staff_profile__center",)

    @admin.display(description="所属")
    def staff_center(self, user):
        profile = getattr(user, "staff_profile", None)
        return profile.center if profile else "—"


@admin.register(ActivityForm)
class ActivityFormAdmin(HistoryAdmin):
    list_display = ("name", "counts_as_visit", "display_order", "is_active")
    list_editable = ("counts_as_visit", "display_order", "is_active")
    search_fields = ("name",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records entered on the app's own screens: admin may look, never write around the rules."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = (
        "date",
        "center",
        "category",
        "form",
        "description",
        "recorded_by",
        "is_deleted",
    )
    list_filter = ("center", "category", "form", ("deleted_at", admin.EmptyFieldListFilter))
    search_fields = ("description", "place", "coordinators__name")
    date_hierarchy = "date"
    list_select_related = ("center", "form", "recorded_by")

    def get_queryset(self, request):
        # Admins audit deleted rows too; every screen of the app hides them.
        return Activity.all_objects.select_related("center", "form", "recorded_by")

    @admin.display(description="削除済み", boolean=True)
    def is_deleted(self, activity):
        return activity.deleted_at is not None


@admin.register(ActivityTemplate)
class ActivityTemplateAdmin(ReadOnlyAdmin):
    list_display = ("name", "center", "weekday", "category", "form")
    list_filter = ("center",)

    def has_delete_permission(self, request, obj=None):
        return True


class HalfYearClosingForm(forms.ModelForm):
    class Meta:
        model = HalfYearClosing
        fields = ["fiscal_year", "half", "center"]

    def clean(self):
        data = super().clean()
        exists = HalfYearClosing.objects.filter(
            fiscal_year=data.get("fiscal_year"),
            half=data.get("half"),
            center=data.get("center"),
            reopened_at__isnull=True,
        ).exists()
        if exists:
            raise ValidationError("この半期はすでに締めています。")
        return data


@admin.register(HalfYearClosing)
class HalfYearClosingAdmin(HistoryAdmin):
    form = HalfYearClosingForm
    list_display = (
        "period_label",
        "center_label",
        "closed_at",
        "closed_by",
        "reopened_at",
        "reopened_by",
    )
    list_filter = ("fiscal_year", "half", "center")
    readonly_fields = ("reopen_reason",)

    def has_change_permission(self, request, obj=None):
        return obj is None

    def has_delete_permission(self, request, obj=None):
        # A closing is history: it is reopened, never deleted.
        return False

    @admin.display(description="半期")
    def period_label(self, closing):
        return closing.period.label

    @admin.display(description="所属")
    def center_label(self, closing):
        return closing.center or "全所属"

    def save_model(self, request, obj, form, change):
        created = half_year_close(
            user=request.user,
            fiscal_year=form.cleaned_data["fiscal_year"],
            half=form.cleaned_data["half"],
            center=form.cleaned_data["center"],
        )
        obj.pk, obj.closed_at, obj.closed_by = created.pk, created.closed_at, created.closed_by


@admin.register(ConsultationRoute, ConsulterType, ConsultationTopic)
class ConsultationChoiceAdmin(HistoryAdmin):
    list_display = ("name", "display_order", "is_active")
    list_editable = ("display_order", "is_active")
    search_fields = ("name",)


@admin.register(ConsultationOutcome)
class ConsultationOutcomeAdmin(ConsultationChoiceAdmin):
    list_display = ("name", "connects_resource", "display_order", "is_active")
    list_editable = ("connects_resource", "display_order", "is_active")


@admin.register(AccessRecord)
class AccessRecordAdmin(ReadOnlyAdmin):
    """Append-only: the application writes these, nobody edits or deletes them."""

    list_display = ("at", "user", "action", "target", "address")
    list_filter = ("action",)
    search_fields = ("user__username", "target", "path")
    date_hierarchy = "at"
