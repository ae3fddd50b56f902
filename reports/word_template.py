"""The Word template of the half-year 実績報告: page, fonts, styles, heading numbering, footer.

Every look of the report lives in the template, so a city can hand in its own styled .docx;
reports.word writes only content and expects the template to define
    paragraph styles  Title, Heading 1, Heading 2 (numbered through numbering.xml), Body Text,
                      Report Bullet, Report Note, Caption, Report Table Text
    table style       Table Grid
    footer            a first paragraph whose content (here a tab, then "- PAGE -") follows
                      the note, which reports.word puts at its start.

Rewrite the committed template with `python -m reports.word_template [PATH]`.
"""

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt, RGBColor, Twips

TEMPLATE = Path(__file__).with_name("word_template.docx")

TITLE = "Title"
HEADINGS = {1: "Heading 1", 2: "Heading 2"}
BODY = "Body Text"
BULLET = "Report Bullet"
NOTE = "Report Note"
CAPTION = "Caption"
TABLE = "Table Grid"
TABLE_TEXT = "Report Table Text"

# (ascii/hAnsi, eastAsia): Word picks the font per character, so both halves are needed.
MINCHO = ("Century", "ＭＳ 明朝")
GOTHIC = ("Arial", "ＭＳ ゴシック")
# One full-width character of the 10.5 pt body, in twips: Japanese documents indent by
# characters. The *Chars attributes let Word follow a city's own font size; the twips are the
# fallback for readers that ignore them (LibreOffice).
CHAR = 210

_DOC_DEFAULTS = f"""<w:docDefaults {nsdecls("w")}>
  <w:rPrDefault><w:rPr>
    <w:rFonts w:ascii="{MINCHO[0]}" w:hAnsi="{MINCHO[0]}" w:eastAsia="{MINCHO[1]}"
      w:cs="Times New Roman"/>
    <w:kern w:val="2"/>
    <w:sz w:val="21"/><w:szCs w:val="21"/>
    <w:lang w:val="en-US" w:eastAsia="ja-JP" w:bidi="ar-SA"/>
  </w:rPr></w:rPrDefault>
  <w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  </w:pPrDefault>
</w:docDefaults>"""

# 「１　事業の概要」 and 「(1)　本市の状況」: the number and its full-width space come from the
# list, so a heading's text never carries it. Level 2 restarts after each level 1 (the
# default for a multilevel list).
_HEADING_LIST = """<w:abstractNum {ns} w:abstractNumId="{abstract_id}">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0">
    <w:start w:val="1"/><w:numFmt w:val="decimalFullWidth"/><w:pStyle w:val="Heading1"/>
    <w:suff w:val="nothing"/><w:lvlText w:val="%1　"/><w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr>
  </w:lvl>
  <w:lvl w:ilvl="1">
    <w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/>
    <w:suff w:val="nothing"/><w:lvlText w:val="(%2)　"/><w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="{char}" w:leftChars="100" w:firstLine="0"/></w:pPr>
  </w:lvl>
</w:abstractNum>"""

_TABLE_LOOK = f"""<w:tblPr {nsdecls("w")}>
  <w:tblInd w:w="0" w:type="dxa"/>
  <w:tblBorders>
    <w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>
    <w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>
    <w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>
    <w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>
    <w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>
    <w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>
  </w:tblBorders>
  <w:tblCellMar>
    <w:top w:w="0" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>
    <w:bottom w:w="0" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>
  </w:tblCellMar>
</w:tblPr>"""

_PAGE_FIELD = [
    f'<w:r {nsdecls("w")}><w:t xml:space="preserve">- </w:t></w:r>',
    f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
    f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
    f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
    f"<w:r {nsdecls('w')}><w:t>1</w:t></w:r>",
    f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
    f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> -</w:t></w:r>',
]


def build_template(path: str | Path) -> None:
    """Write the report template .docx to `path`, starting from python-docx's default document.

    A4 portrait, margins 25 mm top and bottom, 20 mm left and right; ＭＳ 明朝 10.5 pt body,
    ＭＳ ゴシック headings; the styles named in the module docstring; headings numbered
    「１」「(1)」 by a multilevel list in numbering.xml; a footer "note ⇥ - n -" with a PAGE field.
    """
    document = Document()
    section = document.sections[0]
    _page(section)
    _styles(document)
    _footer(section, document.styles["Footer"])
    _drop_leftovers(document)
    core = document.core_properties
    core.language = "ja-JP"
    core.title = core.subject = core.author = core.comments = core.last_modified_by = ""
    document.save(str(path))


def _page(section):
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(20)
    section.header_distance = section.footer_distance = Mm(12)


