from django import forms

from coordinators.forms import (
    BlankChoicesInJapanese,
    CategoryField,
    WarekiDateField,
    number_choices,
)
from coordinators.models import Area, Category
from coordinators.periods import fiscal_year_label
from coordinators.recordkeeping.edit_conflicts import VersionedForm
from coordinators.resources.forms import ResourceNameField, shown_resource_name
from coordinators.text import CleanedTextForm
from coordinators.typed_values import TimeOfDayField

from .models import Council, IssueTheme, Meeting, RegionalIssue, Stage


class AttendeeField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, coordinator):
        current = [a for a in coordinator.all_assignments if a.end_date is None]
        return f"{coordinator.name}（{current[-1].center.name}）" if current else coordinator.name


class MeetingForm(BlankChoicesInJapanese, CleanedTextForm, VersionedForm, forms.ModelForm):
    """「会議を記録」 and its change; times typed as on the week page (10時, 1030, ９：３０)."""

    date = WarekiDateField(label="開催日")
    start_time = TimeOfDayField(label="開始時刻", required=False)
    end_time = TimeOfDayField(label="終了時刻", required=False)
    coordinators = AttendeeField(label="出席した担当者", queryset=None)
    resource = ResourceNameField(label="会場（社会資源）")
    category = CategoryField(label="区分", required=False, help_text="空欄なら会議体の既定の区分")
    raised = forms.CharField(
        label="この会議で提起された地域課題",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": "1行に1つ。例: 買物に行けない高齢者が増えている"}
        ),
    )
    discussed = forms.ModelMultipleChoiceField(
        label="議論した地域課題（登録済み）",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    class Meta:
        model = Meeting
        fields = [
            "council",
            "date",
            "start_time",
            "end_time",
            "place",
            "resource",
            "category",
            "coordinators",
            "other_participants",
            "organisations",
            "agenda",
            "summary",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, coordinators, issues, categories=None, **kwargs):
        """categories: the 区分 the login's 所属 may record (Category.objects.for_tier; every
        active one for the division, the default): a tier-2 center is not offered the first
        customer's 2層支援, which its save would refuse."""
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = Council.objects.filter(is_active=True).select_related(
            "kind"
        )
        self.fields["coordinators"].queryset = coordinators
        number_choices(self.fields["council"])
        if categories is None:
            categories = Category.objects.filter(is_active=True)
        self.fields["category"].offer(
            categories, blank="会議体の既定", kept=self.instance.category_id
        )
        self.fields["discussed"].queryset = issues
        if self.instance.pk:
            del self.fields["raised"]
            del self.fields["discussed"]
            if self.instance.resource_id:
                self.initial["resource"] = shown_resource_name(self.instance.resource)

    def clean_category(self):
        return self.cleaned_data.get("category") or None

    def split(self):
        """(coordinators, raised titles, discussed issues, meeting fields) for the services."""
        data = dict(self.cleaned_data)
        coordinators = data.pop("coordinators")
        raised = [line.strip() for line in data.pop("raised", "").splitlines() if line.strip()]
        discussed = data.pop("discussed", [])
        if data.get("category") is None:
            data.pop("category", None)
        return coordinators, raised, discussed, data


class AttendanceForm(BlankChoicesInJapanese, forms.Form):
    """The login's 所属's attendees at a meeting it joins or attends (issue 14)."""

    coordinators = AttendeeField(label="出席した担当者", queryset=None, required=False)

    def __init__(self, *args, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinators"].queryset = coordinators


class IssueAdvanceForm(BlankChoicesInJapanese, forms.Form):
    stage = forms.TypedChoiceField(
        label="段階", coerce=int, choices=[(s.value, s.label) for s in Stage if s != Stage.RAISED]
    )
    date = WarekiDateField(label="日付")
    meeting = forms.ModelChoiceField(
        label="会議", queryset=None, required=False, empty_label="なし"
    )
    note = forms.CharField(label="メモ", required=False, max_length=300)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class IssueEditForm(BlankChoicesInJapanese, CleanedTextForm, VersionedForm, forms.ModelForm):
    class Meta:
        model = RegionalIssue
        fields = ["title", "description", "areas", "themes"]
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class IssueMergeForm(BlankChoicesInJapanese, forms.Form):
    other = forms.ModelChoiceField(label="統合する地域課題", queryset=None)

    def __init__(self, *args, issues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = issues


class PipelineFilterForm(BlankChoicesInJapanese, forms.Form):
    area = forms.ModelChoiceField(
        label="日常生活圏域", queryset=None, required=False, empty_label="すべて"
    )
    theme = forms.ModelChoiceField(
        label="テーマ", queryset=IssueTheme.objects.all(), required=False, empty_label="すべて"
    )
    fiscal_year = forms.TypedChoiceField(label="提起した年度", coerce=int, required=False)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.all()
        self.fields["fiscal_year"].choices = [("", "すべて")] + [
            (year, fiscal_year_label(year)) for year in years
        ]
