"""Ten wrong passwords lock the username and the address for 15 minutes, in Japanese."""

from datetime import timedelta

import pytest
from axes.utils import reset
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coordinators.models import LoginAttempt
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_ten_failures_lock_the_username_even_with_the_right_password(client, alice):
    for _ in range(10):
        attempt(client, "alice", "wrong-password-123", address="10.0.0.9")
    response = attempt(client, "alice", PASSWORD, address="10.0.0.8")
    assert response.status_code == 429
    assert "ログインが一時的に制限されています" in response.content.decode()


def test_ten_failures_lock_the_address_for_every_username(client, alice, bob):
    for n in range(10):
        attempt(client, f"nobody{n}", "wrong-password-123", address="10.0.0.7")
    assert attempt(client, "bob", PASSWORD, address="10.0.0.7").status_code == 429
    assert attempt(client, "bob", PASSWORD, address="10.0.0.6").status_code == 302


def test_nine_failures_then_success_resets_the_count(client, alice):
    for _ in range(9):
        attempt(client, "alice", "wrong-password-123")
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_an_administrator_can_unlock(client, alice):
    for _ in range(10):
        attempt(client, "alice", "wrong-password-123")
    reset(username="alice")
    reset(ip="10.0.0.1")
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_an_administrator_unlocks_a_login_in_admin_s_login_attempts(client, dave, alice):
    for _ in range(10):
        attempt(client, "alice", "wrong-password-123", address="10.0.0.9")
    assert attempt(client, "alice", PASSWORD, address="10.0.0.8").status_code == 429

    admin = Client()
    admin.force_login(dave)
    listing = admin.get(reverse("admin:coordinators_loginattempt_changelist")).content.decode()
    assert "ログイン試行" in listing
    assert "ロック中" in listing
    rows = list(LoginAttempt.objects.filter(username="alice").values_list("pk", flat=True))
    unlock = {"action": "delete_selected", "_selected_action": rows, "post": "yes"}
    changelist = reverse("admin:coordinators_loginattempt_changelist")
    assert admin.post(changelist, unlock).status_code == 302

    assert attempt(client, "alice", PASSWORD, address="10.0.0.8").status_code == 302


def behind_proxy(client, username, password, forwarded_for):
    # Every request reaches the app from the proxy on the same machine.
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_the_proxy_one_address_is_locked_not_everyone(client, settings, alice, bob):
    settings.BEHIND_TLS_PROXY = True
    for n in range(10):
        behind_proxy(client, f"nobody{n}", "wrong-password-123", "203.0.113.5")

    assert behind_proxy(client, "bob", PASSWORD, "203.0.113.5").status_code == 429
    assert behind_proxy(client, "bob", PASSWORD, "203.0.113.9").status_code == 302


def test_a_forged_forwarded_entry_does_not_dodge_the_lock(client, settings, alice, bob):
    settings.BEHIND_TLS_PROXY = True
    for n in range(10):
        # The browser sends its own X-Forwarded-For; the proxy appends the real address.
        behind_proxy(client, f"nobody{n}", "wrong-password-123", f"198.51.100.{n}, 203.0.113.5")

    assert behind_proxy(client, "bob", PASSWORD, "203.0.113.5").status_code == 429


def test_without_the_proxy_setting_the_forwarded_header_is_ignored(client, settings, bob):
    settings.BEHIND_TLS_PROXY = False
    for n in range(10):
        behind_proxy(client, f"nobody{n}", "wrong-password-123", f"198.51.100.{n}")

    assert attempt(client, "bob", PASSWORD, address="127.0.0.1").status_code == 429


def test_the_admin_shows_a_lock_spread_over_two_addresses(client, dave, alice):
    """Five failures from the office PC and five from a tablet lock alice (django-axes sums a
    username's rows); each row says so, though neither reaches ten alone."""
    for address in ("10.0.0.21", "10.0.0.22"):
        for _ in range(5):
            attempt(client, "alice", "wrong-password-123", address=address)
    assert attempt(client, "alice", PASSWORD, address="10.0.0.23").status_code == 429

    admin = Client()
    admin.force_login(dave)
    changelist = reverse("admin:coordinators_loginattempt_changelist")
    locked = admin.get(changelist, {"locked": "yes"}).content.decode()
    rows = LoginAttempt.objects.count()
    assert rows >= 2
    assert locked.count("ロック中（このユーザー名）") == rows
    assert "あと" not in locked


def test_a_row_past_the_cool_off_is_not_shown_as_locking(client, dave, alice):
    for _ in range(10):
        attempt(client, "alice", "wrong-password-123")
    admin = Client()
    admin.force_login(dave)  # (django-axes clears expired rows at each login)
    LoginAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    page = admin.get(reverse("admin:coordinators_loginattempt_changelist")).content.decode()
    assert "期限切れ（ロックなし）" in page
    assert "ロック中（" not in page
