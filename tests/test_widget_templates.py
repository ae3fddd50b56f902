"""templates/django/forms/widgets/ overrides three of Django's widget templates (select.html,
multiple_input.html, input.html) to write options and attributes in place instead of through
an include each (issue 22). They must write exactly what Django's own templates write, for
every widget drawn through them: compared here with Django's stock renderer, as HTML (a
newline Django's includes leave before a label's text is a space in ours; HTML collapses
both to one space)."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.test.html import parse_html

CHOICES = [
    ("", "選んでください"),
    ("1", '<b>"訪問"</b> & 同行'),
    ("2", "会議・協議体出席"),
    ("東圏域", [("3", "ふれあいサロン"), ("4", "いきいき体操")]),
]
ATTRS = {"id": "id_pick", "class": "wide", "required": True, "disabled": False, "data-x": 'a"b'}

WIDGETS = [
    (forms.Select(attrs=ATTRS, choices=CHOICES), "2"),
    (forms.Select(choices=CHOICES), None),
    (forms.SelectMultiple(attrs=ATTRS, choices=CHOICES), ["1", "4"]),
    (forms.CheckboxSelectMultiple(attrs=ATTRS, choices=CHOICES), ["1", "3"]),
    (forms.CheckboxSelectMultiple(choices=CHOICES[1:3]), []),
    (forms.RadioSelect(attrs={"class": "inline"}, choices=CHOICES), "4"),
    (forms.TextInput(attrs=ATTRS), '田中 <一郎> & "サロン"'),
    (forms.TextInput(), None),
    (forms.NumberInput(attrs={"min": 0}), 0),
    (forms.HiddenInput(), "3"),
    (forms.DateInput(attrs={"autofocus": True}), "2024-06-10"),
    (forms.CheckboxInput(attrs={"id": "id_flag"}), True),
    (forms.Textarea(attrs=ATTRS), "一行目\n二行目"),
]


@pytest.mark.parametrize(
    ("widget", "value"), WIDGETS, ids=lambda item: type(item).__name__ if item else "-"
)
def test_overridden_widget_templates_write_djangos_markup(widget, value):
    ours = widget.render("pick", value, renderer=TemplatesSetting())
    djangos = widget.render("pick", value, renderer=DjangoTemplates())

    assert parse_html(ours) == parse_html(djangos)


def test_the_overrides_are_the_templates_in_use():
    # were the overrides not found, the comparison above would compare Django with itself
    renderer = TemplatesSetting()
    for name in ("select.html", "multiple_input.html", "input.html"):
        template = renderer.get_template(f"django/forms/widgets/{name}")
        assert "issue 22" in template.template.source
