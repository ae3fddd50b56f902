"""The request log shows what operations need and nothing personal: no query string, no body,
the login's id instead of its name."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def logged(caplog):
    return [record.getMessage() for record in caplog.records if record.name == "sasaeai.requests"]


def test_a_search_is_logged_without_what_was_searched(client, alice, caplog):
    client.force_login(alice)
    # No caplog.at_level: the settings themselves must let the line through, as in production.
    response = client.get(reverse("coordinators:resource_list") + "?q=山田")
    assert response.status_code == 200
    [line] = logged(caplog)
    assert line.startswith("GET /resources/ 200 ")
    assert line.endswith(f"ms user={alice.pk}")
    assert "山田" not in line
    assert "q=" not in line
    assert "alice" not in line


def test_a_login_attempt_is_logged_without_the_name_or_password_typed(client, caplog):
    client.post(reverse("login"), {"username": "yamada", "password": "himitsu-no-kotoba"})
    [line] = logged(caplog)
    assert line.startswith("POST /login/ 200 ")
    assert line.endswith("user=-")
    assert "yamada" not in line
    assert "himitsu" not in line
