"""Japanese names for the third-party apps whose AppConfig has none (issue 17): Django's way
of renaming an installed app is a subclass of its AppConfig listed in INSTALLED_APPS. The
names show in the admin's permission lists."""

from axes.apps import AppConfig as AxesAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = "ログインの制限"


class TOTPConfig(TOTPAppConfig):
    verbose_name = "2段階認証"
