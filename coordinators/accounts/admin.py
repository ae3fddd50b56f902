"""Admin for a login's recovery codes (issue 17): an administrator sees how many are left and
deletes them with the authenticator when a login has lost both; the codes themselves are never
shown (only their digests are stored)."""

from django.contrib import admin

from coordinators.models import RecoveryCodeDevice


@admin.register(RecoveryCodeDevice)
class RecoveryCodeDeviceAdmin(admin.ModelAdmin):
    list_display = ("user", "remaining_codes")
    search_fields = ("user__username",)
    fields = ("user", "remaining_codes")
    readonly_fields = ("user", "remaining_codes")

    @admin.display(description="未使用のコード")
    def remaining_codes(self, device):
        return device.remaining()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
