"""Export a django-tables2 table exactly as shown: .xlsx via openpyxl, or CSV.

A list page and its download share one Table, so the file always matches the screen. Text is
written without control characters (but tab and line breaks): they are removed at input since
issue 15, and rows stored before that must not make a download fail (openpyxl refuses them: a
vertical tab pasted into one 内容 made the whole list's Excel file a server error).
"""

import csv
import io
from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .periods import wareki_date
from .text import clean_text

FORMULA_STARTS = ("=", "+", "-", "@")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(value):
    if isinstance(value, date):  # datetimes too: wareki_date shows their date in Japan
        return wareki_date(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value)
    return value


def table_rows(table):
    """Header and rows of the table's export values, dates in 和暦 as on the screen, text
    without control characters -> (header [str], rows [[value]])."""
    rows = iter(table.as_values())
    header = [_plain(value) for value in next(rows)]
    return header, [[_plain(value) for value in row] for row in rows]


def xlsx_response(table, filename, title):
    header, rows = table_rows(table)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    thin = Side(style="thin", color="999999")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    widths = [len(str(name)) * 2 + 2 for name in header]
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column, value=value)
            if isinstance(value, str):
                # Text typed by users is never run as a formula by Excel.
                cell.data_type = "s"
                widths[column - 1] = max(widths[column - 1], min(60, len(value) * 2 + 2))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(8, width)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.oddFooter.center.text = "&P / &N"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename + ".xlsx")
    return response


def csv_cell(value):
    """Text that a spreadsheet would run as a formula is written with a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _fits_cp932(char):
    try:
        char.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


def encode_csv(content, encoding="utf-8"):
    """(bytes, charset, replaced): UTF-8 with BOM, or Shift_JIS with unencodable characters
    replaced by ? and counted."""
    if encoding != "cp932":
        return "\ufeff".encode() + content.encode("utf-8"), "utf-8", 0
    # Check each distinct character once; a large export has few of them.
    unencodable = [char for char in set(content) if not _fits_cp932(char)]
    replaced = sum(content.count(char) for char in unencodable)
    return content.encode("cp932", errors="replace"), "Shift_JIS", replaced


def csv_response(table, filename, encoding="utf-8"):
    """UTF-8 with BOM (Excel opens it), or Shift_JIS (cp932); returns (response, replaced)."""
    header, rows = table_rows(table)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    body, charset, replaced = encode_csv(text.getvalue(), encoding)
    response = HttpResponse(body, content_type=f"text/csv; charset={charset}")
    response["Content-Disposition"] = content_disposition_header(True, filename + ".csv")
    response["X-Replaced-Characters"] = str(replaced)
    return response, replaced


def warn_replaced(request, replaced):
    """Tell the user on the next page how many characters Shift_JIS could not hold."""
    if replaced:
        messages.warning(
            request,
            f"Shift_JISで表せない文字が{replaced}字あったため「?」に置き換えて出力しました。",
        )


class ExportMixin:
    """For a SingleTableMixin + FilterView list: ?export=xlsx|csv[&encoding=cp932] downloads
    exactly the filtered rows, through the same Table as the screen."""

    export_name = "一覧"

    def exported(self, request, table):
        """Hook for lists of personal data, which must leave an access record."""

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export not in {"xlsx", "csv"}:
            return super().get(request, *args, **kwargs)
        filterset = self.get_filterset(self.get_filterset_class())
        rows = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        # Empty cells stay empty in files; the screen's "—" placeholder is not data.
        table = self.table_class(rows, default="")
        if request.GET.get("sort"):
            table.order_by = request.GET["sort"]
        self.exported(request, table)
        if export == "xlsx":
            return xlsx_response(table, self.export_name, self.export_name)
        encoding = "cp932" if request.GET.get("encoding") == "cp932" else "utf-8"
        response, replaced = csv_response(table, self.export_name, encoding)
        warn_replaced(request, replaced)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["export_query"] = query.urlencode()
        return context
