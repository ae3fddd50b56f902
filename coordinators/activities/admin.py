from django.contrib import admin

from coordinators.models import Activity, ActivityForm, ActivityTemplate, Category
from coordinators.recordkeeping.admin import HistoryAdmin, ReadOnlyAdmin


@admin.register(Category)
class CategoryAdmin(HistoryAdmin):
    """区分 (issue 20): renamed, reordered, given their tiers and national function, or made
    inactive; one in use is never deleted (the records PROTECT it) and its number, the code in
    reports and files, is fixed once saved."""

    list_display = (
        "number",
        "label",
        "display_order",
        "tier_1",
        "tier_2",
        "tier_3",
        "national_function",
        "is_meeting_default",
        "is_active",
    )
    list_display_links = ("number",)
    list_editable = (
        "label",
        "display_order",
        "tier_1",
        "tier_2",
        "tier_3",
        "national_function",
        "is_active",
    )

    def get_readonly_fields(self, request, obj=None):
        # The number is the primary key: changing it would make a new 区分, not rename one.
        return ("number",) if obj is not None else ()


@admin.register(ActivityForm)
class ActivityFormAdmin(HistoryAdmin):
    list_display = (
        "name",
        "counts_as_visit",
        "report_role",
        "quantity_unit",
        "display_order",
        "is_active",
    )
    list_editable = (
        "counts_as_visit",
        "report_role",
        "quantity_unit",
        "display_order",
        "is_active",
    )
    search_fields = ("name",)


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
    list_select_related = ("center", "category", "form", "recorded_by")

    def get_queryset(self, request):
        # Admins audit deleted rows too; every screen of the app hides them.
        return Activity.all_objects.select_related("center", "category", "form", "recorded_by")

    @admin.display(description="削除済み", boolean=True)
    def is_deleted(self, activity):
        return activity.deleted_at is not None


@admin.register(ActivityTemplate)
class ActivityTemplateAdmin(ReadOnlyAdmin):
    list_display = ("name", "center", "weekday", "category", "form")
    list_filter = ("center",)

    def has_delete_permission(self, request, obj=None):
        return True
