"""Renderers of a Report: JSON for other systems and CSV per table. They never query."""

import csv
import io
from datetime import date

from django.utils import timezone

from coordinators.exports import csv_cell
from coordinators.periods import wareki_date

from .comparison import year_on_year
from .snapshots import difference_shown


def _table_json(table):
    return {
        "rows": [
            {
                "center": row["center"].name,
                "tier": row["tier"],
                "counts": {str(code): n for code, n in row["counts"].items()},
                "total": row["total"],
            }
            for row in table.rows
        ],
        "totals": {str(code): n for code, n in table.totals.items()},
        "total": table.total,
    }


def _published_json(published):
    if published is None:
        return None
    who = published.published_by
    return {
        "version": published.version,
        "closed_at": timezone.localtime(published.published_at).isoformat(),
        "closed_by": who.get_full_name() or who.get_username(),
    }


def report_json(report, published=None, differences=()):
    """The documented JSON shape (README): keys in English, labels as in the app. Issue 19
    added "top_places", "by_coordinator", consultations' "by_consulter_type_topic" and
    "referred_by_consulter_type", councils' "equivalent_by_center", "quantities" and
    "dated_lists"; issue 21 "municipality" ({"name", "code"} or null), "by_function" ({national
    function label: n}), "coordinators_by_tier" ({"1", "2", "3": n}, null for a version stored
    before it was counted) and councils' "by_tier"; no key was changed.

    published: the PublishedReport shown (None for live figures) -> "published": {"version",
    "closed_at" (ISO 8601, Asia/Tokyo), "closed_by"} or null; differences: as
    snapshots.differences -> "differences_since_close" (empty when none). Issue 13.
    """
    by_kind = dict(report.councils["by_kind"])
    consultations = report.consultations
    return {
        "period": {
            "label": report.period.label,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
        },
        "scope": report.scope_label,
        "municipality": report.municipality,
        "categories": [{"code": c.value, "label": c.label} for c in report.categories],
        "by_function": report.by_function,
        "coordinators_by_tier": report.coordinators_by_tier,
        "activity_counts": _table_json(report.activity_counts),
        "previous_year": _table_json(report.previous_year),
        "visits": {
            key: report.visits[key]
            for key in ("count", "distinct_places", "hours", "average_minutes")
        },
        "top_places": [{"name": name, "count": n} for name, n in report.visits["top_places"]],
        "by_coordinator": [
            {
                "center": row["center"].name,
                "coordinator": row["coordinator"],
                "counts": {str(code): n for code, n in row["counts"].items()},
                "total": row["total"],
            }
            for row in report.by_coordinator
        ],
        "consultations": {
            "total": consultations["total"],
            "by_route": consultations["by_route"],
            "by_consulter_type": consultations["by_consulter_type"],
            "by_topic": consultations["by_topic"],
            "by_outcome": consultations["by_outcome"],
            "by_consulter_type_topic": {
                kind: dict(topics) for kind, topics in consultations["topics_by_type"].items()
            },
            "referred_by_consulter_type": consultations.get("referred_by_type", {}),
        },
        "meetings": {"total": sum(by_kind.values()), "by_kind": by_kind},
        "councils": {
            "tier1_meetings": report.councils["tier1_council"],
            "tier2_equivalent_meetings": report.councils["tier2_equivalent"],
            "equivalent_by_center": report.councils.get("equivalent_by_center", {}),
            "by_tier": report.councils["by_tier"],
        },
        "quantities": [dict(row) for row in report.quantities],
        "dated_lists": report.role_lists,
        "regional_issues": {
            "raised": report.councils["issues_raised"],
            "by_stage": {stage.label: n for stage, n in report.councils["issues_by_stage"]},
        },
        "published": _published_json(published),
        "differences_since_close": list(differences),
    }


