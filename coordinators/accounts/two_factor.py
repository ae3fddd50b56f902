"""Two-factor login with a one-time code from an authenticator app (TOTP, django-otp).

Optional for everyone; production settings require it for roles listed in REQUIRE_2FA_FOR
("division", "admin", "staff": center staff read personal details too, issue 17). A login
with a registered app enters its code after the password; a login whose role requires one and
has none registers one before anything else.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_otp import user_has_device

from coordinators.roles import role_of

# Pages a login may reach before the second step: the step itself, leaving, and files.
OPEN_BEFORE_SECOND_STEP = ("two_factor_verify", "two_factor_setup", "logout")


def requires_two_factor(user):
    """True when the login's role is listed in settings.REQUIRE_2FA_FOR: "division" (高齢者支援課),
    "admin" (管理者), "staff" (センター職員: a login with a 所属 that is neither)."""
    role = role_of(user)
    required = set(settings.REQUIRE_2FA_FOR)
    is_staff = role.center is not None and not role.sees_all_centers
    return (
        ("division" in required and role.is_division)
        or ("admin" in required and role.is_admin)
        or ("staff" in required and is_staff)
    )


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
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def _resolve(path):
    try:
        return resolve(path)
    except Resolver404:
        return None
