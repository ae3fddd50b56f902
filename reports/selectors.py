"""The half-year / fiscal-year report as plain data, computed in the database.

Every renderer (screen, JSON, CSV, workbook) reads this one structure, so a number exists once.
Totals are computed here, never stored or typed.
"""

import unicodedata
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncMonth

from coordinators.models import (
    Activity,
    ActivityForm,
    Category,
    Center,
    Consultation,
    ConsultationOutcome,
    ConsultationRoute,
    ConsultationTopic,
    ConsulterType,
    Tier,
)
from councils.models import Stage
from councils.selectors import council_counts

TOP_PLACES = 10


@dataclass
class ActivityTable:
    rows: list  # [{"center": Center, "tier", "counts": {code: n or None}, "total"}]
    totals: dict  # {code: n}
    total: int


@dataclass
class Report:
    period: object
    center: object  # None for city-wide
    categories: list
    activity_counts: ActivityTable
    previous_year: ActivityTable
    by_form: dict = field(default_factory=dict)
    by_coordinator: list = field(default_factory=list)
    visits: dict = field(default_factory=dict)
    consultations: dict = field(default_factory=dict)
    councils: dict = field(default_factory=dict)
    monthly: list = field(default_factory=list)

    @property
    def scope_label(self):
        return self.center.name if self.center else "全所属"

    @property
    def previous_year_label(self):
        return self.period.previous_year().label

    @property
    def title(self):
        return f"{self.period.label} 生活支援コーディネーターの活動内容ごとの実施件数"


def _activities(period, center):
    activities = Activity.objects.filter(date__range=(period.start, period.end))
    return activities.filter(center=center) if center is not None else activities


def report_centers(period, center=None):
    """The 所属 rows of a period (QuerySet[Center]), in display order: every 所属 with records
    in it, plus the
    active 所属 (issue 13): a 所属 set inactive keeps its rows and counts in the periods it has
    records in. (That a 所属 added after a close shows no zero row in the closed period is the
    stored version's work: a closed scope is shown as it was stored.)"""
    recorded = _activities(period, center).values("center")
    centers = Center.objects.filter(Q(pk__in=recorded) | Q(is_active=True))
    return centers.filter(pk=center.pk) if center is not None else centers


def _row_tiers(period, center):
    """{center id: 層} of each 所属's records in the period, as stored on them when written;
    tier 1 where a 所属 has records of both tiers (2層支援 is then counted)."""
    tiers = {}
    for center_id, tier in (
        _activities(period, center).values_list("center", "tier").distinct().order_by()
    ):
        tiers[center_id] = min(tier, tiers.get(center_id, tier))
    return tiers


def activity_table(period, center=None):
    """Section 1: rows per 所属 in display order, the seven categories, totals computed.

    A row's 層 is that of its records (what they counted as when written), or the 所属's
    own for a 所属 without records; 2層支援 is None (not applicable) on tier-2 rows.
    """
    counted = {
        (row["center"], row["category"]): row["n"]
        for row in _activities(period, center)
        .values("center", "category")
        .annotate(n=Count("pk"))
        .order_by()
    }
    tiers = _row_tiers(period, center)
    rows = []
    for c in report_centers(period, center):
        tier = tiers.get(c.pk, c.tier)
        counts = {
            category.value: (
                None
                if category == Category.TIER2_SUPPORT and tier != Tier.FIRST
                else counted.get((c.pk, category.value), 0)
            )
            for category in Category
        }
        rows.append(
            {
                "center": c,
                "tier": tier,
                "counts": counts,
                "total": sum(n or 0 for n in counts.values()),
            }
        )
    totals = {
        category.value: sum(row["counts"][category.value] or 0 for row in rows)
        for category in Category
    }
    return ActivityTable(rows=rows, totals=totals, total=sum(totals.values()))


