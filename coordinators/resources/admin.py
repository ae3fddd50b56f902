from django.contrib import admin

from coordinators.models import ResourceType, SocialResource
from coordinators.recordkeeping.admin import HistoryAdmin


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
