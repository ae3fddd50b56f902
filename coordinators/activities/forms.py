from datetime import date

from django import forms

from coordinators.forms import (
    BlankChoicesInJapanese,
    CategoryField,
    DaySelect,
    PeopleChoiceField,
    day_label,
    number_choices,
    told_apart,
)
from coordinators.models import Activity, ActivityForm, Category, Tier
from coordinators.organisation.selectors import tiers_held_at
from coordinators.periods import wareki_date
from coordinators.recordkeeping.edit_conflicts import VersionedForm
from coordinators.resources.forms import ResourceNameField, shown_resource_name
from coordinators.text import CleanedTextForm
from coordinators.typed_values import MinutesField, TimeOfDayField


class ActivityEntryForm(BlankChoicesInJapanese, CleanedTextForm, VersionedForm, forms.ModelForm):
    """The one short form on the week page, for a new entry and for editing one in place; the
    所属 and 層 are never part of it. 開始時刻 and 所要時間 are text boxes read by the shared
    parsers (coordinators.typed_values): 10時, 1030, ９：３０; 90, 1時間30分, 1.5時間, 1:30
    (issue 15)."""

    date = forms.TypedChoiceField(label="日付", coerce=date.fromisoformat, widget=DaySelect)
    category = CategoryField(label="区分")
    coordinators = PeopleChoiceField(label="担当者", queryset=None)
    resource = ResourceNameField(label="訪問先（社会資源）")
    start_time = TimeOfDayField(label="開始時刻", required=False)
    duration_minutes = MinutesField(label="所要時間（分）", required=False)
    # A new entry recorded from a template's schedule (「調整して記録」) keeps the link, so the
    # week's schedule shows it as recorded (issue 18).
    template = forms.ModelChoiceField(
        queryset=None, required=False, widget=forms.HiddenInput, label="作成元テンプレート"
    )
    # Only where a 兼務 person holds two tiers of the page's 所属 (issue 20).
    tier = forms.TypedChoiceField(
        label="記録する層（兼務）",
        coerce=int,
        required=False,
        help_text="2つの層を兼務する担当者の記録を、どちらの層の活動にするか",
    )

    class Meta:
        model = Activity
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
            "quantity",
        ]
        labels = {"quantity": "数量（部数など）"}
        help_texts = {"quantity": "広報誌・チラシ発行なら発行部数。単位のある活動形態だけ"}
        widgets = {
            "participants": forms.NumberInput(attrs={"min": 0}),
            "quantity": forms.NumberInput(attrs={"min": 0}),
            "description": forms.TextInput(
                attrs={"placeholder": "例: 家族介護者サロンに参加、運営を支援"}
            ),
            "place": forms.TextInput(attrs={"placeholder": "社会資源にない場所"}),
        }

    def __init__(self, *args, center, days, coordinators, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk or templates is None:
            del self.fields["template"]
        else:
            self.fields["template"].queryset = templates
        self.fields["date"].choices = [(day.isoformat(), day_label(day)) for day in days]
        self.fields["coordinators"].queryset = told_apart(coordinators)
        tiers = tiers_held_at(center, coordinators, days[0], days[-1]) if center else []
        if len(tiers) > 1:
            self.fields["tier"].choices = [(tier, Tier(tier).label) for tier in tiers]
            own = self.instance.tier if self.instance.pk else center.tier
            self.initial.setdefault("tier", own if own in tiers else tiers[0])
            offered = Category.objects.for_tiers(tiers)
        else:
            del self.fields["tier"]
            offered = Category.objects.for_tier(center.tier if center else Tier.SECOND)
        self.fields["category"].offer(offered, kept=self.instance.category_id)
        self.fields["form"].queryset = ActivityForm.objects.filter(is_active=True)
        number_choices(self.fields["form"])
        if self.instance.pk and self.instance.resource_id:
            self.initial["resource"] = shown_resource_name(self.instance.resource)


def activity_summary(activity):
    """One line for messages: 令和6年4月8日 運営支援「…」."""
    category = activity.category.label
    return f"{wareki_date(activity.date)} {category}「{activity.description[:30]}」"
