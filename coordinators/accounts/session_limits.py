"""Sessions end after 30 minutes idle (SESSION_COOKIE_AGE) and after 10 hours in all, however
active: a shared office PC must not stay logged in for days.

The idle clock is moved by saving the session, at most once a minute (RENEW_AFTER_SECONDS,
issue 22): saving it on every request wrote a database row in a transaction on every page.
A session may therefore end up to a minute before 30 minutes after the last page; the page's
notice comes two minutes before.

An ended session must not cost what was typed (issue 18): the page warns two minutes before
the idle limit and 「続ける」 renews the session (keep_alive); a form posted after the end is
sent to the login page, which then returns to the page the form was on (not to the POST's
URL, which only answers POST), where the browser puts the typed text back (static/js/app.js).
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from coordinators.recordkeeping.return_page import page_of_the_form

STARTED = "session_started_at"
RENEWED = "session_renewed_at"
RENEW_AFTER_SECONDS = 60


def renew(session):
    """Move the session's idle clock now: it is saved (and its cookie sent) with a new expiry."""
    session[RENEWED] = time.time()


def renew_at_login(sender, request, user, **kwargs):
    """user_logged_in receiver: a new session's 10 hours and idle clock start at the login, so
    the pages of its first minute write nothing."""
    if request is not None and hasattr(request, "session"):
        request.session.setdefault(STARTED, time.time())
        renew(request.session)


class AbsoluteSessionLimitMiddleware:
    """Ends a session 10 hours after login, and renews its idle clock when the last renewal is
    a minute old or more."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(STARTED, now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{resolve_url(settings.LOGIN_URL)}?expired=1")
            if now - request.session.get(RENEWED, 0) >= RENEW_AFTER_SECONDS:
                renew(request.session)
        return self.get_response(request)


class LoginRequiredReturningToThePage(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, except for a POST from a login whose session ended:
    after logging in again the user lands on the page the form was on, with a note why, since
    the POST's own URL answers a GET with 405 (issue 18)."""

    def handle_no_permission(self, request, view_func):
        if request.method != "POST":
            return super().handle_no_permission(request, view_func)
        query = {"idle": "1"}
        back = page_of_the_form(request)
        if back:
            query[self.get_redirect_field_name(view_func)] = back
        return redirect(f"{resolve_url(self.get_login_url(view_func))}?{urlencode(query)}")


@never_cache
@require_GET
def keep_alive(request):
    """「続ける」 on the idle notice: renews the session now, however recently it was, and
    answers 204. A session already ended gets the login redirect, which tells the page so."""
    renew(request.session)
    return HttpResponse(status=204)
