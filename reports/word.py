"""The half-year 実績報告 as a Word file: blocks of content written over the template's styles.

The template (reports/word_template.docx, built by reports.word_template) holds the looks: page,
fonts, heading numbering, footer. This module writes text, tables and the footer note; the only
looks it sets itself are a table's column widths, alignment and the fills of its header and
total rows, which depend on the table's content.
"""

import io
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Pt, Twips

from coordinators.text import clean_text

from .word_template import (
    BODY,
    BULLET,
    CAPTION,
    HEADINGS,
    NOTE,
    TABLE,
    TABLE_TEXT,
    TEMPLATE,
    TITLE,
)

Block = dict[str, Any]

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADER_FILL = "DDEBF7"
TOTAL_FILL = "F2F2F2"
# A cell's left and right margins (57 twips each in the template) plus its borders and a
# little air, so a column sized to its text does not wrap it.
_CELL_PADDING = 160
# A formatted number such as "1,234", "-5", "12.5" or "33.3%" is aligned like one.
_NUMBER = re.compile(r"[+\-−]?[\d,]+(\.\d+)?%?")


def write_document(
    blocks: Iterable[Block],
    *,
    footer_note: str | None = None,
    template: str | Path | IO[bytes] | None = None,
) -> bytes:
    """The .docx (bytes) of `blocks`, written in order over `template` (a path or binary file;
    default reports/word_template.docx), whose own body content is dropped first.

    blocks: dicts keyed by "kind", each text written as given (no Markdown; "\\n" breaks a line):
        {"kind": "title", "text": str}           Title style; the first is also the file's title
        {"kind": "heading", "level": 1 | 2, "text": str}  numbered 「１」「(1)」 by the template
        {"kind": "paragraph", "text": str}       body text, first line indented one character
        {"kind": "bullet", "text": str}          one line, the text starting with its ○ or ・
        {"kind": "note", "text": str}            a small grey line, e.g. 「（未記入）」 or a source
        {"kind": "table", "rows": [[cell, ...], ...], "header_rows": int = 1,
            "total_rows": [row index, ...] = [], "caption": str | None = None}
            cell: str, int (shown 1,234), float (one decimal) or None (empty); numbers right,
            text left; header rows bold, centred, light blue and repeated on every page; total
            rows (negative indexes count from the end) bold on light grey; columns sized to
            their text and the table to the page's text width.
        {"kind": "page_break"}
    footer_note: text at the left of the footer, e.g. 「確定: 令和6年10月15日 山田 花子」;
        None leaves it empty.
    Raises ValueError for an unknown kind, a heading level other than 1 or 2, a table without
    rows or a total row outside the table.
    """
    # Stored text may hold what XML cannot (text saved before the cleaning, issue 15).
    blocks = [_cleaned(block) for block in blocks]
    footer_note = clean_text(footer_note)
    source = str(template) if isinstance(template, Path) else template
    document = Document(source if source is not None else str(TEMPLATE))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)

    for block in blocks:
        kind = block.get("kind")
        if kind not in _WRITERS:
            raise ValueError(f"unknown block kind: {kind!r}")
        _WRITERS[kind](document, block)

    if footer_note:
        _write_footer_note(document, footer_note)
    core = document.core_properties
    core.title = next((b["text"] for b in blocks if b["kind"] == "title"), "")
    core.created = core.modified = datetime.now(UTC)
    core.revision = 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _cleaned(block):
    block = {key: clean_text(value) for key, value in block.items()}
    if "rows" in block:
        block["rows"] = [[clean_text(cell) for cell in row] for row in block["rows"]]
    return block


def _heading(document, block):
    level = block.get("level")
    if level not in HEADINGS:
        raise ValueError(f"heading level must be 1 or 2, not {level!r}")
    document.add_paragraph(block["text"], style=HEADINGS[level])


def _styled(style):
    def write(document, block):
        document.add_paragraph(block["text"], style=style)

    return write


def _page_break(document, block):
    document.add_page_break()


