"""The tier-1 activity report's page and Word file (issue 19)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from coordinators.ids import ascii_id
from coordinators.models import Assignment
from coordinators.organisation.selectors import (
    assignments_during,
    centers_for_user,
    coordinators_for_user,
)
from coordinators.roles import role_of

from .activity_report import activity_report, activity_report_blocks
from .document import on_the_page
from .scope import PeriodRefused, period_choices, refused_period, report_period, report_scope
from .word import DOCX_TYPE, write_document


def activity_report_view(request):
    """?period=&center=&coordinator=: a 所属's (staff: their own) or one coordinator's report,
    as a page or with &format=docx as a Word file."""
    center = report_scope(request)
    try:
        period = report_period(request)
    except PeriodRefused as refused:
        return refused_period(request, center, refused, heading="活動報告（第1層の報告書の形）")
    # one assignment that overlaps the period (at the 所属 asked for): a coordinator who moved
    # keeps the assignment of that time, whatever ended since
    held = Assignment.objects.filter(assignments_during(period.start, period.end))
    if center is not None:
        held = held.filter(center=center)
    people = (
        coordinators_for_user(request.user)
        .filter(pk__in=held.values("coordinator"))
        .order_by("kana", "name")
    )
    coordinator = None
    wanted = request.GET.get("coordinator", "")
    if wanted:
        pk = ascii_id(wanted)
        if pk is None:
            raise Http404("担当者が見つかりません。")
        coordinator = get_object_or_404(people, pk=pk)
    report = activity_report(period, center, coordinator)
    blocks = activity_report_blocks(report)
    if request.GET.get("format") == "docx":
        response = HttpResponse(write_document(blocks), content_type=DOCX_TYPE)
        response["Content-Disposition"] = content_disposition_header(
            True, f"{period.label}_活動報告_{report.scope_label}.docx"
        )
        return response
    query = f"?period={period.code}"
    if center is not None and role_of(request.user).sees_all_centers:
        query += f"&center={center.pk}"
    if coordinator is not None:
        query += f"&coordinator={coordinator.pk}"
    return render(
        request,
        "reports/activity_report.html",
        {
            "report": report,
            "blocks": on_the_page(blocks),
            "period": period,
            "center": center,
            "coordinator": coordinator,
            "coordinators": people,
            "centers": centers_for_user(request.user)
            if role_of(request.user).sees_all_centers
            else [],
            "periods": period_choices(),
            "query": query,
        },
    )
