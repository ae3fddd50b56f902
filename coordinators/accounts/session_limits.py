"""Sessions end after 30 minutes idle (SESSION_COOKIE_AGE, renewed on each request) and after
10 hours in all, however active: a shared office PC must not stay logged in for days."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url

STARTED = "session_started_at"


class AbsoluteSessionLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(STARTED, time.time())
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{resolve_url(settings.LOGIN_URL)}?expired=1")
        return self.get_response(request)
