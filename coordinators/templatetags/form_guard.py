from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html

from coordinators.recordkeeping.single_submission import TOKEN_FIELD, new_token

register = template.Library()


@register.simple_tag(takes_context=True)
def form_guard(context):
    """What every POST form carries: the CSRF token and a one-time submission token."""
    request = context["request"]
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="{}" value="{}">',
        get_token(request),
        TOKEN_FIELD,
        new_token(),
    )
