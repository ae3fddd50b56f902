"""The report's sections other than the 活動内容 table, each computed in the database.

Each takes a Scope (the period, and a 所属 and a coordinator or None for all) and returns plain
data that the snapshots store and the renderers read; none is stored or typed (issue 13).
Issue 19 added 担当者別 by 区分, visits' main places by name, consultations referred onward,
協議体相当 per 所属, quantities, and the dated lists of the tier-1 activity report.
"""

import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.db.models import BooleanField, CharField, Count, F, IntegerField, Sum, Value
from django.db.models.functions import Coalesce, NullIf, TruncMonth

from coordinators import periods
from coordinators.models import (
    Activity,
    ActivityForm,
    Consultation,
    ConsultationOutcome,
    ConsultationRoute,
    ConsultationTopic,
    ConsulterType,
    ReportRole,
    SocialResource,
)

TOP_PLACES = 10


@dataclass(frozen=True)
class Scope:
    """What a report counts: records dated in `period` (a Period), of `center` (a Center, or
    None for the city) and credited to `coordinator` (a Coordinator, or None for everyone)."""

    period: object
    center: object = None
    coordinator: object = None

    def activities(self):
        found = Activity.objects.filter(date__range=(self.period.start, self.period.end))
        if self.center is not None:
            found = found.filter(center=self.center)
        if self.coordinator is not None:
            found = found.filter(coordinators=self.coordinator)
        return found

    def consultations(self):
        found = Consultation.objects.filter(received_on__range=(self.period.start, self.period.end))
        if self.center is not None:
            found = found.filter(center=self.center)
        if self.coordinator is not None:
            found = found.filter(coordinator=self.coordinator)
        return found


def by_form(scope, centers):
    """活動形態別: {"centers": [Center], "rows": [{"form": ActivityForm, "counts": [n per
    center], "total"}]}, every form listed (0 where none)."""
    counted = {
        (row["form"], row["center"]): row["n"]
        for row in scope.activities().values("form", "center").annotate(n=Count("*")).order_by()
    }
    return {
        "centers": centers,
        "rows": [
            {
                "form": form,
                "counts": [counted.get((form.pk, c.pk), 0) for c in centers],
                "total": sum(counted.get((form.pk, c.pk), 0) for c in centers),
            }
            for form in ActivityForm.objects.all()
        ],
    }


