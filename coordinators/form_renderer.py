"""The form renderer (settings.FORM_RENDERER): Django's TemplatesSetting, except that the
widgets drawn most, selects, checkbox and radio lists and plain inputs, are written here in
Python instead of through Django's widget templates (issue 22).

A select of a dozen options cost ~1 ms through the template engine (select.html with an
include of select_option.html and attrs.html per option) and the week page draws nine such
widgets, a list's filter form ten. The markup is Django's own, unchanged:
tests/test_form_renderer.py compares every widget drawn here with Django's stock renderer, and
checks that the templates bypassed are still Django's, not overridden. Any other template
(textarea, admin widgets, a multi-widget's parts, our own) goes through the templates."""

from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime


def _text(value):
    """What `{{ value }}` writes: in local time and localized when not text, escaped unless
    marked safe."""
    if isinstance(value, str):
        return conditional_escape(value)
    return conditional_escape(localize(template_localtime(value)))


def _attrs(attrs):
    """Django's attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget):
    """Django's input.html; `widget` is the "widget" dict of Widget.get_context."""
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(value)}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}' + (
        f"{_attrs(widget['attrs'])}>"
    )


def _select(widget):
    """Django's select.html with its select_option.html written in place."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        parts.extend(
            f'\n  <option value="{conditional_escape(option["value"])}"'
            f"{_attrs(option['attrs'])}>{_text(option['label'])}</option>"
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _multiple_input(widget):
    """Django's multiple_input.html with input_option.html written in place: a checkbox or
    radio list, each option in a <div>, its input inside its <label>."""
    attrs = widget["attrs"]
    id_attr = f' id="{_text(attrs["id"])}"' if attrs.get("id") else ""
    class_attr = f' class="{_text(attrs["class"])}"' if attrs.get("class") else ""
    parts = [f"<div{id_attr}{class_attr}>"]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <div><label>{_text(group_name)}</label>")
        for option in options:
            tag = _input(option)
            if option["wrap_label"]:
                option_id = option["attrs"].get("id")
                label_for = f' for="{_text(option_id)}"' if option_id else ""
                tag = f"<label{label_for}>{tag} {_text(option['label'])}</label>"
            parts.append(f"<div>\n    {tag}</div>")
        if group_name:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


# Django's widget templates that are nothing but the markup written above (an include of
# input.html or multiple_input.html, or select.html itself), by what writes them instead.
INPUT_TEMPLATES = (
    "checkbox color date datetime email file hidden number password search tel text time url"
)
WRITERS = {
    **{f"django/forms/widgets/{name}.html": _input for name in INPUT_TEMPLATES.split()},
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/checkbox_select.html": _multiple_input,
    "django/forms/widgets/radio.html": _multiple_input,
}
# What the writers write in place of the templates named above includes: a project template
# overriding one of these (or of WRITERS) would be bypassed, which tests/test_form_renderer.py
# refuses.
WRITTEN_IN_PLACE = (
    "django/forms/widgets/input.html",
    "django/forms/widgets/attrs.html",
    "django/forms/widgets/select_option.html",
    "django/forms/widgets/multiple_input.html",
    "django/forms/widgets/input_option.html",
    "django/forms/widgets/checkbox_option.html",
    "django/forms/widgets/radio_option.html",
)


def _own_options(widget):
    """True when every option is drawn by Django's own option template: a widget with an
    option_template_name of its own is left to the templates."""
    return all(
        option["template_name"] in WRITTEN_IN_PLACE
        for _group, options, _index in widget.get("optgroups", ())
        for option in options
    )


class FormRenderer(TemplatesSetting):
    """TemplatesSetting with WRITERS drawing their templates' markup in Python."""

    def render(self, template_name, context, request=None):
        write = WRITERS.get(template_name)
        if write is None or not _own_options(context["widget"]):
            return super().render(template_name, context, request=request)
        return mark_safe(write(context["widget"]))
