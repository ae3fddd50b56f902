"""A requests session that logs in to the app served on 127.0.0.1, for faults.py."""

import requests
from htmlforms import find_form
from requests.cookies import RequestsCookieJar


class LoopbackCookies(RequestsCookieJar):
    # With DEBUG=0 the session and CSRF cookies are Secure, as in production behind TLS; the
    # runs talk plain HTTP to 127.0.0.1, where a browser also keeps sending them. (requests
    # copies the jar for each request, so a cookie policy would not survive: clear the flag.)
    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


def logged_in(host, username, password):
    session = requests.Session()
    session.cookies = LoopbackCookies()
    page = session.get(f"{host}/login/", timeout=60)
    form = find_form(page.text, "/login/")
    answer = session.post(
        form.url(page.url),
        data=form.values(username=username, password=password),
        allow_redirects=False,
        timeout=60,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"login as {username} answered {answer.status_code}")
    return session