def by_coordinator(scope, centers, categories):
    """担当者別: [{"center": Center, "coordinator": 氏名, "counts": {区分 code: n}, "total"}] per
    所属 (in `centers` order) and coordinator, most records first; `categories` are the
    report's 区分 columns (selectors.report_categories). A record of two coordinators
    counts for each, so the rows may add up to more than the 所属's total."""
    rows, names = {}, {}
    for center_id, person, name, detail, category, n in (
        scope.activities()
        # an inner join: exclude() would be a NOT EXISTS that PostgreSQL plans row by row
        .filter(coordinators__isnull=False)
        .annotate(
            detail=Coalesce(NullIf("coordinators__staff_number", Value("")), "coordinators__kana")
        )
        .values_list("center", "coordinators", "coordinators__name", "detail", "category")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row = rows.setdefault((center_id, person), dict.fromkeys((c.value for c in categories), 0))
        row[category] = n
        names[person] = (name, detail)
    # one row per person: two of one name are told apart as 「佐藤 花子（1023）」 (issue 20)
    shared = Counter(name for name, _detail in names.values())
    order = {c.pk: index for index, c in enumerate(centers)}
    named = {c.pk: c for c in centers}

    def shown(person):
        name, detail = names[person]
        return f"{name}（{detail}）" if shared[name] > 1 and detail else name

    found = [
        {"center": named[center_id], "coordinator": shown(person), "counts": counts}
        for (center_id, person), counts in rows.items()
        if center_id in named
    ]
    for row in found:
        row["total"] = sum(row["counts"].values())
    return sorted(found, key=lambda r: (order[r["center"].pk], -r["total"], r["coordinator"]))


def place_key(text):
    """Free-text places count once however they were typed: NFKC, spaces removed."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def visits(scope):
    """訪問: {"count" (延べ), "distinct_places" (実: 社会資源 plus distinct free-text places),
    "hours" (1 decimal), "average_minutes" (int or None), "top_places": [(name, n)] of at most
    TOP_PLACES 社会資源, most visited first}. Rule: the tier-1 coordinator's half-year report
    (domain brief §8)."""
    visited = scope.activities().filter(counts_as_visit=True)
    # One pass over the period's visits (issue 22): grouped by place, then folded here.
    # Free-text places are few per period; their spelling is folded here, not in SQL.
    count = minutes = timed = 0
    by_resource, free_places = {}, set()
    for resource, name, area, place, n, total, with_time in (
        visited.values_list("resource", "resource__name", "resource__area__name", "place")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"), timed=Count("duration_minutes"))
        .order_by()
    ):
        count, minutes, timed = count + n, minutes + (total or 0), timed + with_time
        if resource is not None:
            _name, _area, seen = by_resource.get(resource, (name, area, 0))
            by_resource[resource] = (name, area, seen + n)
        elif place:
            free_places.add(place_key(place))
    # two 社会資源 of one name (ふれあいサロン of two 圏域, issue 20) are two lines, each named
    # with its 圏域 as the pick-lists name it
    named = Counter(name for name, _area, _n in by_resource.values())
    lines = [
        (SocialResource.qualify(name, area) if named[name] > 1 else name, n)
        for name, area, n in by_resource.values()
    ]
    top = sorted(lines, key=lambda item: (-item[1], item[0]))[:TOP_PLACES]
    return {
        "count": count,
        "distinct_places": len(by_resource) + len(free_places - {""}),
        "hours": round(minutes / 60, 1),
        "average_minutes": round(minutes / timed) if timed else None,
        "top_places": top,
    }


# The consultation pick-lists a report lists in full (0 where none), by the key it uses.
CONSULTATION_LISTS = {
    "route": ConsultationRoute,
    "consulter_type": ConsulterType,
    "topic": ConsultationTopic,
    "outcome": ConsultationOutcome,
}


def _consultation_lists():
    """{list key: [(pk, name, counts as a referral)]} of the four pick-lists in their order
    (表示順, then name), read in one UNION ALL statement."""
    parts = [
        model.objects.order_by()
        .annotate(
            kind=Value(key, output_field=CharField()),
            referral=F("counts_as_referral")
            if model is ConsultationOutcome
            else Value(False, output_field=BooleanField()),
        )
        .values_list("kind", "pk", "name", "display_order", "referral")
        for key, model in CONSULTATION_LISTS.items()
    ]
    lists = {key: [] for key in CONSULTATION_LISTS}
    for key, pk, name, _order, referral in sorted(
        parts[0].union(*parts[1:], all=True), key=lambda row: (row[3], row[2])
    ):
        lists[key].append((pk, name, referral))
    return lists


def consultations(scope):
    """相談対応: {"total", "by_route", "by_consulter_type", "by_topic", "by_outcome": {label:
    n}, "topics_by_type": {相談者種別: [(相談内容, n)]}, "referred_by_type": {相談者種別: n of
    its consultations whose 対応結果 counts as a referral (ConsultationOutcome
    .counts_as_referral)}}, every pick-list item listed (0 where none). Rule: domain brief §8
    (each type with its topics and how many were referred onward).

    Two statements whatever the data (issue 22): the pick-lists, and one UNION ALL of the
    consultations grouped by 経路・種別・結果 (topic NULL) and of their (種別, 相談内容) pairs
    (route NULL); the rest is folded here."""
    found = scope.consultations().order_by()
    lists = _consultation_lists()
    referral = {pk for pk, _name, counts in lists["outcome"] if counts}
    counted = {key: {} for key in CONSULTATION_LISTS}
    referred, pairs, total = {}, {}, 0
    nothing = Value(None, output_field=IntegerField())
    grouped = found.annotate(topic=nothing).values_list(
        "route", "consulter_type", "outcome", "topic"
    )
    # An outer join: a consultation without 相談内容 is a (種別, None) pair, which no list
    # names. Asking for the inner join (topics__isnull=False) adds an IS NOT NULL test that
    # PostgreSQL runs on every row of the link table: 1.2 ms of 9 at 1M (issue 22).
    paired = found.annotate(no_route=nothing, no_outcome=nothing).values_list(
        "no_route", "consulter_type", "no_outcome", "topics"
    )
    for route, kind, outcome, topic, n in grouped.annotate(n=Count("pk")).union(
        paired.annotate(n=Count("pk")), all=True
    ):
        if route is None:  # a (種別, 相談内容) pair
            pairs[kind, topic] = n
            counted["topic"][topic] = counted["topic"].get(topic, 0) + n
            continue
        total += n
        for key, pk in (("route", route), ("consulter_type", kind), ("outcome", outcome)):
            counted[key][pk] = counted[key].get(pk, 0) + n
        if outcome in referral:
            referred[kind] = referred.get(kind, 0) + n

    def labelled(key):
        return {name: counted[key].get(pk, 0) for pk, name, _r in lists[key]}

    topics_by_type = {}
    for kind, kind_name, _r in lists["consulter_type"]:
        for topic, topic_name, _r2 in lists["topic"]:
            if (kind, topic) in pairs:
                topics_by_type.setdefault(kind_name, []).append((topic_name, pairs[kind, topic]))
    return {
        "total": total,
        "by_route": labelled("route"),
        "by_consulter_type": labelled("consulter_type"),
        "topics_by_type": topics_by_type,
        "referred_by_type": {name: referred.get(pk, 0) for pk, name, _r in lists["consulter_type"]},
        "by_topic": labelled("topic"),
        "by_outcome": labelled("outcome"),
    }


def monthly(scope, categories):
    """月別の推移: [{"month": Period, "counts": [n per 区分 of `categories`], or None for a
    month that has not begun today (periods.today): what has not happened yet is not 0
    (issue 19)}]."""
    counted = {
        (row["month"].strftime("%Y-%m"), row["category"]): row["n"]
        for row in scope.activities()
        .annotate(month=TruncMonth("date"))
        .values("month", "category")
        .annotate(n=Count("*"))
        .order_by()
    }
    today = periods.today()
    return [
        {
            "month": month,
            "counts": None
            if month.start > today
            else [counted.get((month.code, c.value), 0) for c in categories],
        }
        for month in scope.period.months()
    ]


def quantities(scope):
    """Records of each 活動形態 that has a unit: [{"form": name, "unit", "count": records,
    "quantity": their summed 数量}] in display order, 0 where none (issue 19: 広報誌 部数)."""
    counted = {
        row["form"]: row
        for row in scope.activities()
        .exclude(form__quantity_unit="")
        .values("form")
        .annotate(count=Count("pk"), quantity=Sum("quantity"))
        .order_by()
    }
    return [
        {
            "form": form.name,
            "unit": form.quantity_unit,
            "count": counted.get(form.pk, {}).get("count", 0),
            "quantity": counted.get(form.pk, {}).get("quantity") or 0,
        }
        for form in ActivityForm.objects.exclude(quantity_unit="")
    ]


def role_lists(scope):
    """The dated lists of the tier-1 activity report: {role label: [{"date" (ISO), "form",
    "description", "place", "quantity", "unit", "center"}]} for each ReportRole in order,
    [] where none; the role is the 活動形態's report_role, never its name (issue 19)."""
    lists = {role.label: [] for role in ReportRole}
    labels = dict(ReportRole.choices)
    rows = (
        scope.activities()
        .exclude(form__report_role="")
        .values_list(
            "date",
            "form__report_role",
            "form__name",
            "form__quantity_unit",
            "description",
            "place",
            "resource__name",
            "quantity",
            "center__name",
        )
        .order_by("date", "start_time", "pk")
    )
    for day, role, form, unit, description, place, resource, quantity, center in rows:
        lists[labels[role]].append(
            {
                "date": day.isoformat(),
                "form": form,
                "description": description,
                "place": resource or place,
                "quantity": quantity,
                "unit": unit,
                "center": center,
            }
        )
    return lists
