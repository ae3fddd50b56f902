from django import template

from coordinators.recordkeeping.single_submission import form_guard_fields

register = template.Library()


@register.simple_tag(takes_context=True)
def form_guard(context):
    """What every POST form carries: the CSRF token and a one-time submission token
    (single_submission.form_guard_fields)."""
    return form_guard_fields(context["request"])
