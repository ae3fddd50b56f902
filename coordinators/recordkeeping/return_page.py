"""The page a POST came from, to send the user back to after a refusal or a new login."""

from urllib.parse import urlsplit

from django.utils.http import url_has_allowed_host_and_scheme


def page_of_the_form(request):
    """The same-site page a POST came from (its Referer's path and query), or None: also None
    when that page was itself the answer to a POST to the same URL (a form shown again with
    its errors, the 日付の確認), whose URL answers a GET with 405 (issue 18). Never a link to
    another site: the host is checked and the path never starts with "//"."""
    referer = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(referer)
    path = "/" + parts.path.lstrip("/")
    if path == request.path:
        return None
    return path + (f"?{parts.query}" if parts.query else "")
