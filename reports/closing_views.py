"""締め: the division's page for a half-year's sign-off, and the 所属's confirmation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coordinators.closing import (
    half_year_close,
    half_year_confirm,
    half_year_reopen,
    signoff_states,
)
from coordinators.ids import ascii_id
from coordinators.models import Center, HalfYearClosing
from coordinators.periods import PeriodParseError, last_ended_half, parse_period
from coordinators.roles import require_division, role_of


def _half_year(request):
    text = request.POST.get("period") or request.GET.get("period") or ""
    try:
        period = parse_period(text) if text else last_ended_half()
    except PeriodParseError as error:
        return last_ended_half(), str(error)
    if period.kind != "half":
        return last_ended_half(), "締めは半期ごとです。「R6上半期」のように半期を選んでください。"
    return period, None


def _back(period):
    return redirect(f"{reverse('reports:closing')}?period={period.code}")


def closing_page(request):
    require_division(request.user)
    period, error = _half_year(request)
    centers = Center.objects.filter(is_active=True)
    return render(
        request,
        "reports/closing.html",
        {
            "period": period,
            "error": error,
            "states": signoff_states(period.fiscal_year, period.half, centers),
        },
    )


@require_POST
def close_view(request):
    require_division(request.user)
    period, error = _half_year(request)
    if error:
        messages.error(request, error)
        return _back(period)
    target = request.POST.get("center", "")
    center_id = ascii_id(target)
    if target != "all" and center_id is None:
        raise Http404("所属が見つかりません。")
    center = None if target == "all" else get_object_or_404(Center, pk=center_id)
    try:
        half_year_close(
            user=request.user, fiscal_year=period.fiscal_year, half=period.half, center=center
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{period.label}（{center or '全所属'}）を締めました。")
    return _back(period)


@require_POST
def reopen_view(request, pk):
    require_division(request.user)
    closing = get_object_or_404(HalfYearClosing, pk=pk, reopened_at__isnull=True)
    try:
        half_year_reopen(user=request.user, closing=closing, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"{closing.period.label}（{closing.center or '全所属'}）を再開しました。"
        )
    return _back(closing.period)


@require_POST
def confirm_view(request):
    """A 所属 confirms its half-year's records are complete."""
    period, error = _half_year(request)
    if error:
        messages.error(request, error)
        return redirect(reverse("reports:report"))
    role = role_of(request.user)
    center = role.center
    chosen = ascii_id(request.POST.get("center", ""))
    if role.sees_all_centers and chosen is not None:
        center = get_object_or_404(Center, pk=chosen)
    if center is None:
        raise PermissionDenied("所属が設定されていません。")
    half_year_confirm(
        user=request.user, fiscal_year=period.fiscal_year, half=period.half, center=center
    )
    messages.success(request, f"{period.label}の{center}の記録を確認済みにしました。")
    return redirect(f"{reverse('reports:report')}?period={period.code}")
