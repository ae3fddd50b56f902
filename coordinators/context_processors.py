from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .models import division_name
from .roles import role_of


def role(request):
    return {"role": role_of(getattr(request, "user", None))}


def session_idle(request):
    """The idle limit in seconds, for the page's notice before it (static/js/app.js)."""
    return {"session_idle_seconds": settings.SESSION_COOKIE_AGE}


def division(request):
    """`division_name`: what pages call the division, the 所属 marked 事務局 (issue 20); read
    only by a page that shows it."""
    return {"division_name": SimpleLazyObject(division_name)}
