"""Forms of the social-resource directory, and the 訪問先 field every record form uses."""

from django import forms
from django.utils.html import format_html_join

from coordinators.forms import BlankChoicesInJapanese, WarekiDateField
from coordinators.models import SocialResource, Town
from coordinators.recordkeeping.edit_conflicts import VersionedForm
from coordinators.roles import role_of
from coordinators.text import AmbiguousName, CleanedTextForm, NameIndex, clean_text

from .selectors import areas_editable_by, resource_choices


def shown_resource_name(resource):
    """The 訪問先 box's text for a stored resource: its name, or 「ふれあいサロン（東圏域）」 where
    another resource has that name too (issue 20)."""
    shared = SocialResource.objects.filter(name=resource.name).exclude(pk=resource.pk).exists()
    return resource.qualified_name if shared else resource.name


def resource_options():
    """The <option>s of the 訪問先 type-ahead (SafeString; one query), which a page's
    <datalist id="resource-options"> loads from coordinators:resource_options the first time
    a 訪問先 box (ResourceNameField) is used (templates/coordinators/_resource_datalist.html,
    static/js/app.js)."""
    return format_html_join("", '<option value="{}">{}</option>', resource_choices())


class ResourceNameField(forms.CharField):
    """Type-ahead for 訪問先: the browser suggests names from a datalist; we resolve the name.

    A name typed another way (「ふれあい　サロン」, ｶﾅ width) is the registered resource it folds
    to (coordinators.text.fold, issue 15); an exact name costs one query, as before.
    Raises ValidationError for a name that is not registered or folds like two."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)
        self.widget.attrs.update({"list": "resource-options", "autocomplete": "off"})

    def clean(self, value):
        name = clean_text(super().clean(value), multiline=False).strip()
        if not name:
            return None
        exact = list(SocialResource.objects.filter(name=name)[:2])
        resource = exact[0] if len(exact) == 1 else None
        if resource is None:
            # 「ふれあいサロン（東圏域）」 names one of two of that name (issue 20)
            resources = SocialResource.objects.select_related("area")
            try:
                resource = NameIndex(resources, label=lambda r: r.qualified_name).get(name)
            except AmbiguousName as error:
                raise forms.ValidationError(
                    f"「{name}」に当たる社会資源が複数あります（「{'」「'.join(error.names)}」）。"
                    "候補から選んでください。"
                ) from None
        if resource is None:
            raise forms.ValidationError(
                f"「{name}」は社会資源に登録されていません。候補から選ぶか、「場所」に書いてください。"
            )
        return resource


class TownChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, town):
        return f"{town.area.name} / {town.name}"


class SocialResourceForm(BlankChoicesInJapanese, CleanedTextForm, VersionedForm, forms.ModelForm):
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
