"""Sessions end after 30 minutes idle and 10 hours in all; a password change ends the others."""

import time

import pytest
from django.urls import reverse

from coordinators.accounts.session_limits import STARTED
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_idle_sessions_expire_after_thirty_minutes(client, alice, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(alice)
    client.get(reverse("home"))
    assert 29 * 60 < client.session.get_expiry_age() <= 30 * 60


def _stored_expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_pages_move_the_idle_clock_at_most_once_a_minute(client, alice, monkeypatch):
    """Issue 22: a GET wrote the session row in a transaction every time."""
    clock = [1_000_000.0]
    monkeypatch.setattr("coordinators.accounts.session_limits.time.time", lambda: clock[0])
    client.force_login(alice)
    client.get(reverse("home"))
    first = _stored_expiry(client)
    clock[0] += 30
    response = client.get(reverse("home"))
    assert "sessionid" not in response.cookies  # nothing written: the clock is 30 s old
    assert _stored_expiry(client) == first
    clock[0] += 31
    response = client.get(reverse("home"))
    assert "sessionid" in response.cookies  # a minute on: renewed
    assert _stored_expiry(client) > first


def test_continue_on_the_idle_notice_always_renews(client, alice):
    client.force_login(alice)
    client.get(reverse("home"))
    first = _stored_expiry(client)
    response = client.get(reverse("keep_alive"))
    assert response.status_code == 204
    assert "sessionid" in response.cookies
    assert _stored_expiry(client) >= first


def test_a_session_ends_after_ten_hours_however_active(client, alice):
    client.force_login(alice)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[STARTED] = time.time() - 10 * 60 * 60 - 1
    session.save()
    response = client.get(reverse("home"))
    assert response["Location"] == "/login/?expired=1"
    assert "10時間たったため" in client.get(response["Location"]).content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_changing_the_password_logs_out_other_sessions(client, alice, django_user_model):
    from django.test import Client

    other = Client()
    other.force_login(alice)
    assert other.get(reverse("home")).status_code == 200
    client.force_login(alice)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-longer-passphrase-2026",
            "new_password2": "a-much-longer-passphrase-2026",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # this session stays
    assert other.get(reverse("home")).status_code == 302  # the other one is gone
