"""Two-factor login (TOTP): optional for all, required for the roles REQUIRE_2FA_FOR names."""

import os
import re
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from coordinators.models import RecoveryCode
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def code_for(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_demo_settings_require_no_second_step(client, carol):
    sign_in(client, carol)
    assert client.get(reverse("home")).status_code == 200


def test_required_role_must_register_an_app_before_anything_else(client, settings, carol):
    settings.REQUIRE_2FA_FOR = ["division"]
    sign_in(client, carol)

    blocked = client.get(reverse("reports:report"))
    assert blocked.status_code == 302
    assert blocked.url.startswith(reverse("two_factor_setup"))
    page = client.get(blocked.url)
    assert "2段階認証が必須です" in page.content.decode()
    assert "<svg" in page.content.decode()

    device = TOTPDevice.objects.get(user=carol, confirmed=False)
    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "確認コードが違います" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next try wait a second

    done = client.post(
        reverse("two_factor_setup"), {"code": code_for(device), "next": reverse("reports:report")}
    )
    # the recovery codes are shown once, then the page goes on to where the login was going
    page = done.content.decode()
    assert len(re.findall(r"<li><code>[0-9A-Z]{5}-[0-9A-Z]{5}</code></li>", page)) == 10
    assert f'href="{reverse("reports:report")}"' in page
    assert client.get(reverse("reports:report")).status_code == 200


def test_registered_app_asks_for_the_code_after_the_password(client, settings, carol):
    settings.REQUIRE_2FA_FOR = ["division"]
    device = TOTPDevice.objects.create(user=carol, name="認証アプリ", confirmed=True)
    sign_in(client, carol)

    blocked = client.get(reverse("home"))
    assert blocked.url.startswith(reverse("two_factor_verify"))
    wrong = client.post(reverse("two_factor_verify"), {"code": "12345"})
    assert "6桁の数字を入力してください" in wrong.content.decode()
    assert client.get(reverse("home")).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()
    # A code typed with full-width digits is the same code.
    full_width = code_for(device).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert client.post(reverse("two_factor_verify"), {"code": full_width}).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_admin_site_is_behind_the_second_step_too(client, settings, dave):
    settings.REQUIRE_2FA_FOR = ["admin"]
    sign_in(client, dave)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_setup"))


def test_staff_are_not_forced_but_may_opt_in(client, settings, alice):
    settings.REQUIRE_2FA_FOR = ["division", "admin"]
    sign_in(client, alice)
    assert client.get(reverse("coordinators:week")).status_code == 200

    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=alice)
    client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    client.post(reverse("logout"))

    sign_in(client, alice)
    assert client.get(reverse("coordinators:week")).url.startswith(reverse("two_factor_verify"))


def test_center_staff_can_be_required_too(client, settings, alice, carol):
    settings.REQUIRE_2FA_FOR = ["staff"]
    sign_in(client, alice)
    blocked = client.get(reverse("coordinators:consultation_list"))
    assert blocked.url.startswith(reverse("two_factor_setup"))
    client.post(reverse("logout"))

    sign_in(client, carol)  # the division is not staff
    assert client.get(reverse("coordinators:consultation_list")).status_code == 200


def test_an_unknown_role_in_the_setting_is_refused_at_start():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**os.environ, "REQUIRE_2FA_FOR": "division,everyone"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "REQUIRE_2FA_FOR takes division, admin and/or staff" in result.stderr


def test_repeated_wrong_codes_slow_down(client, carol):
    device = TOTPDevice.objects.create(user=carol, name="認証アプリ", confirmed=True)
    sign_in(client, carol)
    for _ in range(3):
        client.post(reverse("two_factor_verify"), {"code": "000000"})

    right_but_too_soon = client.post(reverse("two_factor_verify"), {"code": code_for(device)})

    assert "しばらく入力できません" in right_but_too_soon.content.decode()


def test_the_code_page_does_not_send_the_user_elsewhere(client, carol):
    TOTPDevice.objects.create(user=carol, name="認証アプリ", confirmed=True)
    sign_in(client, carol)
    device = TOTPDevice.objects.get(user=carol)
    response = client.post(
        reverse("two_factor_verify"), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")


# --- replacing a registered app asks the password and a current code (issue 17) ------------


def _registered_and_signed_in(client, user):
    device = TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=True)
    sign_in(client, user)
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    device.refresh_from_db()
    device.throttle_reset()
    return device


