from datetime import date

from django import forms

from coordinators.forms import (
    BlankChoicesInJapanese,
    DaySelect,
    PersonChoiceField,
    WarekiDateField,
    day_label,
    number_choices,
    own_or_only_person,
    told_apart,
)
from coordinators.models import (
    Area,
    CaseStep,
    Consultation,
    ConsultationOutcome,
    ConsultationRoute,
    ConsultationTopic,
    ConsulterType,
    ResourceState,
    ResourceType,
    SupportCase,
)
from coordinators.organisation.selectors import coordinators_during
from coordinators.recordkeeping.edit_conflicts import VersionedForm
from coordinators.resources.forms import ResourceNameField, shown_resource_name
from coordinators.resources.selectors import resources_matching
from coordinators.text import CleanedTextForm


class SingleCoordinatorField(PersonChoiceField):
    pass


def _active(model):
    return model.objects.filter(is_active=True)


class ConsultationFormBase(BlankChoicesInJapanese, CleanedTextForm, forms.ModelForm):
    coordinator = SingleCoordinatorField(label="担当者", queryset=None, empty_label=None)
    topics = forms.ModelMultipleChoiceField(
        label="相談内容",
        queryset=_active(ConsultationTopic),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "相談内容を1つ以上選んでください。"},
    )
    resource = ResourceNameField(label="つないだ社会資源")

    def __init__(self, *args, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = told_apart(coordinators)
        self.fields["route"].queryset = _active(ConsultationRoute)
        self.fields["consulter_type"].queryset = _active(ConsulterType)
        self.fields["outcome"].queryset = _active(ConsultationOutcome)
        for name in ("route", "consulter_type", "outcome"):
            number_choices(self.fields[name])
        if self.instance.pk and self.instance.resource_id:
            self.initial["resource"] = shown_resource_name(self.instance.resource)

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        # Asked on screen only: records imported from years of spreadsheets never named it.
        if outcome is not None and outcome.connects_resource and not data.get("resource"):
            self.add_error("resource", "つないだ社会資源を選んでください。")
        return data

    def split(self):
        """(coordinator, topics, other fields) for the services."""
        data = dict(self.cleaned_data)
        return data.pop("coordinator"), data.pop("topics"), data


class QuickConsultationForm(ConsultationFormBase):
    """The compact row on the week page: most consultations are counted, not case-managed."""

    received_on = forms.TypedChoiceField(
        label="受付日", coerce=date.fromisoformat, widget=DaySelect
    )

    class Meta:
        model = Consultation
        fields = [
            "received_on",
            "route",
            "consulter_type",
            "topics",
            "outcome",
            "resource",
            "coordinator",
        ]

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].choices = [(d.isoformat(), day_label(d)) for d in days]


class ConsultationForm(VersionedForm, ConsultationFormBase):
    received_on = WarekiDateField(label="受付日")

    class Meta:
        model = Consultation
        fields = [
            "received_on",
            "coordinator",
            "route",
            "consulter_type",
            "topics",
            "outcome",
            "resource",
            "summary",
            "subject_age",
            "subject_sex",
            "care_level",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "subject_age": forms.NumberInput(attrs={"min": 0, "max": 130}),
        }


class CaseOpenForm(CleanedTextForm, forms.ModelForm):
    class Meta:
        model = SupportCase
        fields = ["title"]


class CaseStepForm(CleanedTextForm, forms.ModelForm):
    date = WarekiDateField(label="日付")

    class Meta:
        model = CaseStep
        fields = ["date", "description"]
        widgets = {
            "description": forms.TextInput(attrs={"placeholder": "例: ケアマネジャーと同行訪問"})
        }


class ResourceSearchForm(forms.Form):
    """Matching: search the directory from a case."""

    area = forms.ModelChoiceField(
        label="日常生活圏域", queryset=None, required=False, empty_label="すべて"
    )
    resource_type = forms.ModelChoiceField(
        label="種別", queryset=None, required=False, empty_label="すべて"
    )
    state = forms.ChoiceField(label="状態", required=False)
    schedule = forms.CharField(label="開催日時に含む語", required=False, help_text="例: 火曜")
    q = forms.CharField(label="キーワード", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.all()
        self.fields["resource_type"].queryset = ResourceType.objects.all()
        self.fields["state"].choices = [("", "すべて"), *ResourceState.choices]

    def search(self, resources):
        if not self.is_valid():
            return resources.none()
        data = self.cleaned_data
        if data["area"]:
            resources = resources.filter(area=data["area"])
        if data["resource_type"]:
            resources = resources.filter(resource_type=data["resource_type"])
        if data["state"]:
            resources = resources.filter(state=data["state"])
        for term in data["schedule"].split():
            resources = resources.filter(schedule__icontains=term)
        # 「ふれあい　サロン」 finds 「ふれあいサロン」 (issue 15)
        return resources_matching(resources, data["q"], ("name", "operator"))


def quick_consultation_form(user, center, days, data=None, day=None):
    """The week page's compact consultation row, defaulting to the login's own coordinator
    (or the only one listed)."""
    form = QuickConsultationForm(
        data,
        initial={"received_on": (day or days[0]).isoformat()},
        days=days,
        coordinators=coordinators_during(center, days[0], days[-1]),
        prefix="consultation",
    )
    person = own_or_only_person(form.fields["coordinator"], user)
    if person is not None:
        form.initial["coordinator"] = person
    return form
