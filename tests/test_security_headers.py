"""Security headers on every answer, and templates that keep the CSP honest."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates"]


@pytest.mark.django_db
def test_login_page_carries_a_policy_without_inline_scripts(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_signed_in_pages_carry_the_policy_too(client_for, alice):
    response = client_for(alice).get(reverse("coordinators:activity_list"))
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]


def _template_files():
    for directory in TEMPLATE_DIRS:
        yield from directory.rglob("*.html")


EXECUTABLE_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I
)
EVENT_HANDLER_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (EXECUTABLE_INLINE_SCRIPT, "inline <script>"),
        (EVENT_HANDLER_ATTRIBUTE, "on* event attribute"),
        (STYLE_ATTRIBUTE, "style attribute"),
    ],
)
def test_no_template_needs_what_the_policy_blocks(pattern, what):
    offenders = [
        str(path.relative_to(ROOT))
        for path in _template_files()
        if pattern.search(path.read_text())
    ]
    assert offenders == [], f"{what} would be blocked by the Content-Security-Policy"


PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "sasaeai.example.jp",
}


def test_production_settings_make_cookies_secure_and_turn_on_hsts():
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT]))"
    )
    environment = {**os.environ, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    secure_session, secure_csrf, httponly, hsts_seconds, ssl_redirect = json.loads(result.stdout)
    assert secure_session
    assert secure_csrf
    assert httponly
    assert ssl_redirect
    assert hsts_seconds >= 31536000


def test_check_deploy_is_clean_with_production_settings():
    environment = {**os.environ, **PRODUCTION_ENV}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
