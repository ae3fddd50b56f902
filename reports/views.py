from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from coordinators import periods
from coordinators.closing import signoff_states
from coordinators.exports import XLSX_TYPE, encode_csv, warn_replaced
from coordinators.ids import ascii_id
from coordinators.organisation.selectors import centers_for_user
from coordinators.periods import (
    Period,
    wareki_date,
)
from coordinators.roles import role_of

from .comparison import year_on_year
from .dashboard import center_activity_overview
from .forms import ReportTextsForm
from .published import NoSuchVersion, frozen_version, report_for
from .renderers import national_tables, report_csv, report_json
from .scope import (
    PeriodRefused,
    period_choices,
    refused_period,
    report_period,
    report_scope,
    version_asked,
)
from .selectors import charts_report
from .snapshots import difference_shown
from .texts import sections_for, starting_texts, texts_version, why_fixed
from .workbook import report_workbook


def closing_stamp(signoff):
    """「締め: date who」 for a workbook whose every 所属 is closed; None otherwise."""
    if not signoff or any(s["closing"] is None for s in signoff):
        return None
    last = max((s["closing"] for s in signoff), key=lambda c: c.closed_at)
    who = last.closed_by.get_full_name() or last.closed_by.get_username()
    return f"締め: {wareki_date(last.closed_at)} {who}"


def _stamp(shown, signoff):
    """The workbook footer: when and by whom the version shown was closed, or the live
    half-year's closing stamp."""
    if shown.published is not None:
        who = shown.published.published_by
        name = who.get_full_name() or who.get_username()
        return f"締め: {wareki_date(shown.published.published_at)} {name}"
    return closing_stamp(signoff)


def _frozen_halves(period, center):
    """For a fiscal-year report: [(half Period, newest PublishedReport or None)], saying which
    half is frozen (its figures published and the half closed) and which is live."""
    if period.kind != "year":
        return []
    halves = [Period.for_half(period.fiscal_year, half) for half in (1, 2)]
    return [(half, frozen_version(half, center)) for half in halves]


def report_view(request):
    center = report_scope(request)
    text = request.GET.get("period", "")
    try:
        period = report_period(request)
    except PeriodRefused as refused:
        return refused_period(request, center, refused)
    version_id = version_asked(request)
    try:
        shown = report_for(period, center, version_id)
    except NoSuchVersion as missing:
        raise Http404(str(missing)) from None
    report = shown.report
    signoff = (
        signoff_states(
            period.fiscal_year, period.half, [r["center"] for r in report.activity_counts.rows]
        )
        if period.kind == "half"
        else []
    )
    export = request.GET.get("format")
    filename = f"{period.label}_{report.scope_label}"
    if export == "json":
        response = JsonResponse(
            report_json(report, shown.published, shown.differences),
            json_dumps_params={"ensure_ascii": False},
        )
        response["Content-Disposition"] = content_disposition_header(True, f"{filename}.json")
        return response
    if export == "csv":
        table = request.GET.get("table", "")
        table_index = ascii_id(table)
        if table and table_index is None:
            raise Http404("その表はありません。")
        try:
            content = report_csv(report, table_index, shown.published, shown.differences)
        except IndexError:
            raise Http404("その表はありません。") from None
        body, charset, replaced = encode_csv(content, request.GET.get("encoding"))
        response = HttpResponse(body, content_type=f"text/csv; charset={charset}")
        response["Content-Disposition"] = content_disposition_header(True, f"{filename}.csv")
        response["X-Replaced-Characters"] = str(replaced)
        warn_replaced(request, replaced)
        return response
    if export == "xlsx":
        response = HttpResponse(
            report_workbook(
                report,
                stamp=_stamp(shown, signoff),
                published=shown.published,
                differences=shown.differences,
            ),
            content_type=XLSX_TYPE,
        )
        response["Content-Disposition"] = content_disposition_header(True, f"{filename}.xlsx")
        return response
    return render(
        request,
        "reports/report.html",
        {
            "report": report,
            "error": None,
            "period_text": text or period.code,
            "periods": period_choices(),
            "centers": centers_for_user(request.user)
            if role_of(request.user).sees_all_centers
            else [],
            "selected_center": center,
            "comparison": year_on_year(report),
            "national": national_tables(report),
            **_texts_card(period, center),
            "signoff": signoff,
            "reopened": [s for s in signoff if s["reopened"]],
            "shown": shown,
            "differences": [
                difference_shown(d, shown.report.categories) for d in shown.differences
            ],
            "version_query": f"&version={shown.published.version}" if version_id else "",
            "frozen_halves": _frozen_halves(period, center),
        },
    )


def dashboard(request):
    """Home of the division: each 所属 at a glance, and the current half-year's charts."""
    day = periods.today()
    overview = center_activity_overview(day)
    report = charts_report(overview["half"])
    return render(
        request, "reports/dashboard.html", {"overview": overview, "report": report, "today": day}
    )


def _texts_card(period, center):
    """A 所属's 主な取組 and 課題, written on its report page (issue 19): the form while the
    half-year is open, the text as fixed once it is closed; nothing on the city's page."""
    if center is None:
        return {"texts_form": None}
    fixed = why_fixed(period, center)
    initial, note = starting_texts(period, center)
    form = ReportTextsForm(
        sections=sections_for(center), version=texts_version(period, center), initial=initial
    )
    return {"texts_form": form, "texts_fixed": fixed, "texts_note": note}
