"""Reading one sheet of an upload as a user sees it in Excel (issue 15): its name, its header
row and its rows with a value, before anything is imported.

Sheet names and headers are compared after NFKC without spaces, rows without a value are not
rows, a merged cell's value holds for every row of its range, and a formula saved without its
result is noted for the row. openpyxl reads in read-only mode, which hides merged ranges and
formulas, so those come from the sheet's XML (reading.SheetLayout, read once with expat).
A sheet's columns may end with OptionalColumns (issue 16).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import chain, islice

from openpyxl.utils.cell import get_column_letter

from .reading import WorkbookRejected


class OptionalColumn(str):
    """A last column of a sheet that a file may leave out (活動記録's 記録ID, issue 16): read
    only when row 1 names it, so files without it, or with a note of their own there, read
    as before; the templates leave it out unless in_template (a column added to the sheet
    after files were written without it, such as 活動記録's 数量, issue 19)."""

    in_template = False


# How far past a sheet's last column its optional columns are looked for (notes between).
NOTE_COLUMNS = 10


class AddedColumn(OptionalColumn):
    """An OptionalColumn the templates include: new files have it, older ones still read."""

    in_template = True


@dataclass
class ImportProblem:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self):
        return f"{self.sheet}!{self.row} {self.column}: {self.message}"


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().strip("\u3000").strip()


def sheet_key(name):
    return unicodedata.normalize("NFKC", name).strip()


def header_key(text):
    # 所要時間(分), 所要時間 （分） and 所要時間 + line break + （分） are the same header
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def sheets_in_book(names_in_book, known):
    """{known sheet name: its name in the book}, names compared after NFKC and trimming, so
    「活動記録 」 is 活動記録 (issue 15). Raises WorkbookRejected when the book has no known
    sheet, naming the sheets expected and found, or two sheets that read as one."""
    by_key = {sheet_key(name): name for name in known}
    found = {}
    for in_book in names_in_book:
        name = by_key.get(sheet_key(in_book))
        if name is None:
            continue
        if name in found:
            raise WorkbookRejected(
                f"シート「{found[name]}」と「{in_book}」はどちらも「{name}」として読みます。"
                "1つにまとめてください。"
            )
        found[name] = in_book
    if not found:
        raise WorkbookRejected(
            f"取り込めるシートがありません。シート名を「{'」「'.join(known)}」のどれかにしてください"
            f"（このブックのシート: 「{'」「'.join(names_in_book)}」）。"
        )
    return found


def _shown(text):
    return f"「{text}」" if text else "空欄"


def header_problem(name, columns, header):
    """An ImportProblem naming the row 1 cells that differ from `columns`, or None."""
    wrong = [
        (f"{get_column_letter(index)}1", expected, cell_text(found))
        for index, (expected, found) in enumerate(zip(columns, header, strict=True), start=1)
        if header_key(expected) != header_key(cell_text(found))
    ]
    if not wrong:
        return None
    cells = "".join(
        f"{cell} の見出しは「{expected}」にしてください（現在: {_shown(found)}）。"
        for cell, expected, found in wrong[:3]
    )
    more = f"ほか{len(wrong) - 3}列も違います。" if len(wrong) > 3 else ""
    # an optional column the file leaves out ("" here) is not asked for
    order = "」「".join(column for column in columns if column)
    return ImportProblem(name, 1, "見出し", f"1行目は「{order}」の順にしてください。{cells}{more}")


def rows_with_values(values, layout, width):
    """(row number, values, [column index of a formula without its result]) of row 1 and of
    every later row with a value of its own: styled empty rows are not rows. A merged range's
    value holds for each of its rows that has a value of its own (issue 15)."""
    merged = layout.merged if layout else {}
    formulas = layout.formulas_not_saved if layout else {}
    carried = {}  # column index -> (value of a merged range above, its last row)
    for number, row in enumerate(values, start=1):
        row = list(row) + [None] * (width - len(row))
        not_saved = formulas.get(number, [])
        has_value = bool(not_saved) or any(cell_text(value) for value in row)
        for column, (value, last_row) in list(carried.items()):
            if number > last_row:
                del carried[column]
            elif has_value:
                row[column] = value
        for column, last_row in merged.get(number, ()):
            carried[column] = (row[column], last_row)
        if has_value or number == 1:
            yield number, tuple(row), not_saved


@dataclass
class SheetRows:
    """One sheet, read whole before anything is imported: its rows with a value, or the
    problem that refuses it (a wrong header, or more rows than allowed)."""

    rows: list = field(default_factory=list)
    problem: ImportProblem | None = None
    too_long: bool = False
    absent: frozenset = frozenset()  # the OptionalColumns the file leaves out


def column_sources(columns, header):
    """Where each of `columns` is in a file whose row 1 is `header` -> [index or None]: the
    required columns where they stand; each OptionalColumn at the end wherever row 1 names it
    after them, in any order and with notes of the user's own between (a file exported before
    数量 was added has 記録ID where 数量 now stands, issue 19), None when the file leaves it
    out."""
    required = len(columns)
    while required and isinstance(columns[required - 1], OptionalColumn):
        required -= 1
    tail = {header_key(cell_text(header[index])): index for index in range(required, len(header))}
    return list(range(required)) + [tail.get(header_key(column)) for column in columns[required:]]


def _moved(row, sources):
    return tuple(row[i] if i is not None and i < len(row) else None for i in sources)


def moved_layout(layout, sources):
    """The SheetLayout of the columns at `sources` (column_sources), in their order; last_row
    stays, as the rows below with a value only in the dropped columns are skipped as empty."""
    if layout is None:
        return None
    new_index = {source: index for index, source in enumerate(sources) if source is not None}
    return type(layout)(
        last_row=layout.last_row,
        merged={
            n: [(new_index[c], last) for c, last in ms if c in new_index]
            for n, ms in layout.merged.items()
        },
        formulas_not_saved={
            n: [new_index[c] for c in cs if c in new_index]
            for n, cs in layout.formulas_not_saved.items()
        },
    )


def read_sheet(workbook, sheet_name, name, columns, max_rows, hint):
    """Sheet `sheet_name` of an OpenWorkbook as SheetRows: each row a tuple of `columns`' cells,
    None for an OptionalColumn the file leaves out (column_sources), or the problem at 見出し
    (row 1 differs from `columns`) or 行数 (over max_rows rows with a value; the message ends
    with `hint`), reported as sheet `name`."""
    # Optional columns are looked for a little beyond where they stand, past notes of one's own.
    read = len(columns) + (NOTE_COLUMNS if isinstance(columns[-1], OptionalColumn) else 0)
    layout = workbook.layout(sheet_name, read)
    values = iter(workbook.values(sheet_name, layout, read))
    first = next(values, ())
    sources = column_sources(columns, first)
    width = len(columns)
    values = (_moved(row, sources) for row in chain([first], values))
    rows = rows_with_values(values, moved_layout(layout, sources), width)
    # an OptionalColumn the file leaves out is not its header: it is compared as written
    absent = frozenset(c for c, i in zip(columns, sources, strict=True) if i is None)
    columns = tuple("" if c in absent else c for c in columns)
    _number, header, _formulas = next(rows, (1, (None,) * width, []))
    problem = header_problem(name, columns, header)
    if problem:
        return SheetRows(problem=problem)
    # Only rows with a value count against the limit, and reading stops one past it: a sheet
    # that is too long is refused with one message, not after thousands of its rows.
    body = list(islice(rows, max_rows + 1))
    if len(body) <= max_rows:
        return SheetRows(rows=body, absent=absent)
    return SheetRows(
        problem=ImportProblem(
            name,
            body[-1][0],
            "行数",
            f"1シート{max_rows:,}行までです。このシートはそれを超えているため、{hint}",
        ),
        too_long=True,
    )
