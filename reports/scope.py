"""Which period and 所属 a report page shows: the division chooses, staff see their own."""

from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, render

from coordinators import periods
from coordinators.ids import ascii_id
from coordinators.organisation.selectors import centers_for_user
from coordinators.periods import (
    Period,
    PeriodParseError,
    fiscal_year_of,
    last_ended_half,
    parse_period,
)
from coordinators.roles import role_of


def period_choices():
    this_year = fiscal_year_of(periods.today())
    choices = []
    for year in range(this_year, 2014, -1):
        choices += [
            Period.for_half(year, 2),
            Period.for_half(year, 1),
            Period.for_fiscal_year(year),
        ]
    return choices


def report_scope(request):
    """City-wide or one 所属 for the division; staff always see their own 所属."""
    role = role_of(request.user)
    wanted = request.GET.get("center", "")
    if not role.sees_all_centers:
        if role.center is None:
            raise Http404("所属が設定されていません。")
        return role.center
    if not wanted:
        return None
    pk = ascii_id(wanted)
    if pk is None:
        raise Http404("所属が見つかりません。")
    return get_object_or_404(centers_for_user(request.user), pk=pk)


class PeriodRefused(ValueError):
    """A ?period= the parser refused: `text` as typed, `message` in Japanese."""

    def __init__(self, text, message):
        super().__init__(message)
        self.text, self.message = text, message


def report_period(request):
    """The Period of ?period= (typed as everywhere; the last ended half-year when absent).
    Raises PeriodRefused with the parser's Japanese message for a period it refuses."""
    text = request.GET.get("period", "")
    try:
        return parse_period(text) if text else last_ended_half()
    except PeriodParseError as error:
        raise PeriodRefused(text, str(error)) from None


EXPORT_FORMATS = ("json", "csv", "xlsx", "docx")


def refused_period(request, center, refused, heading="活動報告"):
    """A period that parse_period refused: the message at the period field and the form, and
    nothing under it (another half-year's figures there would read as that period's, issue
    15); a file asked for (JSON, CSV, Excel, Word) is answered 400 with the message."""
    export = request.GET.get("format")
    if export == "json":
        return JsonResponse(
            {"error": refused.message}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    if export in EXPORT_FORMATS:
        return HttpResponseBadRequest(refused.message, content_type="text/plain; charset=utf-8")
    sees_all = role_of(request.user).sees_all_centers
    return render(
        request,
        "reports/report.html",
        {
            "report": None,
            "heading": heading,
            "error": refused.message,
            "period_text": refused.text,
            "periods": period_choices(),
            "centers": centers_for_user(request.user) if sees_all else [],
            "selected_center": center,
        },
    )


def version_asked(request):
    """The published version number of ?version= (None when absent). Raises Http404 for one
    that is not a number."""
    version = request.GET.get("version", "")
    version_id = ascii_id(version)
    if version and version_id is None:
        raise Http404("その版はありません。")
    return version_id


def scope_query(period, center):
    """「?period=…&center=…」 of a period and scope (a Center, or None for the city)."""
    return f"?period={period.code}" + (f"&center={center.pk}" if center is not None else "")
