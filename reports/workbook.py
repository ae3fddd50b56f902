"""The report as one Excel workbook a city can hand on: a sheet per table, a native chart.

Titles in 和暦, borders, header fill, widths for Japanese text, frozen headers, A4 landscape
fitted to width, header rows repeated on every printed page, page numbers in the footer.
Numbers stay numbers; text is written as text, never as a formula.
"""

import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from coordinators.text import clean_text

from .renderers import report_tables

THIN = Side(style="thin", color="808080")
BORDER = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")


def _width(value):
    text = str(value if value is not None else "")
    # Full-width characters take about twice the width of Latin ones in Excel's units.
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text) + 2


def table_sheet(workbook, name, title, rows):
    """A sheet `name` of `workbook` (an openpyxl Workbook): `title` in A1, `rows` (lists of
    cells, the first the header, a row starting 「合計」 bold) from row 3, bordered, fitted and
    set for printing -> the worksheet."""
    sheet = workbook.create_sheet(name[:31])
    sheet["A1"] = clean_text(title)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A1"].data_type = "s"
    widths = {}
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row, start=1):
            # stored text may hold what Excel's XML cannot (saved before the cleaning)
            cell = sheet.cell(row=r, column=c, value=clean_text(value))
            if isinstance(value, str):
                cell.data_type = "s"
            cell.border = BORDER
            if r == 3:
                cell.font = Font(bold=True)
                cell.fill = HEADER_FILL
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            elif row and row[0] == "合計":
                cell.font = Font(bold=True)
                cell.fill = TOTAL_FILL
            widths[c] = max(widths.get(c, 6), min(40, _width(value)))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "B4"
    sheet.print_title_rows = "1:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "&P / &N ページ"
    return sheet


def _chart(sheet, rows):
    """A native bar chart of the activity table: categories per 所属 (totals row left out)."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "所属別・活動内容ごとの実施件数"
    chart.y_axis.title = "件数"
    last_row = 3 + len(rows) - 2  # header on row 3, 合計 row excluded
    data = Reference(sheet, min_col=2, max_col=len(rows[0]) - 1, min_row=3, max_row=last_row)
    labels = Reference(sheet, min_col=1, min_row=4, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(labels)
    chart.height, chart.width = 9, 22
    sheet.add_chart(chart, f"A{last_row + 4}")


def report_workbook(report, stamp=None, published=None, differences=()):
    """stamp: the closing stamp (who, when) printed in every sheet's footer; published and
    differences: the version shown and its 「締め後の差異」, a last sheet when there are any."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, (name, rows) in enumerate(report_tables(report, published, differences)):
        title = f"{report.period.label} {report.scope_label} {name}"
        if index == 0:
            title = f"{report.title}（{report.scope_label}）"
        sheet = table_sheet(workbook, name, title, rows)
        if stamp:
            sheet.oddFooter.left.text = stamp
        if index == 0:
            _chart(sheet, rows)
    return save_workbook(workbook)


def save_workbook(workbook):
    """The .xlsx bytes of an openpyxl Workbook."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
