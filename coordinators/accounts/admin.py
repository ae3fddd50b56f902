"""Admin of logins' security records, in Japanese (issue 17): recovery codes, authenticator
apps, and django-axes' login attempts, logins and failures.

An administrator helps a login that lost its phone (deletes its 認証アプリ and リカバリーコード)
or was locked out (deletes its ログイン試行). The packages' own admin pages are replaced by
these, on proxies of the same tables (coordinators/models/logins.py), because their model
names, record titles and some labels cannot be translated. The codes and the app's secret key
are never shown.
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.conf import settings as axes_settings
from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.db.models import BooleanField, Case, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import localize
from django_otp.plugins.otp_totp.models import TOTPDevice

from coordinators.models import (
    AuthenticatorApp,
    LoginAttempt,
    LoginFailure,
    LoginRecord,
    RecoveryCodeDevice,
)

admin.site.unregister([AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice])


def _at(moment):
    return localize(timezone.localtime(moment)) if moment else "—"


class ViewAndDeleteOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OwnedDeviceAdmin(ViewAndDeleteOnly):
    """A django-otp device of a login, its fields labelled in Japanese (the package's are not
    translatable)."""

    list_select_related = ("user",)
    search_fields = ("user__username", "user__last_name", "user__first_name")

    @admin.display(description="ユーザー", ordering="user__username")
    def owner(self, device):
        return device.user


@admin.register(RecoveryCodeDevice)
class RecoveryCodeDeviceAdmin(OwnedDeviceAdmin):
    list_display = ("owner", "remaining_codes")
    fields = ("owner", "remaining_codes")
    readonly_fields = fields

    @admin.display(description="未使用のコード")
    def remaining_codes(self, device):
        return device.remaining()


@admin.register(AuthenticatorApp)
class AuthenticatorAppAdmin(OwnedDeviceAdmin):
    list_display = ("owner", "app_name", "registered", "created", "last_used")
    fields = ("owner", "app_name", "registered", "created", "last_used", "failures")
    readonly_fields = fields

    @admin.display(description="名前", ordering="name")
    def app_name(self, device):
        return device.name

    @admin.display(description="登録済み", boolean=True, ordering="confirmed")
    def registered(self, device):
        return device.confirmed

    @admin.display(description="登録日時", ordering="created_at")
    def created(self, device):
        return _at(device.created_at)

    @admin.display(description="最後に使った日時", ordering="last_used_at")
    def last_used(self, device):
        return _at(device.last_used_at)

    @admin.display(description="続けて間違えた回数")
    def failures(self, device):
        return device.throttling_failure_count


def _failures_by(field, since):
    """The failures counted against this row's username (or address): django-axes sums them
    over every row of that username (address) within the cool-off, whatever the browser."""
    same = (
        AccessAttempt.objects.filter(**{field: OuterRef(field)}, attempt_time__gte=since)
        .order_by()
        .values(field)
        .annotate(total=Sum("failures_since_start"))
        .values("total")
    )
    return Coalesce(Subquery(same), Value(0))


def _locked():
    limit = axes_settings.AXES_FAILURE_LIMIT
    return Q(in_force=True) & (Q(username_failures__gte=limit) | Q(address_failures__gte=limit))


class LockedFilter(admin.SimpleListFilter):
    title = "ロック中"
    parameter_name = "locked"

    def lookups(self, request, model_admin):
        return (("yes", "はい"), ("no", "いいえ"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(_locked())
        if self.value() == "no":
            return queryset.exclude(_locked())
        return queryset


@admin.register(LoginAttempt)
class LoginAttemptAdmin(AccessAttemptAdmin):
    """Deleting a login's rows unlocks it before the lock-out ends. Its 状態 is judged as
    django-axes judges a login (AXES_LOCKOUT_PARAMETERS username, ip_address): the failures of
    all rows of the username, and separately of the address, within the cool-off."""

    list_filter = ["attempt_time", LockedFilter]

    def get_queryset(self, request):
        since = timezone.now() - get_cool_off(request)
        return (
            super()
            .get_queryset(request)
            .annotate(
                username_failures=_failures_by("username", since),
                address_failures=_failures_by("ip_address", since),
                in_force=Case(
                    When(attempt_time__gte=since, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
            )
        )

    @admin.display(description="期限")
    def expiration(self, attempt):
        return attempt.expiration.expires_at if hasattr(attempt, "expiration") else "—"

    @admin.display(description="状態")
    def status(self, attempt):
        limit = axes_settings.AXES_FAILURE_LIMIT
        if not attempt.in_force:
            return "期限切れ（ロックなし）"
        if attempt.username_failures >= limit:
            return "ロック中（このユーザー名）"
        if attempt.address_failures >= limit:
            return "ロック中（このアドレス）"
        return f"あと{limit - max(attempt.username_failures, attempt.address_failures)}回でロック"

    @admin.action(description="期限切れのログイン試行を削除する")
    def cleanup_expired_attempts(self, request, queryset):
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, f"期限切れのログイン試行を{count}件削除しました。")


@admin.register(LoginRecord)
class LoginRecordAdmin(AccessLogAdmin):
    pass


@admin.register(LoginFailure)
class LoginFailureAdmin(AccessFailureLogAdmin):
    pass
