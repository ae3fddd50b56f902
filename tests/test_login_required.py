"""Every URL of the project, admin included, sends an anonymous visitor to a login page.

The URL configuration is walked, so a URL added later is covered without editing this test.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

OPEN_URL_NAMES = {"login", "admin:login"}
SAMPLE_VALUES = {"int": "1", "str": "x", "slug": "x", "path": "1", "uuid": "0" * 32}


def _example(pattern):
    text = str(pattern.pattern)
    # regex routes (admin): the first alternative of a group, "1" for a free group
    text = re.sub(r"\(\?P<\w+>([\w-]+)(?:\|[^)]*)?\)", r"\1", text)
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "1", text)
    text = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES[m.group(1) or "str"], text)
    return text.lstrip("^").rstrip("$").replace("\\", "")


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from walk(pattern.url_patterns, prefix + _example(pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, "/" + prefix + _example(pattern)


ALL_URLS = sorted(set(walk(get_resolver().url_patterns)), key=lambda item: item[1])


def test_the_walk_finds_our_pages_and_the_admin():
    paths = {path for _name, path in ALL_URLS}
    assert "/resources/1/edit/" in paths
    assert "/admin/coordinators/socialresource/1/change/" in paths
    assert len(ALL_URLS) > 50


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), ALL_URLS, ids=[p for _n, p in ALL_URLS])
def test_anonymous_visitor_is_sent_to_login(client, name, path):
    if name in OPEN_URL_NAMES:
        assert client.get(path).status_code == 200
        return
    response = client.get(path)
    assert response.status_code == 302, f"{path} answered {response.status_code}"
    assert response["Location"].startswith(("/login/", "/admin/login/")), response["Location"]
