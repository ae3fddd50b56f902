"""The half-year / fiscal-year report as plain data, computed in the database.

Every renderer (screen, JSON, CSV, workbook) reads this one structure, so a number exists once.
Totals are computed here, never stored or typed.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Q

from coordinators.models import Activity, Category, Center, NationalFunction, current_municipality
from coordinators.organisation.selectors import coordinators_by_tier
from councils.models import Stage
from councils.selectors import council_counts, equivalent_by_center

from . import sections


class ReportCategory(NamedTuple):
    """A 区分 as a report shows it: its number (the code of `counts` keys) and label, the
    tiers that may record it (empty for one read back from a stored version) and the national
    function it counts toward (a NationalFunction value, issue 21)."""

    value: int
    label: str
    tiers: tuple = ()
    function: str | None = NationalFunction.OTHER  # None: not known (a version stored before)


def report_categories(period, center=None):
    """The 区分 columns of a report ([ReportCategory] in display order), in one query: every
    active 区分, and an inactive one where the period or the same half a year earlier has
    records of it, so that the table's totals still add up (issue 20)."""
    periods = (period, period.previous_year())
    recorded = Activity.objects.filter(
        Q(date__range=(periods[0].start, periods[0].end))
        | Q(date__range=(periods[1].start, periods[1].end))
    )
    if center is not None:
        recorded = recorded.filter(center=center)
    return [
        ReportCategory(
            c.number, c.label, tuple(t for t in (1, 2, 3) if c.allows(t)), c.national_function
        )
        for c in Category.objects.filter(
            Q(is_active=True) | Q(number__in=recorded.values("category"))
        )
    ]


@dataclass
class ActivityTable:
    rows: list  # [{"center": Center, "tier", "counts": {code: n or None}, "total"}]
    totals: dict  # {code: n}
    total: int

    def keyed(self, categories):
        """This table with its counts in the columns of `categories` ([ReportCategory]), by
        number: a table stored with other 区分 or another order (a published version of a
        year earlier, issue 20) lines up with today's columns; a 区分 it lacks is None."""
        return ActivityTable(
            rows=[
                {**row, "counts": {c.value: row["counts"].get(c.value) for c in categories}}
                for row in self.rows
            ],
            totals={c.value: self.totals.get(c.value, 0) for c in categories},
            total=self.total,
        )


@dataclass
class Report:
    period: object
    center: object  # None for city-wide
    categories: list
    activity_counts: ActivityTable
    previous_year: ActivityTable | None = None  # None where not read (the dashboard)
    by_form: dict = field(default_factory=dict)
    by_coordinator: list = field(default_factory=list)
    visits: dict = field(default_factory=dict)
    consultations: dict = field(default_factory=dict)
    councils: dict = field(default_factory=dict)
    monthly: list = field(default_factory=list)
    quantities: list = field(default_factory=list)
    role_lists: dict = field(default_factory=dict)
    # issue 21: {"name", "code"} or None before the city set them; {"1": n, "2": n, "3": n},
    # or None for a version stored before it was counted
    municipality: dict | None = None
    coordinators_by_tier: dict | None = None

    @property
    def by_function(self):
        """by_national_function of this report's activity table (issue 21)."""
        return by_national_function(self.categories, self.activity_counts.totals)

    @property
    def scope_label(self):
        return self.center.name if self.center else "全所属"

    @property
    def previous_year_label(self):
        return self.period.previous_year().label

    @property
    def title(self):
        return f"{self.period.label} 生活支援コーディネーターの活動内容ごとの実施件数"


def by_national_function(categories, totals):
    """{national function label: n} over the four functions in their order: `totals`
    ({区分 number: n}) added up through each of `categories`' (ReportCategory) cross-walk
    (issue 21); every n None when a 区分's function is not known (a version stored before
    issue 21 with the city's own 区分)."""
    counted = {function.value: 0 for function in NationalFunction}
    for category in categories:
        if category.function is None:
            return {function.label: None for function in NationalFunction}
        counted[category.function] += totals.get(category.value) or 0
    return {NationalFunction(value).label: n for value, n in counted.items()}


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


def activity_table(period, center=None, categories=None):
    """Section 1: rows per 所属 in display order, one column per 区分 (`categories`, default
    report_categories), totals computed.

    A row's 層 is that of its records (what they counted as when written), or the 所属's
    own for a 所属 without records; a 区分 the row's tier may not record (the first
    customer's 2層支援 on tier-2 rows) is None (not applicable) unless records of it exist.
    """
    if categories is None:
        categories = report_categories(period, center)
    counted = {
        (row["center"], row["category"]): row["n"]
        for row in _activities(period, center)
        .values("center", "category")
        .annotate(n=Count("*"))
        .order_by()
    }
    tiers = _row_tiers(period, center)
    rows = []
    for c in report_centers(period, center):
        tier = tiers.get(c.pk, c.tier)
        counts = {}
        for category in categories:
            n = counted.get((c.pk, category.value), 0)
            applies = not category.tiers or tier in category.tiers
            counts[category.value] = n if applies or n else None
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
        for category in categories
    }
    return ActivityTable(rows=rows, totals=totals, total=sum(totals.values()))


def build_report(period, center=None):
    """Every section of the report for a period (年度 or 半期) and a scope (city or one 所属)."""
    counts = council_counts(period, center)
    scope = sections.Scope(period, center)
    centers = list(report_centers(period, center))
    categories = report_categories(period, center)
    return Report(
        period=period,
        center=center,
        categories=categories,
        activity_counts=activity_table(period, center, categories),
        previous_year=activity_table(period.previous_year(), center, categories),
        by_form=sections.by_form(scope, centers),
        by_coordinator=sections.by_coordinator(scope, centers, categories),
        visits=sections.visits(scope),
        consultations=sections.consultations(scope),
        councils={
            **counts,
            "issues_raised": dict(counts["issues_by_stage"]).get(Stage.RAISED, 0),
            "equivalent_by_center": equivalent_by_center(period, centers),
        },
        monthly=sections.monthly(scope, categories),
        quantities=sections.quantities(scope),
        role_lists=sections.role_lists(scope),
        municipality=municipality_json(current_municipality()),
        coordinators_by_tier=coordinators_by_tier(period.start, period.end, center),
    )


def charts_report(period):
    """What the division's dashboard shows of the city-wide report for `period`: the activity
    table by 所属 and 区分 and the monthly counts, in a Report whose other sections are empty
    (issue 22: the dashboard read every section on each view and showed three)."""
    categories = report_categories(period)
    return Report(
        period=period,
        center=None,
        categories=categories,
        activity_counts=activity_table(period, None, categories),
        monthly=sections.monthly(sections.Scope(period), categories),
    )


def municipality_json(municipality):
    """{"name", "code"} of a Municipality, or None."""
    if municipality is None:
        return None
    return {"name": municipality.name, "code": municipality.code}
