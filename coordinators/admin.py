"""Django admin for the coordinators app: each domain registers its models in its own
admin module, imported here so that admin autodiscovery finds them; the half-year closing,
shared by all, is registered here."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from .accounts import admin as accounts_admin  # noqa: F401
from .accounts import user_admin  # noqa: F401
from .activities import admin as activities_admin  # noqa: F401
from .closing import half_year_close
from .consultations import admin as consultations_admin  # noqa: F401
from .models import HalfYearClosing
from .organisation import admin as organisation_admin  # noqa: F401
from .recordkeeping.admin import HistoryAdmin
from .resources import admin as resources_admin  # noqa: F401


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
