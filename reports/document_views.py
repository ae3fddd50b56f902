"""The 実績報告 pages (issue 19): the printable document and its Word file, the text each
所属 and the division write, and the division's 「確定」."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from coordinators.ids import ascii_id
from coordinators.recordkeeping.edit_conflicts import EditConflict
from coordinators.roles import require_division, role_of

from .document import document_blocks, document_for, on_the_page
from .forms import ReportTextsForm
from .models import Section
from .published import NoSuchVersion, report_for, scope_is_closed
from .scope import (
    PeriodRefused,
    period_choices,
    refused_period,
    report_period,
    report_scope,
    scope_query,
    version_asked,
)
from .texts import (
    center_texts,
    fix_document,
    history_rows,
    period_of,
    save_texts,
    sections_for,
    situation_sentence,
    starting_texts,
    texts_for_user,
    texts_version,
    why_fixed,
)
from .word import DOCX_TYPE, write_document


def document_view(request):
    """The document of a period and scope as a page, or with ?format=docx as the Word file."""
    center = report_scope(request)
    try:
        period = report_period(request)
    except PeriodRefused as refused:
        return refused_period(request, center, refused, heading="実績報告")
    version_id = version_asked(request)
    try:
        document = document_for(period, center, version_id)
    except NoSuchVersion as missing:
        raise Http404(str(missing)) from None
    blocks = document_blocks(document)
    scope = center.name if center is not None else "市全体"
    if request.GET.get("format") == "docx":
        response = HttpResponse(
            write_document(blocks, footer_note=document.footer_note), content_type=DOCX_TYPE
        )
        response["Content-Disposition"] = content_disposition_header(
            True, f"{period.label}_実績報告_{scope}.docx"
        )
        return response
    division = role_of(request.user).sees_all_centers
    fix_refused = None
    if center is None and period.kind == "half" and document.fixed is None:
        fix_refused = None if scope_is_closed(period) else "すべての所属を締めると確定できます。"
    return render(
        request,
        "reports/document.html",
        {
            "document": document,
            "blocks": on_the_page(blocks),
            "period": period,
            "center": center,
            "query": scope_query(period, center),
            "version_query": f"&version={version_id}" if version_id else "",
            "periods": period_choices(),
            # only the newest version is fixed, from the page that shows it
            "can_fix": division
            and center is None
            and period.kind == "half"
            and version_id is None
            and document.fixed is None,
            "fix_refused": fix_refused,
            "fixed_reason": why_fixed(period, center),
        },
    )


def texts_view(request):
    """A scope's text: a 所属's 主な取組 and 課題 (its staff or the division), the city's
    sections (the division), with each 所属's text beside its figures."""
    center = report_scope(request)
    if center is None:
        require_division(request.user)
    try:
        period = report_period(request)
    except PeriodRefused as refused:
        return refused_period(request, center, refused, heading="実績報告の文章")
    sections = sections_for(center)
    version = texts_version(period, center)
    fixed = why_fixed(period, center)
    initial, note = starting_texts(period, center)
    form = ReportTextsForm(
        request.POST if request.method == "POST" else None,
        sections=sections,
        version=version,
        initial=initial,
    )
    if center is None and Section.COORDINATOR_SITUATION in form.fields:
        sentence = situation_sentence(period)
        if sentence:
            # offered beside the box even when the box starts from last year's text
            form.fields[Section.COORDINATOR_SITUATION].help_text = f"配置から作った文: {sentence}"
    if request.method == "POST" and form.is_valid():
        try:
            changed = save_texts(
                user=request.user,
                period=period,
                center=center,
                texts=form.texts(),
                version=form.cleaned_data["version"] or None,
            )
        except EditConflict as conflict:
            form.add_error(None, conflict)
            form.refresh_version(conflict.current_version)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # draft-saved: the browser may forget what it kept of this form (static/js/session.js)
            messages.success(
                request, f"文章を保存しました（{changed}項目を変更）。", extra_tags="draft-saved"
            )
            if center is not None and request.GET.get("from") == "report":
                return redirect(reverse("reports:report") + scope_query(period, center))
            return redirect(reverse("reports:texts") + scope_query(period, center))
    return render(
        request,
        "reports/texts.html",
        {
            "form": form,
            "period": period,
            "center": center,
            "query": scope_query(period, center),
            "note": note if request.method == "GET" else None,
            "fixed": fixed,
            "periods": period_choices(),
            "compiling": _compiling(period) if center is None else None,
            "boxes": _boxes(form, sections, history_rows(period, center)),
        },
    )


def _boxes(form, sections, histories):
    """[(bound field, its 変更履歴 address or None)] in the form's order."""
    return [
        (
            form[section],
            reverse("reports:text_history", args=[histories[section]])
            if section in histories
            else None,
        )
        for section in sections
    ]


def _compiling(period):
    """Beside the city's text: each 所属's figures and text, and who has not written yet."""
    report = report_for(period).report
    rows = report.activity_counts.rows
    written = center_texts(period, [row["center"].pk for row in rows])
    return [
        {
            "center": row["center"],
            "total": row["total"],
            "texts": [
                (Section(section).label, written.get(row["center"].pk, {}).get(section, ""))
                for section in sections_for(row["center"])
            ],
            "written": row["center"].pk in written,
        }
        for row in rows
    ]


def text_detail(request, pk):
    """One section's text as written now, with who changed it last and its 変更履歴."""
    text = get_object_or_404(texts_for_user(request.user).select_related("center"), pk=pk)
    period = period_of(text)
    return render(
        request,
        "reports/text_detail.html",
        {"text": text, "period": period, "query": scope_query(period, text.center)},
    )


@require_POST
def fix_view(request):
    """「確定」: the division fixes the city's document of a closed half-year."""
    require_division(request.user)
    try:
        period = report_period(request)
    except PeriodRefused as refused:
        raise Http404(refused.message) from None
    try:
        version = fix_document(
            user=request.user, period=period, version=ascii_id(request.POST.get("version", ""))
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{period.label}の実績報告を確定しました（{version.label}とともに保存）。"
        )
    return redirect(reverse("reports:document") + scope_query(period, None))