def _by_form(period, center):
    """Section 3: activities by 活動形態 per 所属 (trainings, lectures, inspections …)."""
    counted = {
        (row["form"], row["center"]): row["n"]
        for row in _activities(period, center)
        .values("form", "center")
        .annotate(n=Count("pk"))
        .order_by()
    }
    centers = list(report_centers(period, center))
    forms = list(ActivityForm.objects.all())
    return {
        "centers": centers,
        "rows": [
            {
                "form": form,
                "counts": [counted.get((form.pk, c.pk), 0) for c in centers],
                "total": sum(counted.get((form.pk, c.pk), 0) for c in centers),
            }
            for form in forms
        ],
    }


def _by_coordinator(period, center):
    if center is None:
        return []
    return list(
        _activities(period, center)
        .values("coordinators__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "coordinators__name")
    )


def place_key(text):
    """Free-text places count once however they were typed: NFKC, spaces removed."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def _visits(period, center):
    """Section 4: 延べ (every visit), 実 (distinct places), hours, average minutes, top places."""
    visits = _activities(period, center).filter(counts_as_visit=True)
    totals = visits.aggregate(
        count=Count("pk"),
        minutes=Sum("duration_minutes"),
        average=Avg("duration_minutes"),
        resources=Count("resource", distinct=True),
    )
    # Free-text places are few per period; their spelling is folded here, not in SQL.
    free_places = {
        place_key(place)
        for place in visits.filter(resource__isnull=True)
        .exclude(place="")
        .values_list("place", flat=True)
        .distinct()
    }
    top = list(
        visits.filter(resource__isnull=False)
        .values("resource__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "resource__name")[:TOP_PLACES]
    )
    return {
        "count": totals["count"],
        "distinct_places": totals["resources"] + len(free_places - {""}),
        "hours": round((totals["minutes"] or 0) / 60, 1),
        "average_minutes": round(totals["average"]) if totals["average"] is not None else None,
        "top_places": [(row["resource__name"], row["n"]) for row in top],
    }


def _labelled_counts(queryset, field_name, model):
    counted = dict(
        queryset.values_list(field_name).annotate(n=Count("pk", distinct=True)).order_by()
    )
    return {item.name: counted.get(item.pk, 0) for item in model.objects.all()}


def _consultations(period, center):
    """Section 5: total, by route, by consulter type with its topics, by topic, by outcome."""
    consultations = Consultation.objects.filter(received_on__range=(period.start, period.end))
    if center is not None:
        consultations = consultations.filter(center=center)
    topics_by_type = {}
    for type_name, topic_name, n in (
        consultations.values_list("consulter_type__name", "topics__name")
        .annotate(n=Count("pk"))
        .order_by("consulter_type__display_order", "topics__display_order")
    ):
        if topic_name:
            topics_by_type.setdefault(type_name, []).append((topic_name, n))
    return {
        "total": consultations.count(),
        "by_route": _labelled_counts(consultations, "route", ConsultationRoute),
        "by_consulter_type": _labelled_counts(consultations, "consulter_type", ConsulterType),
        "topics_by_type": topics_by_type,
        "by_topic": _labelled_counts(consultations, "topics", ConsultationTopic),
        "by_outcome": _labelled_counts(consultations, "outcome", ConsultationOutcome),
    }


def _monthly(period, center):
    """Section 7: the monthly trend per category."""
    counted = {
        (row["month"].strftime("%Y-%m"), row["category"]): row["n"]
        for row in _activities(period, center)
        .annotate(month=TruncMonth("date"))
        .values("month", "category")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [
        {"month": month, "counts": [counted.get((month.code, c.value), 0) for c in Category]}
        for month in period.months()
    ]


def build_report(period, center=None):
    """Every section of the report for a period (年度 or 半期) and a scope (city or one 所属)."""
    counts = council_counts(period, center)
    return Report(
        period=period,
        center=center,
        categories=list(Category),
        activity_counts=activity_table(period, center),
        previous_year=activity_table(period.previous_year(), center),
        by_form=_by_form(period, center),
        by_coordinator=_by_coordinator(period, center),
        visits=_visits(period, center),
        consultations=_consultations(period, center),
        councils={
            **counts,
            "issues_raised": dict(counts["issues_by_stage"]).get(Stage.RAISED, 0),
        },
        monthly=_monthly(period, center),
    )
