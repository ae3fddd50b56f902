"""The upload pages of the two workbook imports (マスタ取込, 活動記録の取込) and their
empty templates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header

from coordinators.exports import XLSX_TYPE
from coordinators.roles import require_admin, role_of

from .forms import WorkbookImportForm
from .master import build_master_template, import_master
from .reading import WorkbookRejected, check_upload
from .records import build_records_template, import_records
from .workbook import MAX_ROWS_PER_SHEET_ON_A_PAGE


def _workbook_import_page(request, *, title, lead, template_url, run):
    """One upload page for every workbook import: checks the file, runs it, shows the report."""
    form = WorkbookImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload(upload.name, upload.size, upload.read(4))
            upload.seek(0)
            report = run(upload, dry_run=form.cleaned_data["dry_run"])
        except WorkbookRejected as error:
            form.add_error("file", str(error))
        else:
            if report.saved:
                messages.success(request, "取り込みました。")
    return render(
        request,
        "coordinators/workbook_import.html",
        {
            "form": form,
            "report": report,
            "title": title,
            "lead": lead,
            "template_url": template_url,
        },
    )


def _xlsx_download(content, filename):
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def master_import(request):
    require_admin(request.user)
    return _workbook_import_page(
        request,
        title="マスタ取込",
        lead=(
            "所属・日常生活圏域・担当者・社会資源を1つのExcelブックから登録します。"
            "名称が同じ行は更新され、同じファイルを何度取り込んでも結果は変わりません。"
            "1件でも誤りがあれば何も保存しません。"
        ),
        template_url=reverse("coordinators:master_import_template"),
        run=lambda upload, dry_run: import_master(
            upload, dry_run=dry_run, max_rows=MAX_ROWS_PER_SHEET_ON_A_PAGE
        ),
    )


def master_import_template(request):
    require_admin(request.user)
    return _xlsx_download(build_master_template(), "マスタ取込ひな型.xlsx")


def _require_records_importer(user):
    # Staff import for their own 所属 (each row through the services, issue 16); a login
    # without a 所属 has nothing it could import.
    role = role_of(user)
    if not role.sees_all_centers and role.center is None:
        raise PermissionDenied("所属が設定されていないため、記録を取り込めません。")


def records_import(request):
    _require_records_importer(request.user)
    return _workbook_import_page(
        request,
        title="活動記録の取込",
        lead=(
            "Excelで管理してきた活動記録・相談記録（シート「活動記録」「相談記録」）を取り込みます。"
            "「活動記録一覧」から出力したExcelを直して取り込むと、記録IDのある行はその記録を更新します"
            "（出力した後にほかの人が変更した記録は上書きしません）。記録IDのない行は新しい記録です。"
            "センター職員は自分の所属の記録だけを取り込めます。締めた半期の記録は取り込めません。"
            "同じ内容の行はそれぞれ別の記録として数え、登録済みの同じ記録の件数を超える分だけ追加するので、"
            "同じファイルを2回取り込んでも増えません。1件でも誤りがあれば何も保存しません。"
        ),
        template_url=reverse("coordinators:records_import_template"),
        run=lambda upload, dry_run: import_records(
            upload,
            user=request.user,
            dry_run=dry_run,
            max_rows=MAX_ROWS_PER_SHEET_ON_A_PAGE,
        ),
    )


def records_import_template(request):
    _require_records_importer(request.user)
    return _xlsx_download(build_records_template(), "活動記録取込ひな型.xlsx")