def _table(document, block):
    rows = [list(row) for row in block["rows"]]
    if not rows or not any(rows):
        raise ValueError("a table block needs at least one row with cells")
    columns = max(len(row) for row in rows)
    rows = [row + [None] * (columns - len(row)) for row in rows]
    header_rows = block.get("header_rows", 1)
    totals = set()
    for index in block.get("total_rows", ()):
        if not -len(rows) <= index < len(rows):
            raise ValueError(f"total row {index} is outside a table of {len(rows)} rows")
        totals.add(index % len(rows))

    if block.get("caption"):
        document.add_paragraph(block["caption"], style=CAPTION)
    table = document.add_table(rows=len(rows), cols=columns, style=TABLE)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    section = document.sections[-1]
    available = Emu(section.page_width - section.left_margin - section.right_margin).twips
    font_size = document.styles[TABLE_TEXT].font.size or Pt(9)
    widths = _column_widths(rows, header_rows, available, em=font_size.twips)
    tbl_width = table._tbl.tblPr.find(qn("w:tblW"))
    tbl_width.set(qn("w:type"), "dxa")
    tbl_width.set(qn("w:w"), str(sum(widths)))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)

    text_style = document.styles[TABLE_TEXT]
    for index, (values, row) in enumerate(zip(rows, table.rows, strict=True)):
        header = index < header_rows
        # Word repeats tblHeader rows at the top of every page the table runs onto.
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if header:
            tr_pr.append(OxmlElement("w:tblHeader"))
        fill = HEADER_FILL if header else TOTAL_FILL if index in totals else None
        for value, cell, width in zip(values, row.cells, widths, strict=True):
            cell.width = Twips(width)
            _write_cell(cell, value, style=text_style, header=header, fill=fill)


def _write_cell(cell, value, *, style, header: bool, fill: str | None):
    if fill:
        shading = f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'
        cell._tc.get_or_add_tcPr().insert_element_before(parse_xml(shading), *_AFTER_SHD)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    if header:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif _is_number(value):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    text = _cell_text(value)
    if text:
        paragraph.add_run(text).bold = True if fill else None


# tcPr's children after shd, in schema order.
_AFTER_SHD = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


def _is_number(value) -> bool:
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and _NUMBER.fullmatch(value.strip()) is not None


def _ems(text: str) -> float:
    """Width of the longest line of `text` in ems: a kanji or kana is 1, anything else 0.6,
    which holds a bold digit in the fonts a reader may substitute for Century."""
    return max(
        sum(1 if unicodedata.east_asian_width(c) in "WFA" else 0.6 for c in line)
        for line in text.split("\n")
    )


def _column_widths(rows, header_rows, available: int, *, em: float) -> list[int]:
    """Column widths in twips summing to `available`. Each column first gets what it cannot
    break (a whole number, an ASCII word, two kanji, its header on two lines); then columns
    grow toward their widest body text, then toward one-line headers, smallest wants first,
    so a 所属's name wraps only when the page is full, and a long header wraps before it."""
    columns = len(rows[0])
    least, body, header = [0] * columns, [0] * columns, [0] * columns
    for index, row in enumerate(rows):
        for column, value in enumerate(row):
            text = _cell_text(value)
            width = _ems(text)
            unbreakable = width if _is_number(value) else min(width, 2)
            unbreakable = max([unbreakable, *(_ems(word) for word in re.findall(r"[!-~]+", text))])
            if index < header_rows:
                # Two lines, with a character to spare for where Japanese may not break.
                unbreakable = max(unbreakable, min(width, width / 2 + 1))
                header[column] = max(header[column], width)
            else:
                body[column] = max(body[column], width)
            least[column] = max(least[column], unbreakable)
    widths, body, header = (
        [ems * em + _CELL_PADDING for ems in level] for level in (least, body, header)
    )
    room = available - sum(widths)
    if room < 0:
        widths = [w * available / sum(widths) for w in widths]
    else:
        room = _grow(widths, body, room)
        room = _grow(widths, header, room, whole=True)
        total = sum(widths)
        widths = [w + room * w / total for w in widths]
    widths = [int(w) for w in widths]
    widths[-1] += available - sum(widths)
    return widths


def _grow(widths: list[float], targets: list[float], room: float, *, whole=False) -> float:
    """Widen `widths` toward `targets` within `room`, the smallest shortfalls first, sharing
    what is left equally among the rest; returns the room left over. With `whole`, a column
    grows all the way or not at all: a header one character short of its line wraps that
    character alone, where at its starting width it splits into two even lines."""
    shortfalls = sorted(
        (t - w, i) for i, (w, t) in enumerate(zip(widths, targets, strict=True)) if t > w
    )
    for done, (shortfall, column) in enumerate(shortfalls):
        given = min(shortfall, room / (len(shortfalls) - done))
        if whole and given < shortfall:
            given = shortfall if shortfall <= room else 0
        widths[column] += given
        room -= given
    return room


def _write_footer_note(document, note: str):
    # The template's footer line is "⇥ - PAGE -": the note goes in front, at the left margin.
    paragraph = document.sections[0].footer.paragraphs[0]
    run = paragraph.add_run(note)._r
    p = paragraph._p
    p.remove(run)
    if p.pPr is not None:
        p.pPr.addnext(run)
    else:
        p.insert(0, run)


_WRITERS = {
    "title": _styled(TITLE),
    "heading": _heading,
    "paragraph": _styled(BODY),
    "bullet": _styled(BULLET),
    "note": _styled(NOTE),
    "table": _table,
    "page_break": _page_break,
}