def _styles(document):
    styles = document.styles
    old_defaults = styles.element.find(qn("w:docDefaults"))
    old_defaults.addprevious(parse_xml(_DOC_DEFAULTS))
    styles.element.remove(old_defaults)

    normal = _paragraph_style(styles, "Normal", base=None)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.widow_control = True

    title = _paragraph_style(styles, TITLE, fonts=GOTHIC, size=14)
    title.font.bold = True
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)

    body = _paragraph_style(styles, BODY)
    _indent(body, first_line=1)

    num_id = _heading_list(document)
    for level, name in HEADINGS.items():
        heading = _paragraph_style(styles, name, fonts=GOTHIC, size=12 if level == 1 else 10.5)
        heading.next_paragraph_style = body
        fmt = heading.paragraph_format
        fmt.keep_with_next = True
        fmt.space_before, fmt.space_after = (Pt(12), Pt(4)) if level == 1 else (Pt(6), Pt(2))
        ppr = heading.element.get_or_add_pPr()
        num_pr = ppr.get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level - 1
        num_pr.get_or_add_numId().val = num_id
        ppr.get_or_add_outlineLvl().val = level - 1

    bullet = _paragraph_style(styles, BULLET)
    # The marker (○, ・) is part of the text, so wrapped lines hang one character in.
    _indent(bullet, left=2, hanging=1)

    note = _paragraph_style(styles, NOTE, size=9)
    note.font.color.rgb = RGBColor(0x7F, 0x7F, 0x7F)
    note.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    note.paragraph_format.space_before = Pt(2)

    caption = _paragraph_style(styles, CAPTION, fonts=GOTHIC)
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(2)

    table_text = _paragraph_style(styles, TABLE_TEXT, size=9)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    grid = styles[TABLE]
    for tag in ("w:pPr", "w:rPr", "w:tblPr"):
        for child in grid.element.findall(qn(tag)):
            grid.element.remove(child)
    grid.element.append(parse_xml(_TABLE_LOOK))

    footer = _paragraph_style(styles, "Footer", size=9)
    footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _footer(section, style):
    """One line: the note's place at the left margin, a tab, then "- n -" centred."""
    text_width = Emu(section.page_width - section.left_margin - section.right_margin)
    tabs = style.paragraph_format.tab_stops
    tabs.add_tab_stop(Twips(text_width.twips // 2), WD_TAB_ALIGNMENT.CENTER)
    tabs.add_tab_stop(Twips(text_width.twips), WD_TAB_ALIGNMENT.RIGHT)
    section.footer.is_linked_to_previous = False
    footer = section.footer.paragraphs[0]
    footer.style = style
    footer.add_run("\t")
    for run in _PAGE_FIELD:
        footer._p.append(parse_xml(run))


def _paragraph_style(styles, name, *, base="Normal", fonts=MINCHO, size=10.5):
    """The paragraph style `name`, added if missing, emptied of the default template's looks."""
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    for tag in ("w:pPr", "w:rPr"):
        for child in style.element.findall(qn(tag)):
            style.element.remove(child)
    style.base_style = styles[base] if base else None
    style.quick_style = True
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:ascii"), fonts[0])
    rfonts.set(qn("w:hAnsi"), fonts[0])
    rfonts.set(qn("w:eastAsia"), fonts[1])
    style.font.size = Pt(size)
    return style


def _indent(style, *, left=0, first_line=0, hanging=0):
    """Indent `style` by whole characters (see CHAR)."""
    ind = style.element.get_or_add_pPr().get_or_add_ind()
    for attr, chars in (("left", left), ("firstLine", first_line), ("hanging", hanging)):
        if chars:
            ind.set(qn(f"w:{attr}"), str(chars * CHAR))
            ind.set(qn(f"w:{attr}Chars"), str(chars * 100))


def _heading_list(document) -> int:
    """Add the headings' multilevel list to numbering.xml; returns its numId."""
    numbering = document.part.numbering_part.element
    abstracts = numbering.findall(qn("w:abstractNum"))
    nums = numbering.findall(qn("w:num"))
    abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in abstracts), default=-1)
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in nums), default=0)
    abstract = parse_xml(_HEADING_LIST.format(ns=nsdecls("w"), abstract_id=abstract_id, char=CHAR))
    num = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    )
    # The schema wants every abstractNum before the first num.
    if nums:
        nums[0].addprevious(abstract)
        nums[-1].addnext(num)
    else:
        numbering.append(abstract)
        numbering.append(num)
    return num_id


def _drop_leftovers(document):
    """Drop parts of python-docx's default document that would contradict this template: a
    stale copy of the original styles (stylesWithEffects) and a thumbnail of a blank page."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if (
            rel.reltype
            == "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
        ):
            part.drop_rel(rel_id)
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rel_id]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE
    build_template(target)
    print(f"wrote {target}")