def activity_table_rows(table, categories):
    """Section 1 as rows of cells: header (`categories`' labels), one row per 所属, 合計;
    '' where not applicable."""
    header = ["所属", *(c.label for c in categories), "合計"]
    rows = [
        [
            row["center"].name,
            *(
                "" if row["counts"].get(c.value) is None else row["counts"][c.value]
                for c in categories
            ),
            row["total"],
        ]
        for row in table.rows
    ]
    rows.append(["合計", *(table.totals.get(c.value, 0) for c in categories), table.total])
    return [header, *rows]


def _year_on_year_rows(report):
    categories = [c.label for c in report.categories]
    rows = [["所属", "", *categories, "合計"]]
    compared = year_on_year(report)
    for name, row in (
        *((row["center"].name, row) for row in compared["rows"]),
        ("合計", compared["totals"]),
    ):
        cells = [*row["cells"], row["total"]]
        for index, label in enumerate((report.period.label, report.previous_year_label, "増減")):
            rows.append([name, label, *("" if c[index] is None else c[index] for c in cells)])
    return rows


def added_tables(report):
    """The tables issue 19 brought to the files: 前年同期比, 主な訪問先, 担当者別, 相談者種別と
    相談内容, 所属別 協議体相当, 数量 and the dated lists (研修受講・講師・視察受入・広報)."""
    categories = [c.label for c in report.categories]
    tables = [("前年同期比", _year_on_year_rows(report))]
    places = [["訪問先", "件数"], *([name, n] for name, n in report.visits["top_places"])]
    tables.append(("主な訪問先", places))
    people = [["所属", "担当者", *categories, "合計"]]
    people += [
        [
            row["center"].name,
            row["coordinator"],
            *(row["counts"].get(c.value, "") for c in report.categories),
            row["total"],
        ]
        for row in report.by_coordinator
    ]
    tables.append(("担当者別", people))
    consultations = report.consultations
    referred = consultations.get("referred_by_type", {})
    kinds = [["相談者種別", "相談内容", "件数"]]
    for kind, n in consultations["by_consulter_type"].items():
        kinds.append([kind, "（合計）", n])
        kinds += [
            [kind, topic, count] for topic, count in consultations["topics_by_type"].get(kind, [])
        ]
        if kind in referred:
            kinds.append([kind, "（つないだ件数）", referred[kind]])
    tables.append(("相談者種別と相談内容", kinds))
    councils = report.councils
    equivalent = [["所属", "第2層 協議体相当の会議"]]
    equivalent += [[name, n] for name, n in councils.get("equivalent_by_center", {}).items()]
    # A meeting two 所属 attended counts for each: the city's count is of meetings, not a sum.
    equivalent.append(["市全体（重複なし）", councils["tier2_equivalent"]])
    tables.append(("所属別 協議体相当", equivalent))
    amounts = [["活動形態", "件数", "数量", "単位"]]
    amounts += [[r["form"], r["count"], r["quantity"], r["unit"]] for r in report.quantities]
    tables.append(("数量", amounts))
    dated = [["一覧", "日付", "活動形態", "内容", "場所", "数量", "単位", "所属"]]
    for role, items in report.role_lists.items():
        dated += [
            [
                role,
                wareki_date(date.fromisoformat(item["date"])),
                item["form"],
                item["description"],
                item["place"],
                "" if item["quantity"] is None else item["quantity"],
                item["unit"] if item["quantity"] is not None else "",
                item["center"],
            ]
            for item in items
        ]
    tables.append(("研修・講師・視察・広報", dated))
    return tables


def national_tables(report):
    """The national view (issue 21): 国の機能別 (the city's 区分 added up by the national
    guideline's functions, 合計 last) and 層別 (coordinators in post during the period and
    協議体 meetings, by tier) as (name, rows of cells)."""
    by_function = report.by_function
    functions = [["国の機能", "件数"]]
    functions += [[label, "" if n is None else n] for label, n in by_function.items()]
    known = [n for n in by_function.values() if n is not None]
    functions.append(["合計", sum(known) if known else ""])
    people = report.coordinators_by_tier or {}
    councils = report.councils["by_tier"]
    tiers = [["層", "担当者数（期間中に在任）", "協議体（第1層）・協議体相当（第2・3層）の開催"]]
    tiers += [
        [
            f"第{tier}層",
            "" if people.get(tier) is None else people[tier],
            "" if councils.get(tier) is None else councils[tier],
        ]
        for tier in ("1", "2", "3")
    ]
    return [("国の機能別", functions), ("層別の担当者数と協議体", tiers)]


