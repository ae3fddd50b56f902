from datetime import date

from django import forms

from coordinators.forms import day_label
from coordinators.models import Activity, ActivityForm, Category, Tier
from coordinators.periods import wareki_date
from coordinators.recordkeeping.edit_conflicts import VersionedForm
from coordinators.resources.forms import ResourceNameField


class CoordinatorChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, coordinator):
        return coordinator.name


class ActivityEntryForm(VersionedForm, forms.ModelForm):
    """The one short form on the week page; the 所属 and 層 are never part of it."""

    date = forms.TypedChoiceField(label="日付", coerce=date.fromisoformat)
    coordinators = CoordinatorChoiceField(label="担当者", queryset=None)
    resource = ResourceNameField(label="訪問先（社会資源）")

    class Meta:
        model = Activity
        # The form field's own floor is 0; the rule is 1 minute, so say that for -5 as for 0.
        error_messages = {"duration_minutes": {"min_value": "所要時間は1分以上にしてください。"}}
        # Tab order: what every entry needs first, then what only some entries have,
        # so a typical entry is date, category, form, description, Enter.
        fields = [
            "date",
            "category",
            "form",
            "description",
            "resource",
            "start_time",
            "duration_minutes",
            "place",
            "coordinators",
            "participants",
        ]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "duration_minutes": forms.NumberInput(attrs={"min": 1, "max": 1440, "step": 5}),
            "participants": forms.NumberInput(attrs={"min": 0}),
            "description": forms.TextInput(
                attrs={"placeholder": "例: 家族介護者サロンに参加、運営を支援"}
            ),
            "place": forms.TextInput(attrs={"placeholder": "社会資源にない場所"}),
        }

    def __init__(self, *args, center, days, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [(day.isoformat(), day_label(day)) for day in days]
        self.fields["coordinators"].queryset = coordinators
        self.fields["category"].choices = [("", "選んでください")] + [
            (category.value, f"{category.value} {category.label}")
            for category in Category.for_tier(center.tier if center else Tier.SECOND)
        ]
        self.fields["form"].queryset = ActivityForm.objects.filter(is_active=True)
        self.fields["form"].empty_label = "選んでください"
        if self.instance.pk and self.instance.resource_id:
            self.initial["resource"] = self.instance.resource.name
        self.fields["duration_minutes"].widget.attrs["placeholder"] = "分"


def activity_summary(activity):
    """One line for messages: 令和6年4月8日 運営支援「…」."""
    category = activity.get_category_display()
    return f"{wareki_date(activity.date)} {category}「{activity.description[:30]}」"
