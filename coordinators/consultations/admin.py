from django.contrib import admin

from coordinators.models import (
    ConsultationOutcome,
    ConsultationRoute,
    ConsultationTopic,
    ConsulterType,
)
from coordinators.recordkeeping.admin import HistoryAdmin


@admin.register(ConsultationRoute, ConsulterType, ConsultationTopic)
class ConsultationChoiceAdmin(HistoryAdmin):
    list_display = ("name", "display_order", "is_active")
    list_editable = ("display_order", "is_active")
    search_fields = ("name",)


@admin.register(ConsultationOutcome)
class ConsultationOutcomeAdmin(ConsultationChoiceAdmin):
    list_display = (
        "name",
        "connects_resource",
        "counts_as_referral",
        "display_order",
        "is_active",
    )
    list_editable = ("connects_resource", "counts_as_referral", "display_order", "is_active")
