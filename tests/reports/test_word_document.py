"""The 実績報告 as a Word file (reports.word over reports/word_template.docx), read back with
python-docx: what a city opens in Word must hold the report's text, numbers and page setup."""

import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from reports.word import write_document
from reports.word_template import build_template

TITLE = "令和6年度上半期 生活支援体制整備事業の実績報告"
LEFT, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
FOOTER_NOTE = "確定: 令和6年10月15日 山田 花子"
ROWS = [
    ["所属", "担い手の養成", "実態把握", "合計"],
    ["中央地域包括支援センター", 120, None, 120],
    ["北部地域包括支援センター", 1234, 5, 1239],
    ["合計", 1354, 5, 1359],
]
BLOCKS = [
    {"kind": "title", "text": TITLE},
    {"kind": "heading", "level": 1, "text": "事業の概要"},
    {"kind": "paragraph", "text": "本市では生活支援コーディネーターを配置している。"},
    {"kind": "heading", "level": 1, "text": "生活支援コーディネーター"},
    {"kind": "heading", "level": 2, "text": "本市の状況"},
    {"kind": "bullet", "text": "○第1層：市社会福祉協議会（1名）"},
    {"kind": "heading", "level": 2, "text": "実績"},
    {"kind": "table", "caption": "表1　区分別活動件数", "rows": ROWS, "total_rows": [3]},
    {"kind": "note", "text": "（未記入）"},
    {"kind": "page_break"},
    {"kind": "paragraph", "text": "次のページ"},
]


def read(blocks=BLOCKS, **options):
    return Document(io.BytesIO(write_document(blocks, **options)))


def numbering_of(paragraph, document):
    """(ilvl, lvlText) of the list level numbering `paragraph`, through its style chain."""
    style, num_pr = paragraph.style, paragraph._p.pPr.numPr
    while num_pr is None and style is not None:
        ppr = style.element.pPr
        num_pr = ppr.numPr if ppr is not None else None
        style = style.base_style
    assert num_pr is not None, f"{paragraph.text!r} is not numbered"
    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    numbering = document.part.numbering_part.element
    (num,) = numbering.xpath(f"w:num[@w:numId='{num_pr.numId.val}']")
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    (level,) = numbering.xpath(
        f"w:abstractNum[@w:abstractNumId='{abstract_id}']/w:lvl[@w:ilvl='{ilvl}']"
    )
    return ilvl, level.find(qn("w:lvlText")).get(qn("w:val"))


def test_title_is_the_first_paragraph_and_the_files_title():
    document = read()

    first = document.paragraphs[0]
    assert (first.text, first.style.name) == (TITLE, "Title")
    assert document.core_properties.title == TITLE
    assert document.core_properties.language == "ja-JP"


def test_headings_are_numbered_by_the_template_not_by_their_text():
    document = read()

    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [(p.style.name, p.text) for p in headings] == [
        ("Heading 1", "事業の概要"),
        ("Heading 1", "生活支援コーディネーター"),
        ("Heading 2", "本市の状況"),
        ("Heading 2", "実績"),
    ]
    assert numbering_of(headings[0], document) == (0, "%1　")
    assert numbering_of(headings[2], document) == (1, "(%2)　")


def test_body_bullet_and_note_keep_their_text_in_their_styles():
    document = read()

    styled = {p.text: p.style.name for p in document.paragraphs}
    assert styled["本市では生活支援コーディネーターを配置している。"] == "Body Text"
    assert styled["○第1層：市社会福祉協議会（1名）"] == "Report Bullet"
    assert styled["（未記入）"] == "Report Note"
    assert styled["表1　区分別活動件数"] == "Caption"


def test_table_holds_the_cells_and_the_total_row():
    document = read()

    (table,) = document.tables
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    assert texts == [
        ["所属", "担い手の養成", "実態把握", "合計"],
        ["中央地域包括支援センター", "120", "", "120"],
        ["北部地域包括支援センター", "1,234", "5", "1,239"],
        ["合計", "1,354", "5", "1,359"],
    ]
    total = table.rows[3]
    assert all(run.bold for cell in total.cells for run in cell.paragraphs[0].runs)
    fills = {cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for cell in total.cells}
    assert fills == {"F2F2F2"}
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None


def test_table_numbers_are_right_aligned_and_text_left():
    document = read()

    row = document.tables[0].rows[2]
    alignments = [cell.paragraphs[0].alignment for cell in row.cells]
    assert alignments == [None, RIGHT, RIGHT, RIGHT]
    assert document.styles["Report Table Text"].paragraph_format.alignment == LEFT


def test_a_ten_column_table_fits_the_page_width():
    header = ["所属", "担い手の養成", "実態把握", "立上支援", "運営支援", "啓発", "個別支援"]
    rows = [[*header, "2層支援（1層のみ）", "合計"]]
    rows += [[f"第{i}地域包括支援センター", *range(100, 108), 12345] for i in range(8)]
    document = read([{"kind": "table", "rows": rows}])

    section = document.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) / 635
    grid = document.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))
    widths = [int(col.get(qn("w:w"))) for col in grid]
    assert len(widths) == 10
    assert abs(sum(widths) - text_width) <= 1
    assert widths[0] == max(widths)


def test_page_is_a4_portrait():
    section = read().sections[0]

    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297


def test_footer_numbers_the_pages_and_carries_the_note():
    footer = read(footer_note=FOOTER_NOTE).sections[0].footer

    fields = footer._element.xpath(".//w:instrText/text() | .//w:fldSimple/@w:instr")
    assert [field.strip() for field in fields] == ["PAGE"]
    assert footer.paragraphs[0].text.startswith(FOOTER_NOTE + "\t")


def test_footer_without_a_note_holds_only_the_page_number():
    footer = read().sections[0].footer

    assert footer.paragraphs[0].text == "\t- 1 -"


def test_page_break_block_breaks_the_page():
    body = read().element.body

    assert body.xpath(".//w:br[@w:type='page']")


def test_unknown_block_kind_is_refused():
    with pytest.raises(ValueError, match="chart"):
        write_document([{"kind": "chart", "text": "x"}])


def test_heading_level_three_is_refused():
    with pytest.raises(ValueError, match="level"):
        write_document([{"kind": "heading", "level": 3, "text": "x"}])


def test_a_templates_own_body_content_is_dropped(tmp_path):
    template = tmp_path / "template.docx"
    build_template(template)
    with_content = Document(str(template))
    with_content.add_paragraph("テンプレートの見本文")
    with_content.save(str(template))

    document = read(template=template)

    assert "テンプレートの見本文" not in [p.text for p in document.paragraphs]
    assert document.paragraphs[0].text == TITLE
