"""The Excel file of a list export (issue 16): typed cells, what was exported, a readable print.

Dates are date cells shown in 和暦 by their number format, so they sort and pivot by month as
dates (as text 令和6年10月 sorted before 令和6年4月); times are time cells, minutes and counts
numbers. Text stays text, never a formula, whatever it begins with. The list's header is row 1
(frozen, with an auto-filter); which list, which filters, when and by whom is printed in the
page header and kept on a second sheet 「条件」. The print is A4 landscape at 10 pt: text columns
wrap at a width chosen so that the whole row fits the page at (about) full size.

Nothing here queries or knows a model: it writes the header and rows it is given.
"""

import io
import math
import unicodedata
from copy import copy
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from .periods import wareki_date
from .text import clean_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# 令和6年4月1日 in Excel (Japanese or not) and LibreOffice alike. [$-ja-JP-x-gannen] would show
# 令和元年 as the screens do, but LibreOffice shows such a cell as a bare serial number, so the
# first year of an era prints as 令和1年.
WAREKI_DATE = '[$-411]ggge"年"m"月"d"日"'
WAREKI_DATETIME = '[$-411]ggge"年"m"月"d"日" h:mm:ss'
WAREKI_MINUTE = '[$-411]ggge"年"m"月"d"日" h:mm'
TIME_OF_DAY = "h:mm"
NUMBER = "0"
# Excel refuses a longer cell; nothing stored is this long, but no text may break a download.
MAX_CELL_TEXT = 32767
# Excel's limit for the whole page-header string, formatting codes included.
MAX_HEADER_TEXT = 255

# The workbook's own font (Japanese falls back to the system's); named, or LibreOffice prints
# the digits of an unnamed font in a serif face.
FONT_NAME, FONT_SIZE = "Calibri", 10
# Column widths are in Excel's units: the width of a digit of the workbook's default font
# (Calibri 11, 7 px at 96 dpi), plus 5 px of padding per column.
DIGIT_PX, COLUMN_PADDING_PX = 7, 5
# A4 landscape, 297 mm, less the side margins below, at 96 dpi; kept 3% short because the
# fonts Excel and LibreOffice fall back to for Japanese are not as narrow as Calibri.
SIDE_MARGIN_INCHES = 0.3
PRINTABLE_PX = (297 / 25.4 - 2 * SIDE_MARGIN_INCHES) * 96 * 0.97
# A text column wraps at no more than this, and is never narrowed below the smaller of this
# minimum and what its longest line needs.
TEXT_MAX_WIDTH, TEXT_MIN_WIDTH = 48, 12
# In the same units: the room left beside a value so it does not wrap, the inner margins a
# wrapped line loses, and the auto-filter button beside a header.
CELL_PADDING, CELL_MARGINS, FILTER_BUTTON = 1.5, 0.5, 2.5
# One printed line of 10 pt text, in points; Japanese fonts need more than Calibri's 12.75.
LINE_HEIGHT_PT = 14
# Fit the page width only while the print stays readable: at 70% 10 pt prints as 7 pt.
MIN_FIT_SCALE = 0.7

THIN = Side(style="thin", color="808080")
BOX = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class Exported:
    """What a file holds, for the person who finds it printed on a desk.

    title: the list's name (活動記録一覧); conditions: [(label, shown value)] of the filters
    used and the order, in Japanese (("期間（年度・半期）", "令和6年度上半期")); at: when
    (aware datetime, shown in Japan time); by: the login (氏名（username） or username).
    """

    title: str
    by: str
    at: datetime = field(default_factory=timezone.now)
    conditions: list = field(default_factory=list)

    @property
    def local_at(self):
        """`at` as a naive datetime in Asia/Tokyo, as Excel holds date-times."""
        return timezone.localtime(self.at).replace(tzinfo=None, second=0, microsecond=0)

    def at_shown(self):
        return f"{wareki_date(self.at)} {timezone.localtime(self.at):%H:%M}"


