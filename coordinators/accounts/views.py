"""The second login step and the 2段階認証 page where a login registers its authenticator app;
replacing a registered one asks the password and a current code first (issue 17)."""

import time
from base64 import b32encode
from datetime import timedelta
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from coordinators.models import RecoveryCodeDevice
from coordinators.recordkeeping.return_page import page_of_the_form

from .forms import CodeForm, ReauthenticationForm, SecondFactorForm
from .two_factor import requires_two_factor


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


@login_not_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    if not request.user.is_authenticated:
        return redirect("login")
    totp, recovery = _devices(request.user)
    if totp is None and recovery is None:
        return redirect(_next_url(request))
    form = SecondFactorForm(request.POST or None, totp=totp, recovery=recovery)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.verified_device)
        if form.verified_device is recovery:
            messages.warning(
                request,
                f"リカバリーコードでログインしました（残り{recovery.remaining()}個）。"
                "スマートフォンをなくしたときは、「2段階認証」で認証アプリを登録し直してください。",
            )
        return redirect(_next_url(request))
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


def _devices(user):
    """(the confirmed TOTPDevice or None, the RecoveryCodeDevice or None) of a login."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first(),
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    if not request.user.is_authenticated:
        return redirect("login")
    if user_has_device(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?next={reverse('two_factor_setup')}")
    registered, recovery = _devices(request.user)
    if (registered or recovery) is not None and not _recently_reauthenticated(request):
        return _reauthenticate(request, registered, recovery)
    # One unconfirmed device is kept while the user scans it, so reloading the page does not
    # change the code the app was just given.
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "認証アプリ"}
    )
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
        request.session.pop(REAUTHENTICATED_AT, None)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        codes = RecoveryCodeDevice.replace_for(request.user)
        messages.success(
            request, "2段階認証を設定しました。次回からログインの後に確認コードを入力します。"
        )
        return render(
            request,
            "registration/recovery_codes.html",
            {"codes": codes, "next": _next_url(request)},
        )
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4),
            "secret": _grouped(device),
            "required": requires_two_factor(request.user),
            "has_device": user_has_device(request.user),
        },
    )


# How long a password and code typed again allow replacing the authenticator.
REAUTHENTICATION_LIFETIME = timedelta(minutes=10)
REAUTHENTICATED_AT = "two_factor_reauthenticated_at"


def _recently_reauthenticated(request):
    at = request.session.get(REAUTHENTICATED_AT)
    return at is not None and time.time() - at < REAUTHENTICATION_LIFETIME.total_seconds()


def _reauthenticate(request, totp, recovery):
    """Ask the password and a current code (or a recovery code) before a registered app is
    replaced (issue 17)."""
    form = ReauthenticationForm(
        request.POST if request.POST.get("step") == "reauthenticate" else None,
        totp=totp,
        recovery=recovery,
        request=request,
    )
    if form.is_bound and form.is_valid():
        request.session[REAUTHENTICATED_AT] = time.time()
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _next_url(request)})}")
    return render(
        request,
        "registration/two_factor_reauthenticate.html",
        {"form": form, "next": _next_url(request)},
    )


def _grouped(device):
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_not_required
def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form drawn before the last login (or in another tab that logged
    out) is refused, as Django does, but in Japanese and with the way back to its page, where
    the browser puts back what was typed (issue 18). Status 403; nothing is saved."""
    return render(
        request,
        "registration/csrf_failure.html",
        {"back": page_of_the_form(request)},
        status=403,
    )