def differences_table(published, differences, categories=()):
    """「締め後の差異」 as (name, rows of cells): 表, 項目, the version's figure, today's; None
    when there are none (issue 13: every export shows them, not only the page)."""
    if not differences:
        return None
    header = ["表", "項目", published.label if published else "締めた時", "いま"]
    rows = [
        ["" if cell is None else cell for cell in difference_shown(difference, categories)]
        for difference in differences
    ]
    return ("締め後の差異", [header, *rows])


def report_tables(report, published=None, differences=()):
    """Every table of the report as (name, rows of cells), for CSV and the workbook; a last
    table 「締め後の差異」 when the published figures shown differ from a recount."""
    tables = [
        ("活動内容ごとの実施件数", activity_table_rows(report.activity_counts, report.categories)),
        (
            f"前年同期（{report.previous_year_label}）",
            activity_table_rows(report.previous_year, report.categories),
        ),
    ]
    form_rows = [["活動形態", *(c.name for c in report.by_form["centers"]), "合計"]]
    form_rows += [
        [row["form"].name, *row["counts"], row["total"]] for row in report.by_form["rows"]
    ]
    tables.append(("活動形態別", form_rows))
    visits = report.visits
    tables.append(
        (
            "訪問",
            [
                ["延べ件数", "実件数", "合計時間", "平均（分）"],
                [
                    visits["count"],
                    visits["distinct_places"],
                    visits["hours"],
                    "" if visits["average_minutes"] is None else visits["average_minutes"],
                ],
            ],
        )
    )
    consultations = report.consultations
    rows = [["区分", "項目", "件数"], ["合計", "", consultations["total"]]]
    for title, key in (
        ("相談経路", "by_route"),
        ("相談者種別", "by_consulter_type"),
        ("相談内容", "by_topic"),
        ("対応結果", "by_outcome"),
    ):
        rows += [[title, label, n] for label, n in consultations[key].items()]
    tables.append(("相談対応", rows))
    councils = report.councils
    rows = [
        ["項目", "件数"],
        ["第1層 協議体の開催", councils["tier1_council"]],
        ["第2層 協議体相当の会議", councils["tier2_equivalent"]],
        ["出席のべ人数", councils["attendances"]],
    ]
    rows += [[f"会議（{kind}）", n] for kind, n in councils["by_kind"]]
    rows += [[f"地域課題（{stage.label}）", n] for stage, n in councils["issues_by_stage"]]
    tables.append(("協議体・会議", rows))
    monthly = [["月", *(c.label for c in report.categories)]]
    blank = [""] * len(report.categories)
    monthly += [[row["month"].label, *(row["counts"] or blank)] for row in report.monthly]
    tables.append(("月別の推移", monthly))
    # Issue 19: what was on screen only. Appended, so a table's position (CSV `table=`) stays.
    tables += added_tables(report)
    tables += national_tables(report)  # issue 21, appended for the same reason
    changed = differences_table(published, differences, report.categories)
    if changed:
        tables.append(changed)
    return tables


def csv_text(rows):
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return text.getvalue()


def report_csv(report, table=None, published=None, differences=()):
    """One table (by its position in report_tables), or all of them one after another, each
    under its name, separated by a blank line; 「締め後の差異」 last when there are any."""
    tables = report_tables(report, published, differences)
    if table is not None:
        name, rows = tables[table]
        return csv_text(rows)
    parts = []
    for name, rows in tables:
        parts.append(csv_text([[f"{report.period.label} {report.scope_label} {name}"], *rows]))
    return "\r\n".join(parts)