def shown_datetime(value):
    """A datetime as the screens show it: 令和6年10月1日 00:30:00, in Japan time (an aware one
    converted, a naive one taken as Japan time, as periods.local_date does)."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{wareki_date(value)} {local:%H:%M:%S}"


def shown_text(value):
    """A value as text, as on the screen: dates in 和暦, times 10:00, date-times with seconds,
    text without control characters, None as "" -> str or the number itself (for CSV)."""
    if isinstance(value, datetime):
        return shown_datetime(value)
    if isinstance(value, date):
        return wareki_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value)
    return value


def _cell_value(value):
    """What openpyxl is given: a naive Japan-time datetime for an aware one (Excel has no time
    zones), text without control characters and cut at Excel's limit, the rest as it is."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str):
        return clean_text(value)[:MAX_CELL_TEXT]
    return value


def _format_of(value):
    if isinstance(value, datetime):
        return WAREKI_DATETIME
    if isinstance(value, date):
        return WAREKI_DATE
    if isinstance(value, time):
        return TIME_OF_DAY
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return NUMBER
    return None


def _line_widths(text):
    """Width of each line of `text` in Excel's units at FONT_SIZE: a full-width character
    (漢字, かな) is as wide as the font is high (13.3 px at 10 pt), any other one about a
    digit of Calibri (6.4 px)."""
    wide, narrow = FONT_SIZE * 4 / 3 / DIGIT_PX, FONT_SIZE / 11
    return [
        sum(wide if unicodedata.east_asian_width(char) in "WF" else narrow for char in line)
        for line in str(text).splitlines() or [""]
    ]


@dataclass
class _Column:
    """One column of the list: the width (Excel's units) its widest shown value needs, the
    least it may be given, and whether its text wraps."""

    natural: float
    least: float
    wraps: bool
    width: float = 0

    def lines(self, value):
        """How many printed lines `value` takes at this width."""
        if not self.wraps or value in (None, ""):
            return 1
        room = max(self.width - CELL_MARGINS, 1)
        return sum(max(1, math.ceil(width / room)) for width in _line_widths(value))


def _columns(header, rows):
    """Each column's needs: its widest value as shown, and its header on up to two lines with
    room for the filter button; text columns wrap, at no more than TEXT_MAX_WIDTH."""
    columns = []
    for index, name in enumerate(header):
        values = [row[index] for row in rows if row[index] not in (None, "")]
        wraps = any(isinstance(value, str) for value in values)
        widest = max((max(_line_widths(shown_text(value))) for value in values), default=0)
        header_width = max(_line_widths(name)) / 2 + FILTER_BUTTON
        natural = max(widest + CELL_PADDING, header_width)
        if wraps:
            natural = min(natural, TEXT_MAX_WIDTH)
        columns.append(_Column(natural, min(natural, TEXT_MIN_WIDTH) if wraps else natural, wraps))
    return columns


def _page_units(count):
    return (PRINTABLE_PX - COLUMN_PADDING_PX * count) / DIGIT_PX


def _fit_to_page(columns):
    """Set each column's width: its natural width when the row fits the page width, else the
    text columns narrowed (they wrap) in proportion to what they need beyond their least, so a
    long 内容 keeps more room than a short 場所. When even the least is too wide, every column
    gets its least and the print is scaled or runs across pages (_set_print)."""
    budget = _page_units(len(columns))
    natural = sum(column.natural for column in columns)
    least = sum(column.least for column in columns)
    share = 1.0
    if natural > budget:
        share = max(0.0, budget - least) / (natural - least) if natural > least else 0.0
    for column in columns:
        column.width = column.least + (column.natural - column.least) * share


def _write_list(sheet, header, rows):
    """Header row and data rows, typed and boxed; returns the [_Column] with widths set."""
    sheet.append(header)
    columns = _columns(header, rows)
    _fit_to_page(columns)
    header_font = Font(name=FONT_NAME, bold=True, size=FONT_SIZE)
    for cell in sheet[1]:
        cell.font = header_font
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = BOX
    _set_height(sheet, 1, [replace(column, wraps=True) for column in columns], header)
    font = Font(name=FONT_NAME, size=FONT_SIZE)
    top = Alignment(vertical="top")
    wrapping = Alignment(vertical="top", wrap_text=True)
    # A cell's style is set once per kind (wraps, number format) and copied to the others:
    # setting font, border and alignment on each of 240,000 cells took half an export's time
    # (openpyxl's own copy_worksheet copies _style the same way).
    style_of = {}
    for row_number, row in enumerate(rows, start=2):
        for column_number, (column, value) in enumerate(zip(columns, row, strict=True), 1):
            cell = sheet.cell(row=row_number, column=column_number, value=_cell_value(value))
            number_format = None if isinstance(value, str) else _format_of(value)
            kind = (column.wraps, number_format)
            if kind in style_of:
                cell._style = copy(style_of[kind])
            else:
                cell.font, cell.border = font, BOX
                cell.alignment = wrapping if column.wraps else top
                if number_format:
                    cell.number_format = number_format
                style_of[kind] = copy(cell._style)
            if isinstance(value, str):
                # Text typed by users is never run as a formula by Excel.
                cell.data_type = "s"
        _set_height(sheet, row_number, columns, row)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = round(column.width, 1)
    return columns


