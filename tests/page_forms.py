"""Submitting a page's form in a test the way a browser would: every field it carries
(CSRF, version, one-time token) with the page's values, overriding only what the test types."""

from tests.load.htmlforms import parse_forms


def form_on(client, page_url, action):
    """The form of the page at page_url that posts to action (a form without an action
    posts to its own page)."""
    page = client.get(page_url)
    assert page.status_code == 200, page_url
    return form_in(page.content.decode(), action, page.request["PATH_INFO"])


def form_in(html, action, page_path):
    form = next((f for f in parse_forms(html) if (f.path() or page_path) == action), None)
    assert form is not None, f"no form posting to {action} on {page_path}"
    return form


def post_data(pairs):
    """Name/value pairs as the test client's POST dict (repeated names become lists)."""
    data = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data
