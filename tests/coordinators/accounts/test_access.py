"""Logging in and out: an anonymous visitor is sent to the login page, which is open and in
Japanese; logging out is a POST that returns there."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name",
    [
        "home",
        "coordinators:resource_list",
        "coordinators:resource_create",
        "coordinators:coordinator_list",
        "coordinators:master_import",
        "coordinators:master_import_template",
        "password_change",
    ],
)
def test_anonymous_is_sent_to_login(client, url_name):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_in_japanese_and_open(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "ログイン" in response.content.decode()


def test_logout_is_a_post_and_returns_to_login(client_for, alice):
    client = client_for(alice)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302
