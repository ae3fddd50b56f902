"""The tier-1 coordinator's half-year activity report (domain brief §8, issue 19): visits with
their main places, consultations by route and by consulter type with topics and referrals,
meetings by kind, the dated lists of trainings, talks, visitors and newsletters (by the
活動形態's report role) and the newsletters' copies. Per 所属 (its published version once the
half-year is closed) or per coordinator (always counted from the records).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from coordinators.periods import wareki_date
from councils.models import Meeting
from councils.selectors import attended_by

from . import sections
from .document import hours_text, numbered
from .published import report_for


@dataclass
class ActivityReport:
    """visits, consultations: as sections.visits / sections.consultations; meetings:
    {"total", "by_kind": [(会議の種類, n)]}; role_lists, quantities: as sections'."""

    period: object
    scope_label: str
    visits: dict
    consultations: dict
    meetings: dict
    role_lists: dict
    quantities: list
    published: object = None  # the PublishedReport read, None when counted now

    @property
    def title(self):
        return f"{self.period.label}生活支援コーディネーター活動報告（{self.scope_label}）"


def _meetings_by_kind(period, center, coordinator):
    meetings = Meeting.objects.filter(date__range=(period.start, period.end))
    if coordinator is not None:
        meetings = meetings.filter(coordinators=coordinator)
    elif center is not None:
        meetings = meetings.filter(attended_by(center))
    return [
        (row["council__kind__name"], row["n"])
        for row in meetings.values("council__kind__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("council__kind__display_order")
    ]


def activity_report(period, center=None, coordinator=None):
    """The ActivityReport of a period for one coordinator (a Coordinator: the records credited
    to them, meetings they attended), else for a 所属 (a Center) or the city (None)."""
    if coordinator is not None:
        scope = sections.Scope(period, center, coordinator)
        by_kind = _meetings_by_kind(period, center, coordinator)
        return ActivityReport(
            period=period,
            scope_label=coordinator.name,
            visits=sections.visits(scope),
            consultations=sections.consultations(scope),
            meetings={"total": sum(n for _kind, n in by_kind), "by_kind": by_kind},
            role_lists=sections.role_lists(scope),
            quantities=sections.quantities(scope),
        )
    shown = report_for(period, center)
    report = shown.report
    by_kind = list(report.councils["by_kind"])
    return ActivityReport(
        period=period,
        scope_label=report.scope_label,
        visits=report.visits,
        consultations=report.consultations,
        meetings={"total": sum(n for _kind, n in by_kind), "by_kind": by_kind},
        role_lists=report.role_lists,
        quantities=report.quantities,
        published=shown.published,
    )


def _bracketed(text):
    return f"（{text}）" if text else ""


def _counts(pairs, unit):
    return "、".join(f"{label} {n}{unit}" for label, n in pairs if n)


def activity_report_blocks(report):
    """The ActivityReport as blocks for reports.word and the page: a sentence per figure,
    the main places, the consulter types with their topics and referrals, and a table per
    dated list."""
    visits, consultations, meetings = report.visits, report.consultations, report.meetings
    average = visits["average_minutes"]
    per_visit = f"、1件あたり平均約{average}分" if average is not None else ""
    blocks = [
        {"kind": "title", "text": report.title},
        {"kind": "heading", "level": 1, "text": "訪問"},
        {
            "kind": "paragraph",
            "text": f"サロン・団体等への訪問は延べ{visits['count']}件"
            f"（実{visits['distinct_places']}件）、総時間{hours_text(visits['hours'])}時間"
            f"{per_visit}でした。",
        },
    ]
    if visits["top_places"]:
        places = "、".join(f"{name}（{n}件）" for name, n in visits["top_places"])
        blocks.append({"kind": "paragraph", "text": f"主な訪問先: {places}"})
    routes = _counts(consultations["by_route"].items(), "件")
    blocks += [
        {"kind": "heading", "level": 1, "text": "相談対応"},
        {
            "kind": "paragraph",
            "text": f"相談対応は{consultations['total']}件{_bracketed(routes)}でした。",
        },
    ]
    referred = consultations.get("referred_by_type", {})
    for kind, n in consultations["by_consulter_type"].items():
        if not n:
            continue
        topics = _counts(consultations["topics_by_type"].get(kind, []), "件")
        onward = (
            f"、うち他機関・社会資源へつないだもの{referred[kind]}件" if referred.get(kind) else ""
        )
        blocks.append({"kind": "bullet", "text": f"○{kind} {n}件{_bracketed(topics)}{onward}"})
    kinds = _counts(meetings["by_kind"], "回")
    blocks += [
        {"kind": "heading", "level": 1, "text": "会議"},
        {
            "kind": "paragraph",
            "text": f"会議への出席は{meetings['total']}回{_bracketed(kinds)}でした。",
        },
    ]
    for row in report.quantities:
        if row["count"]:
            total = f"計{row['quantity']:,}{row['unit']}" if row["quantity"] else "数量の記録なし"
            blocks.append(
                {"kind": "paragraph", "text": f"{row['form']}は{row['count']}件、{total}でした。"}
            )
    for role, items in report.role_lists.items():
        blocks.append({"kind": "heading", "level": 1, "text": role})
        if not items:
            blocks.append({"kind": "note", "text": "（なし）"})
            continue
        rows = [["日付", "内容", "場所", "数量"]]
        rows += [
            [
                _wareki(item["date"]),
                item["description"],
                item["place"],
                "" if item["quantity"] is None else f"{item['quantity']:,}{item['unit']}",
            ]
            for item in items
        ]
        blocks.append({"kind": "table", "rows": rows, "header_rows": 1, "total_rows": []})
    return numbered(blocks)


def _wareki(iso):
    return wareki_date(date.fromisoformat(iso))
