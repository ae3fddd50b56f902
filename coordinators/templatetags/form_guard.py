from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html

from coordinators.recordkeeping.single_submission import TOKEN_FIELD, new_token

register = template.Library()


@register.simple_tag(takes_context=True)
def form_guard(context):
    """What every POST form carries: the CSRF token and a one-time submission token.

    The CSRF token is masked once per request and shared by the page's forms, as Django's
    own {% csrf_token %} does (masking it per form was ~20 ms of a busy week page, issue 22);
    the submission token stays one per form, so that each form of a page left open can be
    sent once."""
    request = context["request"]
    csrf = getattr(request, "_form_guard_csrf", None)
    if csrf is None:
        csrf = request._form_guard_csrf = get_token(request)
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="{}" value="{}">',
        csrf,
        TOKEN_FIELD,
        new_token(),
    )
