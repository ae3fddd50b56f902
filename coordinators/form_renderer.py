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


def _text(value):
    """What `{{ value }}` writes: localized when not text, escaped unless marked safe."""
    return conditional_escape(value if isinstance(value, str) else localize(value))


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


class FormRenderer(TemplatesSetting):
    """TemplatesSetting with WRITERS drawing their templates' markup in Python."""

    def render(self, template_name, context, request=None):
        write = WRITERS.get(template_name)
        if write is None:
            return super().render(template_name, context, request=request)
        return mark_safe(write(context["widget"]))
