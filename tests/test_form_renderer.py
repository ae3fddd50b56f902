"""coordinators/form_renderer.py writes selects, checkbox and radio lists and inputs in Python
instead of through Django's widget templates (issue 22). It must write exactly what Django's
templates write, for every widget drawn through it: compared here with Django's stock
renderer, as HTML (a newline Django's includes leave before a label's text is a space in ours;
HTML collapses both to one space)."""

from datetime import UTC, datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting, get_default_renderer
from django.test import override_settings
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from coordinators.form_renderer import WRITERS, WRITTEN_IN_PLACE, FormRenderer
from coordinators.models import ActivityForm

CHOICES = [
    ("", "選んでください"),
    ("1", '<b>"訪問"</b> & 同行'),
    ("2", "会議・協議体出席"),
    ("東圏域", [("3", "ふれあいサロン"), ("4", "いきいき体操")]),
    (5, mark_safe("<i>safe</i>")),
    ("6", 1234567),
]
ATTRS = {"id": "id_pick", "class": "wide", "required": True, "disabled": False, "data-x": 'a"b'}

WIDGETS = [
    (forms.Select(attrs=ATTRS, choices=CHOICES), "2"),
    (forms.Select(choices=CHOICES), None),
    (forms.Select(choices=CHOICES), 5),
    (forms.SelectMultiple(attrs=ATTRS, choices=CHOICES), ["1", "4"]),
    (forms.NullBooleanSelect(), True),
    (forms.CheckboxSelectMultiple(attrs=ATTRS, choices=CHOICES), ["1", "3"]),
    (forms.CheckboxSelectMultiple(choices=CHOICES[1:3]), []),
    (forms.CheckboxSelectMultiple(attrs={"class": "chips"}, choices=CHOICES), ["6"]),
    (forms.RadioSelect(attrs={"class": "inline"}, choices=CHOICES), "4"),
    (forms.RadioSelect(attrs={"id": "id_r"}, choices=[]), None),
    (forms.TextInput(attrs=ATTRS), '田中 <一郎> & "サロン"'),
    (forms.TextInput(attrs={"data-safe": mark_safe("&amp;")}), mark_safe("<b>x</b>")),
    (forms.TextInput(), None),
    (forms.NumberInput(attrs={"min": 0, "step": 0.5}), 0),
    (forms.HiddenInput(), "3"),
    (forms.DateInput(attrs={"autofocus": True}), "2024-06-10"),
    (forms.TimeInput(), "09:30"),
    (forms.DateTimeInput(), "2024-06-10 09:30"),
    (forms.EmailInput(attrs={"placeholder": "a@example.jp"}), "x@example.jp"),
    (forms.URLInput(), "https://example.jp/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "秘密'"),
    (forms.PasswordInput(), "秘密"),
    (forms.FileInput(), None),
    (forms.CheckboxInput(attrs={"id": "id_flag"}), True),
    (forms.CheckboxInput(), False),
    (forms.Textarea(attrs=ATTRS), "一行目\n二行目"),
]


@pytest.mark.parametrize(
    ("widget", "value"), WIDGETS, ids=lambda item: type(item).__name__ if item else "-"
)
def test_the_renderer_writes_djangos_markup(widget, value):
    ours = widget.render("pick", value, renderer=FormRenderer())
    djangos = widget.render("pick", value, renderer=DjangoTemplates())

    assert parse_html(ours) == parse_html(djangos)


@pytest.mark.django_db
def test_model_choices_are_written_as_django_writes_them():
    chosen = ActivityForm.objects.create(name="訪問 <自宅>", counts_as_visit=True).pk
    field = forms.ModelChoiceField(ActivityForm.objects.order_by("pk"), empty_label="―")

    ours = field.widget.render("form", chosen, renderer=FormRenderer())
    djangos = field.widget.render("form", chosen, renderer=DjangoTemplates())

    assert parse_html(ours) == parse_html(djangos)
    assert f'<option value="{chosen}" selected>訪問 &lt;自宅&gt;</option>' in ours


def test_the_templates_written_in_python_are_djangos_own():
    # A project template overriding one of these would be ignored by the renderer: were one
    # added under templates/django/forms/widgets/, this says so.
    ours, djangos = TemplatesSetting(), DjangoTemplates()
    for name in (*WRITERS, *WRITTEN_IN_PLACE):
        found = ours.get_template(name).template
        assert found.source == djangos.get_template(name).template.source, name
        assert "/django/forms/templates/" in found.origin.name, name


def test_forms_are_drawn_by_this_renderer():
    assert isinstance(get_default_renderer(), FormRenderer)


class StarredSelect(forms.Select):
    option_template_name = "starred_option.html"


def test_a_widget_with_an_option_template_of_its_own_is_drawn_by_its_templates(tmp_path):
    (tmp_path / "starred_option.html").write_text(
        '<option value="{{ widget.value }}">★{{ widget.label }}</option>'
    )
    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [tmp_path],
            "APP_DIRS": True,
        }
    ]
    widget = StarredSelect(choices=CHOICES[1:3])
    with override_settings(TEMPLATES=templates):
        ours = widget.render("pick", "2", renderer=FormRenderer())
        djangos = widget.render("pick", "2", renderer=TemplatesSetting())

    assert "★会議・協議体出席" in ours
    assert parse_html(ours) == parse_html(djangos)


@override_settings(USE_TZ=True, TIME_ZONE="Asia/Tokyo")
def test_a_time_as_a_label_is_written_in_local_time():
    moment = datetime(2024, 6, 10, 23, 30, tzinfo=UTC)
    widget = forms.Select(choices=[("1", moment)])

    ours = widget.render("pick", "1", renderer=FormRenderer())

    assert parse_html(ours) == parse_html(widget.render("pick", "1", renderer=DjangoTemplates()))
    assert "2024年6月11日8:30" in ours
