from django import forms

from .edit_conflicts import VersionedForm
from .models import SocialResource, Town
from .periods import DATE_EXAMPLES, PeriodParseError, parse_date, wareki_short_date
from .roles import role_of
from .selectors import areas_editable_by


class WarekiDateInput(forms.TextInput):
    """Shows a stored date the way staff type it (R7.4.1); any accepted form may be typed back."""

    def format_value(self, value):
        if hasattr(value, "year"):
            return wareki_short_date(value)
        return super().format_value(value)


class WarekiDateField(forms.DateField):
    widget = WarekiDateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", f"{DATE_EXAMPLES}のどれでも入力できます")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "R7.4.1")
        self.widget.attrs.setdefault("inputmode", "text")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        try:
            return parse_date(value)
        except PeriodParseError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class TownChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, town):
        return f"{town.area.name} / {town.name}"


class SocialResourceForm(VersionedForm, forms.ModelForm):
    launched_on = WarekiDateField(label="開始日", required=False)
    town = TownChoiceField(
        queryset=Town.objects.select_related("area"), label="町名", required=False
    )

    class Meta:
        model = SocialResource
        fields = [
            "name",
            "resource_type",
            "state",
            "area",
            "town",
            "address",
            "operator",
            "schedule",
            "launched_on",
            "is_subsidised",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable_areas = areas_editable_by(user).select_related("center")
        self.fields["area"].queryset = editable_areas
        self.fields["town"].queryset = Town.objects.filter(area__in=editable_areas).select_related(
            "area"
        )
        if not role_of(user).sees_all_centers:
            self.fields["area"].required = True
            self.fields["area"].empty_label = None


class WorkbookImportForm(forms.Form):
    file = forms.FileField(
        label="取り込むファイル（.xlsx）",
        help_text="ひな型と同じシート名・列の順のExcelブック",
    )
    dry_run = forms.BooleanField(label="確認のみ（保存しない）", required=False, initial=True)
