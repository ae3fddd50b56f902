"""Two-factor login with a one-time code from an authenticator app (TOTP, django-otp).

Optional for everyone; production settings require it for roles listed in REQUIRE_2FA_FOR
("division", "admin"). A login with a registered app enters its code after the password;
a login whose role requires one and has none registers one before anything else.
"""

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from coordinators.periods import FULLWIDTH_DIGITS
from coordinators.roles import role_of

# Pages a login may reach before the second step: the step itself, leaving, and files.
OPEN_BEFORE_SECOND_STEP = ("two_factor_verify", "two_factor_setup", "logout")


def requires_two_factor(user):
    role = role_of(user)
    required = set(settings.REQUIRE_2FA_FOR)
    return ("division" in required and role.is_division) or ("admin" in required and role.is_admin)


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware: sends a login that still owes its code there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        if user_has_device(user):
            step = "two_factor_verify"
        elif requires_two_factor(user):
            step = "two_factor_setup"
        else:
            return self.get_response(request)
        # Resolving the path is only needed when the login owes a step, not on every request.
        if self._is_open(request):
            return self.get_response(request)
        return self._to(step, request)

    @staticmethod
    def _is_open(request):
        match = _resolve(request.path_info)
        static = request.path_info.startswith(settings.STATIC_URL)
        return static or (match is not None and match.url_name in OPEN_BEFORE_SECOND_STEP)

    @staticmethod
    def _to(name, request):
        return redirect(f"{reverse(name)}?next={request.get_full_path()}")


def _resolve(path):
    try:
        return resolve(path)
    except Resolver404:
        return None


class CodeForm(forms.Form):
    code = forms.CharField(
        label="確認コード（6桁）",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
        error_messages={
            "required": "認証アプリに表示されている6桁の数字を入力してください。",
            "min_length": "6桁の数字を入力してください。",
            "max_length": "6桁の数字を入力してください。",
        },
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"].translate(FULLWIDTH_DIGITS)
        allowed, _detail = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                "確認コードの誤りが続いたため、しばらく入力できません。少し待ってから入力してください。"
            )
        if not code.isdigit() or not self.device.verify_token(code):
            raise forms.ValidationError(
                "確認コードが違います。認証アプリの最新の6桁を入力してください。"
            )
        return code


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
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    if not request.user.is_authenticated:
        return redirect("login")
    if user_has_device(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?next={reverse('two_factor_setup')}")
    # One unconfirmed device is kept while the user scans it, so reloading the page does not
    # change the code the app was just given.
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "認証アプリ"}
    )
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(
            request, "2段階認証を設定しました。次回からログインの後に確認コードを入力します。"
        )
        return redirect(_next_url(request))
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


def _grouped(device):
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
