import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_refuses_to_start_with_the_builtin_secret_key_when_debug_is_off():
    result = run_check(DEBUG="0", ALLOWED_HOSTS="example.jp")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_starts_with_a_real_secret_key_when_debug_is_off():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.jp")
    assert result.returncode == 0, result.stderr


def test_japanese_and_tokyo_are_the_defaults(settings):
    assert settings.LANGUAGE_CODE == "ja"
    assert settings.TIME_ZONE == "Asia/Tokyo"
    assert settings.USE_TZ is True
