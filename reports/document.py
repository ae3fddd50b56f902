"""The 実績報告 as blocks of content (domain brief §8, issue 19): the same blocks are drawn as
the printable page and written as the Word file (reports.word), so both say the same.

Every number in a sentence comes from the Report (published figures when the half-year is
closed), never typed; on the page each carries the address of the records it counts. The text
is what the 所属 and the division wrote (reports.texts), as published once fixed.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from coordinators.periods import wareki_date

from .models import Section
from .published import report_for
from .renderers import national_tables
from .selectors import Report
from .texts import center_texts, fixed_document, texts_for

BULLET_MARKS = ("○", "・", "◯", "●", "〇")
THEME = re.compile(r"^[（(]\s*[0-9０-９]+\s*[)）]\s*(.+)$")


@dataclass
class ReportDocument:
    """What the document shows: the Report, the city's texts ({Section value: text}), each
    所属's texts ([(所属名, {Section value: text})] in table order), the PublishedReport whose
    document is 確定 (None for a draft) and the 所属 that have written nothing yet."""

    report: Report
    city_texts: dict
    centers: list = field(default_factory=list)
    fixed: object = None
    not_written: list = field(default_factory=list)
    published: object = None  # the PublishedReport whose figures are shown, None when live

    @property
    def title(self):
        if self.report.center is None:
            return f"{self.report.period.label}生活支援体制整備事業の実績報告"
        center = self.report.center.name
        return f"{self.report.period.label}生活支援コーディネーターの活動報告（{center}）"

    @property
    def footer_note(self):
        """What the Word file's footer says of the text: 確定 (the city's, with who and when),
        締め (a closed 所属's, fixed with its published version) or 下書き."""
        if self.fixed is not None:
            who = self.fixed.document_fixed_by
            name = who.get_full_name() or who.get_username()
            when = wareki_date(self.fixed.document_fixed_at)
            return f"確定: {when} {name}（{self.fixed.label}）"
        if self.report.center is not None and self.published is not None:
            who = self.published.published_by
            name = who.get_full_name() or who.get_username()
            when = wareki_date(self.published.published_at)
            return f"締め: {when} {name}（{self.published.label}）"
        return "下書き（確定前）" if self.report.center is None else "下書き（締め前）"


def document_for(period, center=None, version=None):
    """The ReportDocument of a period (half-year or fiscal year) and scope (a Center, or None
    for the city). version: a published version number (None: the newest of a closed
    half-year). Raises published.NoSuchVersion for a version never published."""
    shown = report_for(period, center, version)
    report = shown.report
    published = shown.published
    if center is not None:
        stored = published.narrative if published is not None else None
        texts = stored if stored is not None else texts_for(period, center)
        return ReportDocument(report, {}, [(center.name, texts)], published=published)
    fixed = published if published is not None and published.document_fixed_at else None
    if fixed is None and version is None:
        fixed = fixed_document(period)
    if fixed is not None:
        stored = fixed.narrative or {}
        centers = [tuple(pair) for pair in stored.get("centers", [])]
        return ReportDocument(report, stored.get("city", {}), centers, fixed, published=fixed)
    rows = [row["center"] for row in report.activity_counts.rows]
    written = center_texts(period, [c.pk for c in rows])
    return ReportDocument(
        report,
        texts_for(period, None),
        [(c.name, written.get(c.pk, {})) for c in rows],
        not_written=[c.name for c in rows if c.pk not in written],
        published=published,
    )


def text_blocks(text, *, themes=False):
    """Blocks of a typed text: lines starting with ○ or ・ are bullets; with themes, a line
    「(1) 見出し」 is a numbered heading (its number given by the document); other lines are
    paragraphs; blank lines separate nothing more."""
    blocks = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        theme = THEME.match(line) if themes else None
        if line.startswith(BULLET_MARKS):
            blocks.append({"kind": "bullet", "text": line})
        elif theme:
            blocks.append({"kind": "heading", "level": 2, "text": theme.group(1)})
        else:
            blocks.append({"kind": "paragraph", "text": line})
    return blocks


def _unwritten(text_blocks_):
    return text_blocks_ or [{"kind": "note", "text": "（未記入）"}]


def _link(view, **query):
    return f"{reverse(view)}?{urlencode({k: v for k, v in query.items() if v is not None})}"


def _sentence(*parts):
    """A paragraph of (text, address or None) parts: "text" for Word, "parts" for the page."""
    parts = [(text, url) for text, url in parts if text]
    return {"kind": "paragraph", "text": "".join(text for text, _ in parts), "parts": parts}


def hours_text(hours):
    """86.0 -> "86", 38.2 -> "38.2": hours as a sentence says them."""
    return f"{int(hours)}" if float(hours).is_integer() else f"{hours}"


def _figures(report):
    """The sentences of 実績 with their numbers: visits, consultations, meetings."""
    code = report.period.code
    pk = report.center.pk if report.center is not None else None
    visits, consultations = report.visits, report.consultations
    blocks = []
    if visits["count"]:
        average = visits["average_minutes"]
        blocks.append(
            _sentence(
                ("訪問は延べ", None),
                (
                    f"{visits['count']}件",
                    _link("coordinators:activity_list", period=code, center=pk, visit="on"),
                ),
                (
                    f"（実{visits['distinct_places']}件）、総時間{hours_text(visits['hours'])}時間",
                    None,
                ),
                (f"、1件あたり平均約{average}分" if average is not None else "", None),
                ("でした。", None),
            )
        )
        places = "、".join(f"{name}（{n}件）" for name, n in visits["top_places"])
        if places:
            blocks.append({"kind": "paragraph", "text": f"主な訪問先: {places}"})
    routes = "、".join(f"{label} {n}件" for label, n in consultations["by_route"].items() if n)
    blocks.append(
        _sentence(
            ("相談対応は", None),
            (
                f"{consultations['total']}件",
                _link("coordinators:consultation_list", period=code, center=pk),
            ),
            (f"（{routes}）" if routes else "", None),
            ("でした。", None),
        )
    )
    kinds = "、".join(
        f"{kind} {n}件" for kind, n in consultations["by_consulter_type"].items() if n
    )
    if kinds:
        blocks.append({"kind": "paragraph", "text": f"相談者種別: {kinds}"})
    return blocks


def activity_table_block(report):
    """The 活動内容 table by 所属 and 区分 with its computed 合計 row, and on the page the
    address of each count's records."""
    code = report.period.code
    header = ["所属", *(c.label for c in report.categories), "合計"]
    rows, links = [header], [[None] * len(header)]
    for row in report.activity_counts.rows:
        pk = row["center"].pk
        rows.append(
            [
                row["center"].name,
                *("" if n is None else n for n in row["counts"].values()),
                row["total"],
            ]
        )
        links.append(
            [
                None,
                *(
                    None
                    if n is None
                    else _link("coordinators:activity_list", period=code, center=pk, category=c)
                    for c, n in row["counts"].items()
                ),
                _link("coordinators:activity_list", period=code, center=pk),
            ]
        )
    totals = report.activity_counts.totals
    scope = report.center.pk if report.center is not None else None
    rows.append(["合計", *totals.values(), report.activity_counts.total])
    links.append(
        [
            None,
            *(
                _link("coordinators:activity_list", period=code, center=scope, category=c)
                for c in totals
            ),
            _link("coordinators:activity_list", period=code, center=scope),
        ]
    )
    return {
        "kind": "table",
        "caption": f"活動内容ごとの実施件数（{report.period.label}）",
        "rows": rows,
        "links": links,
        "header_rows": 1,
        "total_rows": [len(rows) - 1],
    }


def national_blocks(report):
    """The national view (issue 21) as two tables: the 区分 added up by the national
    guideline's functions, and coordinators and 協議体 by tier (renderers.national_tables)."""
    captions = {
        "国の機能別": f"国の機能別の件数（{report.period.label}、区分を国の3機能とその他に集計）",
        "層別の担当者数と協議体": f"層別の担当者数と協議体（{report.period.label}）",
    }
    blocks = []
    for name, rows in national_tables(report):
        totals = [index for index, row in enumerate(rows) if row and row[0] == "合計"]
        blocks.append(
            {
                "kind": "table",
                "caption": captions[name],
                "rows": rows,
                "header_rows": 1,
                "total_rows": totals,
            }
        )
    return blocks


def _council_blocks(report):
    councils = report.councils
    blocks = []
    # the city, or a 所属 whose coordinators attend the tier-1 council (the division)
    if report.center is None or councils["tier1_council"]:
        blocks.append(
            {"kind": "bullet", "text": f"○第1層 協議体の開催 {councils['tier1_council']}回"}
        )
    blocks.append(
        {"kind": "bullet", "text": f"○第2層 協議体相当の会議 {councils['tier2_equivalent']}回"}
    )
    by_center = councils.get("equivalent_by_center", {})
    if report.center is None and by_center:
        rows = [["所属", "協議体相当の会議"], *([name, n] for name, n in by_center.items())]
        blocks.append(
            {
                "kind": "table",
                "caption": (
                    "所属別 第2層 協議体相当の会議（複数の所属が出席した会議は各所属に数える）"
                ),
                "rows": rows,
                "header_rows": 1,
                "total_rows": [],
            }
        )
    return blocks


def _each_center(document, section):
    blocks = []
    for name, texts in document.centers:
        written = text_blocks(texts.get(section, ""))
        if written:
            blocks += [{"kind": "paragraph", "text": f"【{name}】"}, *written]
    return blocks


def numbered(blocks):
    """Each heading's number as the page shows it (Word numbers them from the template)."""
    first = second = 0
    for block in blocks:
        if block["kind"] != "heading":
            continue
        if block["level"] == 1:
            first, second = first + 1, 0
            block["number"] = f"{first}"
        else:
            second += 1
            block["number"] = f"({second})"
    return blocks


def document_blocks(document):
    """The document as blocks (reports.word's kinds, plus "parts" and "links" for the page,
    "number" on headings): the city's four sections of domain brief §8, or a 所属's 主な取組,
    実績 and 課題."""
    report = document.report
    blocks = [{"kind": "title", "text": document.title}]
    if document.not_written:
        blocks.append(
            {"kind": "note", "text": f"まだ文章がない所属: {'、'.join(document.not_written)}"}
        )
    if report.center is not None:
        texts = document.centers[0][1] if document.centers else {}
        blocks += [{"kind": "heading", "level": 1, "text": "主な取組"}]
        blocks += _unwritten(text_blocks(texts.get(Section.MAIN_WORK, "")))
        blocks += [{"kind": "heading", "level": 1, "text": "実績"}, activity_table_block(report)]
        blocks += _figures(report) + national_blocks(report) + _council_blocks(report)
        blocks += [{"kind": "heading", "level": 1, "text": "課題"}]
        blocks += _unwritten(text_blocks(texts.get(Section.CHALLENGES, ""), themes=True))
        return numbered(blocks)
    city = document.city_texts
    blocks += [{"kind": "heading", "level": 1, "text": "事業の概要"}]
    blocks += _unwritten(text_blocks(city.get(Section.OVERVIEW, "")))
    blocks += [
        {"kind": "heading", "level": 1, "text": "生活支援コーディネーター"},
        {"kind": "heading", "level": 2, "text": "本市の状況"},
    ]
    blocks += _unwritten(text_blocks(city.get(Section.COORDINATOR_SITUATION, "")))
    blocks += [{"kind": "heading", "level": 2, "text": "実績"}]
    blocks += text_blocks(city.get(Section.MAIN_WORK, ""))
    blocks += _each_center(document, Section.MAIN_WORK)
    blocks += [activity_table_block(report), *_figures(report), *national_blocks(report)]
    blocks += [
        {"kind": "heading", "level": 1, "text": "協議体"},
        {"kind": "heading", "level": 2, "text": "本市の状況"},
    ]
    blocks += _unwritten(text_blocks(city.get(Section.COUNCIL_SITUATION, "")))
    blocks += [{"kind": "heading", "level": 2, "text": "実績"}, *_council_blocks(report)]
    blocks += [{"kind": "heading", "level": 1, "text": "課題及び今後の方向性"}]
    blocks += text_blocks(city.get(Section.CHALLENGES, ""), themes=True)
    from_centers = _each_center(document, Section.CHALLENGES)
    if from_centers:
        # a label, not a heading: numbered, it would read as one more of the city's themes
        blocks += [{"kind": "paragraph", "text": "各所属の課題は次のとおりです。"}, *from_centers]
    return numbered(blocks)


def on_the_page(blocks):
    """`blocks` with each table's "cells": rows of (value, address of its records or None,
    whether it is a number), as the page draws them."""
    for block in blocks:
        if block["kind"] != "table":
            continue
        links = block.get("links") or [[None] * len(row) for row in block["rows"]]
        block["cells"] = [
            [
                (value, url, isinstance(value, int | float))
                for value, url in zip(row, link_row, strict=True)
            ]
            for row, link_row in zip(block["rows"], links, strict=True)
        ]
    return blocks
