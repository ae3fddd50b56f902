"""Opening an uploaded workbook as Excel shows it (issue 15): what is refused before openpyxl
parses (not a plain .xlsx, too large, a zip bomb), and what read-only openpyxl hides — the last
row with a value, merged ranges, formulas saved without their result — read once from each
sheet's XML with expat. The import machinery (workbook.py) reads rows through this.
"""

import io
import posixpath
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

import openpyxl
from django.conf import settings
from openpyxl.utils.cell import column_index_from_string, range_boundaries

# A workbook is a zip: a 250 KB upload can unpack to millions of tiny shared strings that
# openpyxl parses for minutes (issue 15). Real workbooks unpack to 5–15 times their size.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_RATIO = 100
BROKEN = "Excelブック（.xlsx）として読めません。ファイルが壊れています。"


class WorkbookRejected(Exception):
    """The upload is not a workbook we read; the message says why, in Japanese."""


def check_upload(name, size, head):
    """Refuse what is not a plain .xlsx before openpyxl ever sees it."""
    limit = settings.MASTER_IMPORT_MAX_BYTES
    if not name.lower().endswith(".xlsx"):
        raise WorkbookRejected(
            "Excelブック（.xlsx）を選んでください。"
            "マクロ有効ブック（.xlsm）、旧形式（.xls）、CSV は取り込めません。"
        )
    if size > limit:
        raise WorkbookRejected(
            f"ファイルが大きすぎます（{size / 1024 / 1024:.1f} MB、"
            f"上限 {limit // 1024 // 1024} MB）。"
        )
    if not head.startswith(b"PK"):
        raise WorkbookRejected(
            "Excelブック（.xlsx）として読めません。ファイルの中身を確認してください。"
        )


def _refuse_zip_bombs(archive, size):
    unpacked = sum(item.file_size for item in archive.infolist())
    megabytes = unpacked / 1024 / 1024
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookRejected(
            f"ファイルの中身が大きすぎます（展開すると {megabytes:.0f} MB、"
            f"上限 {MAX_UNPACKED_BYTES // 1024 // 1024} MB）。ファイルを分けてください。"
        )
    if unpacked > MAX_UNPACKED_RATIO * max(size, 1):
        raise WorkbookRejected(
            f"展開すると元の{unpacked / max(size, 1):.0f}倍（{megabytes:.1f} MB）になる異常な"
            f"ファイルのため読めません（上限 {MAX_UNPACKED_RATIO}倍）。"
            "Excel で開いて保存し直してください。"
        )


# The same elements in transitional and strict OOXML.
_SHEET_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_TAGS = {
    f"{namespace}}}{tag}": tag
    for namespace in _SHEET_NAMESPACES
    for tag in ("row", "c", "f", "v", "is", "mergeCell")
}


@dataclass
class SheetLayout:
    """What openpyxl's read-only mode does not tell about a sheet, from its XML (issue 15).

    Only the first `width` columns count. last_row: the last row with a value or a formula (0
    when none), so the styled empty rows below are never read. merged: {first row: [(column
    index from 0, last row)]} of the merged ranges spanning rows. formulas_not_saved: {row:
    [column index from 0]} of formulas saved without their result (a file written by a program).
    """

    last_row: int = 0
    merged: dict = field(default_factory=lambda: defaultdict(list))
    formulas_not_saved: dict = field(default_factory=lambda: defaultdict(list))


