"""Admin bases for the record-keeping rules: history to read, records to look at but never
write around the services, and the access records of personal data."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from coordinators.models import AccessRecord

from . import in_use


class JapaneseHistoryValues(HistoricalRecordContextHelper):
    """The before and after of a change as the app's own 変更履歴 shows them: an empty value
    or list is （空）, yes/no are はい/いいえ. simple-history shows an empty link as a deleted
    record 「削除されたユーザー (pk=None)」 and a boolean as True/False."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if value in (None, "", []) or (isinstance(value, DeletedObject) and value.pk is None):
            return "（空）"
        if isinstance(value, bool):
            return "はい" if value else "いいえ"
        return value


class HistoryAdmin(SimpleHistoryAdmin):
    """History to read. simple-history saves a POSTed past version even with reverting
    disabled, which would write around the services' rules (and read-only admins)."""

    def get_deleted_objects(self, objs, request):
        # What records use is refused with what to do instead, on the delete page and for
        # "delete selected" alike, before anything is deleted (issue 13).
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusals = [message for obj in objs if (message := in_use.refusal(obj))]
        return deleted, counts, perms_needed, [*refusals, *protected]

    def get_historical_record_context_helper(self, request, historical_record):
        return JapaneseHistoryValues(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records entered on the app's own screens: admin may look, never write around the rules."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessRecord)
class AccessRecordAdmin(ReadOnlyAdmin):
    """Append-only: the application writes these, nobody edits or deletes them."""

    list_display = ("at", "user", "action", "target", "address")
    list_filter = ("action",)
    search_fields = ("user__username", "target", "path")
    date_hierarchy = "at"
