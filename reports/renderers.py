"""Renderers of a Report: JSON for other systems and CSV per table. They never query."""

import csv
import io

from django.utils import timezone

from coordinators.exports import csv_cell
from coordinators.models import Category

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
    """The documented JSON shape (README): keys in English, labels as in the app.

    published: the PublishedReport shown (None for live figures) -> "published": {"version",
    "closed_at" (ISO 8601, Asia/Tokyo), "closed_by"} or null; differences: as
    snapshots.differences -> "differences_since_close" (empty when none). Issue 13.
    """
    by_kind = dict(report.councils["by_kind"])
    return {
        "period": {
            "label": report.period.label,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
        },
        "scope": report.scope_label,
        "categories": [{"code": c.value, "label": c.label} for c in report.categories],
        "activity_counts": _table_json(report.activity_counts),
        "previous_year": _table_json(report.previous_year),
        "visits": {
            key: report.visits[key]
            for key in ("count", "distinct_places", "hours", "average_minutes")
        },
        "consultations": {
            "total": report.consultations["total"],
            "by_route": report.consultations["by_route"],
            "by_consulter_type": report.consultations["by_consulter_type"],
            "by_topic": report.consultations["by_topic"],
            "by_outcome": report.consultations["by_outcome"],
        },
        "meetings": {"total": sum(by_kind.values()), "by_kind": by_kind},
        "councils": {
            "tier1_meetings": report.councils["tier1_council"],
            "tier2_equivalent_meetings": report.councils["tier2_equivalent"],
        },
        "regional_issues": {
            "raised": report.councils["issues_raised"],
            "by_stage": {stage.label: n for stage, n in report.councils["issues_by_stage"]},
        },
        "published": _published_json(published),
        "differences_since_close": list(differences),
    }


def activity_table_rows(table):
    """Section 1 as rows of cells: header, one row per 所属, 合計; '' where not applicable."""
    header = ["所属", *(c.label for c in Category), "合計"]
    rows = [
        [
            row["center"].name,
            *("" if n is None else n for n in row["counts"].values()),
            row["total"],
        ]
        for row in table.rows
    ]
    rows.append(["合計", *table.totals.values(), table.total])
    return [header, *rows]


def differences_table(published, differences):
    """「締め後の差異」 as (name, rows of cells): 表, 項目, the version's figure, today's; None
    when there are none (issue 13: every export shows them, not only the page)."""
    if not differences:
        return None
    header = ["表", "項目", published.label if published else "締めた時", "いま"]
    rows = [
        ["" if cell is None else cell for cell in difference_shown(difference)]
        for difference in differences
    ]
    return ("締め後の差異", [header, *rows])


def report_tables(report, published=None, differences=()):
    """Every table of the report as (name, rows of cells), for CSV and the workbook; a last
    table 「締め後の差異」 when the published figures shown differ from a recount."""
    tables = [
        ("活動内容ごとの実施件数", activity_table_rows(report.activity_counts)),
        (f"前年同期（{report.previous_year_label}）", activity_table_rows(report.previous_year)),
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
    monthly = [["月", *(c.label for c in Category)]]
    monthly += [[row["month"].label, *row["counts"]] for row in report.monthly]
    tables.append(("月別の推移", monthly))
    changed = differences_table(published, differences)
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