class _LayoutReader:
    """expat handlers filling a SheetLayout in one pass; a cell is judged when the next starts."""

    def __init__(self, width):
        self.width, self.layout = width, SheetLayout()
        self.row = self.column = 0
        self.ref = None  # the cell's reference, turned into a column only when needed
        self.type = None
        self.formula = self.value = self.in_value = False

    def start(self, name, attrs):
        tag = _TAGS.get(name)
        if tag is None:
            return
        self.in_value = tag == "v"
        if tag == "c":
            self.end_cell()
            if "r" in attrs:
                self.ref = attrs["r"]
            else:
                self.column = self._column() + 1
            self.type = attrs.get("t")
        elif tag == "f":
            self.formula = True
        elif tag == "is":
            self.value = True
        elif tag == "row":
            self.end_cell()
            self.row = int(float(attrs["r"])) if "r" in attrs else self.row + 1
            self.column, self.ref = 0, None
        elif tag == "mergeCell":
            self._merge(attrs.get("ref", ""))

    def text(self, data):
        # whitespace between the elements of a pretty-printed file is not a value
        if self.in_value and data.strip():
            self.value = True

    def end_cell(self):
        if not (self.formula or self.value):
            return
        column = self._column()
        if column <= self.width:
            self.layout.last_row = self.row
            # A formula's cached empty text (t="str", <v></v>) is a blank the user sees;
            # any other formula without a value was never calculated.
            if self.formula and not self.value and self.type != "str":
                self.layout.formulas_not_saved[self.row].append(column - 1)
        self.formula = self.value = False

    def _column(self):
        if self.ref is not None:
            self.column = column_index_from_string(self.ref.rstrip("0123456789"))
            self.ref = None
        return self.column

    def _merge(self, ref):
        try:
            first_column, first_row, _last_column, last_row = range_boundaries(ref)
        except (TypeError, ValueError):
            return  # not a range Excel would write; the cells read as they are
        if first_row and last_row and last_row > first_row and first_column <= self.width:
            self.layout.merged[first_row].append((first_column - 1, last_row))


def _xml(archive, part):
    try:
        return ElementTree.fromstring(archive.read(part))
    except KeyError:
        return ElementTree.Element("missing")


def _sheet_parts(archive):
    """{sheet name: its XML part in the archive}, through the workbook's relationships."""
    book_part = "xl/workbook.xml"
    for relation in _xml(archive, "_rels/.rels"):
        if relation.get("Type", "").endswith("/officeDocument"):
            book_part = relation.get("Target", book_part).lstrip("/")
    folder, _slash, book_file = book_part.rpartition("/")
    targets = {
        relation.get("Id"): relation.get("Target", "")
        for relation in _xml(archive, f"{folder}/_rels/{book_file}.rels")
    }
    parts = {}
    for sheet in _xml(archive, book_part).iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        relation = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(relation)
        if target:
            parts[sheet.get("name")] = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
    return parts


@dataclass
class OpenWorkbook:
    """An upload opened for reading: openpyxl's read-only workbook of the values as last saved,
    and the zip archive with the parts openpyxl's read-only mode does not look at."""

    book: Any
    archive: zipfile.ZipFile
    parts: dict

    @property
    def sheetnames(self):
        return self.book.sheetnames

    def layout(self, sheet_name, width):
        """The SheetLayout of the sheet, or None when its XML part cannot be found."""
        part = self.parts.get(sheet_name)
        if part not in self.archive.namelist():
            return None
        reader = _LayoutReader(width)
        parser = expat.ParserCreate(namespace_separator="}")
        parser.StartElementHandler, parser.CharacterDataHandler = reader.start, reader.text
        parser.buffer_text = True
        try:
            with self.archive.open(part) as source:
                parser.ParseFile(source)
        except (expat.ExpatError, zipfile.BadZipFile, ValueError):
            raise WorkbookRejected(BROKEN) from None
        reader.end_cell()
        return reader.layout

    def values(self, sheet_name, layout, width):
        """Each row's values up to the last row with one, as tuples of `width`."""
        sheet = self.book[sheet_name]
        if layout is None:
            return sheet.iter_rows(max_col=width, values_only=True)
        if not layout.last_row:
            return iter(())
        return sheet.iter_rows(max_row=layout.last_row, max_col=width, values_only=True)

    def close(self):
        self.book.close()
        self.archive.close()


def open_workbook(fileobj):
    """The upload as an OpenWorkbook; raises WorkbookRejected (in Japanese) for a file that is
    not a zip, holds macros, or unpacks to over MAX_UNPACKED_BYTES or MAX_UNPACKED_RATIO times
    its size (checked on the zip's directory, before anything is unpacked: issue 15), or that
    openpyxl cannot read."""
    data = fileobj.read()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        _refuse_zip_bombs(archive, len(data))
        names = set(archive.namelist())
        content_types = (
            archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        )
    except (zipfile.BadZipFile, OSError):
        raise WorkbookRejected(BROKEN) from None
    if "xl/vbaProject.bin" in names or b"macroEnabled" in content_types:
        raise WorkbookRejected("マクロを含むブックは取り込めません。.xlsx で保存し直してください。")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        parts = _sheet_parts(archive)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise WorkbookRejected(BROKEN) from None
    return OpenWorkbook(book, archive, parts)