def test_an_open_session_alone_cannot_replace_the_authenticator(client, alice):
    device = _registered_and_signed_in(client, alice)

    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "ご本人であることを確かめます" in page
    assert "<svg" not in page  # no new key is shown

    # a code for a new key posted straight to the page is not taken either
    client.post(reverse("two_factor_setup"), {"code": "123456"})
    assert list(TOTPDevice.objects.filter(user=alice, confirmed=True)) == [device]


def test_a_wrong_password_or_code_keeps_the_authenticator(client, alice):
    device = _registered_and_signed_in(client, alice)
    wrong = client.post(
        reverse("two_factor_setup"),
        {"step": "reauthenticate", "password": "違うパスワード", "code": code_for(device, 30)},
    ).content.decode()
    assert "パスワードが違います。" in wrong
    assert "<svg" not in wrong
    assert list(TOTPDevice.objects.filter(user=alice, confirmed=True)) == [device]


def test_the_password_and_a_current_code_allow_registering_a_new_app(client, alice):
    old = _registered_and_signed_in(client, alice)
    asked = client.post(
        reverse("two_factor_setup"),
        {"step": "reauthenticate", "password": PASSWORD, "code": code_for(old, 30)},
    )
    assert asked.status_code == 302

    page = client.get(asked.url).content.decode()
    assert "<svg" in page
    new = TOTPDevice.objects.get(user=alice, confirmed=False)
    client.post(reverse("two_factor_setup"), {"code": code_for(new)})

    assert list(TOTPDevice.objects.filter(user=alice, confirmed=True)) == [new]


# --- recovery codes for a lost phone (issue 17) ----------------------------------------------


def _set_up_with_codes(client, user):
    sign_in(client, user)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = client.post(reverse("two_factor_setup"), {"code": code_for(device)}).content.decode()
    client.post(reverse("logout"))
    return re.findall(r"<code>([0-9A-Z]{5}-[0-9A-Z]{5})</code>", page)


def test_ten_recovery_codes_are_shown_once_and_stored_only_as_digests(client, alice):
    codes = _set_up_with_codes(client, alice)

    assert len(set(codes)) == 10
    stored = list(RecoveryCode.objects.values_list("digest", flat=True))
    assert len(stored) == 10
    assert not any(code.replace("-", "") in digest for code in codes for digest in stored)


def test_a_recovery_code_logs_in_once(client, alice):
    first, *_rest = _set_up_with_codes(client, alice)
    sign_in(client, alice)
    typed = first.lower().replace("-", " ")  # as read aloud and typed: spaces, lower case

    answer = client.post(reverse("two_factor_verify"), {"code": typed}, follow=True)

    assert "リカバリーコードでログインしました（残り9個）" in answer.content.decode()
    assert client.get(reverse("coordinators:week")).status_code == 200
    client.post(reverse("logout"))
    sign_in(client, alice)
    again = client.post(reverse("two_factor_verify"), {"code": first}).content.decode()
    assert "未使用のリカバリーコードを入力してください" in again


def test_after_a_lost_phone_a_recovery_code_and_the_password_register_a_new_app(client, alice):
    first, second, *_rest = _set_up_with_codes(client, alice)
    TOTPDevice.objects.filter(user=alice).delete()  # the phone is gone
    sign_in(client, alice)
    client.post(reverse("two_factor_verify"), {"code": first})

    asked = client.post(
        reverse("two_factor_setup"),
        {"step": "reauthenticate", "password": PASSWORD, "code": second},
    )

    assert asked.status_code == 302
    assert "<svg" in client.get(asked.url).content.decode()


def test_the_code_step_returns_to_the_whole_address_asked_for(client, settings, carol):
    """Issue 18: /week/?center=1&date=…&edit=5 came back as /week/?center=1 after the code
    (the next parameter was not encoded), losing the day and the entry being edited."""
    settings.REQUIRE_2FA_FOR = ["division"]
    device = TOTPDevice.objects.create(user=carol, name="認証アプリ", confirmed=True)
    sign_in(client, carol)
    asked = "/week/?center=1&date=2024-06-10&edit=5"
    to_code = client.get(asked)
    assert parse_qs(urlsplit(to_code.url).query)["next"] == [asked]
    answered = client.post(to_code.url, {"code": code_for(device)})
    assert answered.url == asked
