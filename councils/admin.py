from django.contrib import admin

from coordinators.recordkeeping.admin import HistoryAdmin, ReadOnlyAdmin

from .models import Council, CouncilKind, IssueStep, IssueTheme, Meeting, RegionalIssue


@admin.register(CouncilKind)
class CouncilKindAdmin(HistoryAdmin):
    list_display = ("name", "tier", "display_order")
    list_editable = ("display_order",)


@admin.register(Council)
class CouncilAdmin(HistoryAdmin):
    list_display = (
        "name",
        "tier",
        "kind",
        "center",
        "area",
        "counts_as_equivalent",
        "default_category",
        "is_active",
    )
    list_filter = ("tier", "kind", "counts_as_equivalent", "is_active")
    search_fields = ("name",)


@admin.register(IssueTheme)
class IssueThemeAdmin(HistoryAdmin):
    list_display = ("name", "display_order")
    list_editable = ("display_order",)


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = ("date", "council", "agenda", "recorded_by")
    list_filter = ("council__kind", "council")
    date_hierarchy = "date"


class IssueStepInline(admin.TabularInline):
    model = IssueStep
    extra = 0
    can_delete = False
    readonly_fields = ("stage", "date", "meeting", "note", "created_by")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RegionalIssue)
class RegionalIssueAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = ("title", "stage", "merged_into")
    list_filter = ("stage", "themes")
    search_fields = ("title",)
    inlines = [IssueStepInline]
