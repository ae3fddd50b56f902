"""Every URL of the project, admin included, sends an anonymous visitor to a login page.

The URL configuration is walked, so a URL added later is covered without editing this test.
"""

import pytest

from tests.builders import ALL_URLS

OPEN_URL_NAMES = {"login", "admin:login"}


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
