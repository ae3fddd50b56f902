from django.conf import settings

from .roles import role_of


def role(request):
    return {"role": role_of(getattr(request, "user", None))}


def session_idle(request):
    """The idle limit in seconds, for the page's notice before it (static/js/app.js)."""
    return {"session_idle_seconds": settings.SESSION_COOKIE_AGE}