def _set_height(sheet, row_number, columns, row):
    # LibreOffice does not fit a wrapped row's height when it opens a file, so a row of several
    # lines is given its height; one-line rows keep the default.
    lines = max(column.lines(shown_text(value)) for column, value in zip(columns, row, strict=True))
    if lines > 1:
        sheet.row_dimensions[row_number].height = lines * LINE_HEIGHT_PT + 3


def _header_part(text):
    """Text for a page header: one line, and "&" doubled (Excel reads "&P", "&12" as codes)."""
    return clean_text(str(text), multiline=False).replace("&", "&&")


def _set_page_header(sheet, exported):
    left = _header_part(exported.title[:60]).rstrip("&")
    right = _header_part(f"出力 {exported.at_shown()} {exported.by}"[:80]).rstrip("&")
    summary = "　".join(f"{label}: {value}" for label, value in exported.conditions)
    # "&L&"-,Bold"&11 " + "&C&9 " + "&R&9 ": the codes count toward Excel's limit too.
    room = MAX_HEADER_TEXT - len(left) - len(right) - 30
    center = _header_part(summary or "条件なし（すべて）")
    if len(center) > room:
        center = center[: max(room - 12, 0)].rstrip("&") + "…（「条件」シート）"
    sheet.oddHeader.left.text, sheet.oddHeader.left.font = left, "-,Bold"
    sheet.oddHeader.left.size = 11
    sheet.oddHeader.center.text, sheet.oddHeader.center.size = center, 9
    sheet.oddHeader.right.text, sheet.oddHeader.right.size = right, 9
    sheet.oddFooter.center.text = "&P / &N ページ"
    sheet.oddFooter.center.size = 9


def _set_print(sheet, columns):
    """A4 landscape, header row on every page: fit to the page width when the scale stays
    readable (the widths from _fit_to_page make it 100% for the lists we have), else print at
    100% across pages."""
    scale = min(1.0, _page_units(len(columns)) / sum(column.width for column in columns))
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_margins = PageMargins(
        left=SIDE_MARGIN_INCHES, right=SIDE_MARGIN_INCHES, top=0.7, bottom=0.6, header=0.3
    )
    sheet.print_options.horizontalCentered = True
    if scale >= MIN_FIT_SCALE:
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _write_conditions(sheet, exported, count):
    """The 「条件」 sheet: 項目 | 内容, one row each for the list, every filter used, the
    order, the number of rows, when and by whom."""
    rows = [
        ("一覧", exported.title),
        *(exported.conditions or [("条件", "なし（すべて）")]),
        ("件数", count),
        ("出力日時", exported.local_at),
        ("出力者", exported.by),
    ]
    _write_list(sheet, ["項目", "内容"], [[label, value] for label, value in rows])
    for (cell,) in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.alignment = Alignment(vertical="top", horizontal="left", wrap_text=True)
        if isinstance(cell.value, datetime):
            cell.number_format = WAREKI_MINUTE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = "1:1"


def workbook_bytes(header, rows, sheet_title, exported):
    """The .xlsx of one list -> bytes.

    header: [str], the Table's column headers; rows: [[value]] with date, datetime (aware or
    naive Japan time), time, int, str or None values; sheet_title: the first sheet's name (cut
    to Excel's 31 characters); exported: the Exported shown in the page header and on 「条件」.
    Never raises for stored text: control characters are removed, formula-like text stays text.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    columns = _write_list(sheet, header, rows)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _set_print(sheet, columns)
    _set_page_header(sheet, exported)
    _write_conditions(workbook.create_sheet("条件"), exported, len(rows))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
