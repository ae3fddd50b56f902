"""The login records of django-axes and the authenticator apps of django-otp under Japanese
names, for the admin (issue 17).

Proxies of the packages' own models: nothing is stored twice and the packages keep working
on their tables; only the names an administrator reads (the list, the record's title, the
permission) are ours, since the packages' model names and titles are not translatable.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice


def _at(moment):
    return f"{timezone.localtime(moment):%Y/%m/%d %H:%M}" if moment else "—"


class LoginAttempt(AccessAttempt):
    """django-axes' count of failed logins of one username from one address: at the limit
    the login is locked; deleting the row unlocks it."""

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "ログイン試行"

    def __str__(self):
        return f"{self.username}（{self.ip_address}）のログイン失敗 {self.failures_since_start}回"


class LoginRecord(AccessLog):
    """One successful login (and its logout), as django-axes logs it."""

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "ログイン履歴"

    def __str__(self):
        return f"{self.username}のログイン {_at(self.attempt_time)}"


class LoginFailure(AccessFailureLog):
    """One failed login, as django-axes logs it."""

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "ログイン失敗"

    def __str__(self):
        locked = "（ロック）" if self.locked_out else ""
        return f"{self.username}のログイン失敗{locked} {_at(self.attempt_time)}"


class AuthenticatorApp(TOTPDevice):
    """A login's registered authenticator app (django-otp's TOTP device)."""

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "認証アプリ"

    def __str__(self):
        return f"{self.user}の認証アプリ「{self.name}」"
