"""Reads of the social-resource directory and the figures a resource's page shows.

The directory is city-wide; the consultations and cases linked to a resource are listed only
where the login may see them. Figures are computed in the database.
"""

from django.db.models import Avg, Case, Count, F, IntegerField, Max, Q, Sum, Value, When, Window
from django.db.models.functions import ExtractYear

from coordinators.models import (
    Activity,
    Area,
    Consultation,
    ResourceState,
    SocialResource,
    SupportCase,
)
from coordinators.periods import Period
from coordinators.roles import role_of, visible_to
from coordinators.text import folded_search

# The columns a directory keyword is looked for in.
KEYWORD_FIELDS = ("name", "address", "operator", "schedule", "notes")


def areas_editable_by(user):
    """The 日常生活圏域 in whose resources a login may register or edit: all for the division,
    its own 所属's for center staff, none without a 所属 (QuerySet[Area])."""
    return visible_to(user, Area.objects.all())


def resources_for_user(user):
    """The social-resource directory is city-wide: every login reads every resource."""
    return SocialResource.objects.select_related("resource_type", "area__center", "town")


def resources_matching(resources, text, fields=KEYWORD_FIELDS):
    """`resources` narrowed to those where every term of `text` is in one of `fields`, as typed
    or folded in the database (spaces removed, the term NFKC-normalised: 「ふれあい サロン」 is
    found by 「ふれあいサロン」, issue 15) -> QuerySet[SocialResource]."""
    return folded_search(resources, text, fields)


def resource_choices():
    """What the 訪問先 type-ahead offers: [(text, hint)] of every resource in the directory's
    order, text being its name, or 「ふれあいサロン（東圏域）」 where another resource has that
    name too (issue 20), hint 「サロン・東町」 (種別・町名). One query, read as plain values:
    model rows and a template loop made this list ~10 ms of every entry page (issue 22)."""
    rows = SocialResource.objects.annotate(
        shared=Window(Count("pk"), partition_by=[F("name")])
    ).values_list("name", "area__name", "resource_type__name", "town__name", "shared")
    return [
        (
            SocialResource.qualify(name, area) if shared > 1 else name,
            f"{kind}・{town}" if town else kind,
        )
        for name, area, kind, town, shared in rows
    ]


def resources_editable_by(user):
    """The division changes any resource; a center only those in the areas it serves."""
    return visible_to(user, resources_for_user(user), via="area__center")


def can_edit_resource(user, resource):
    """True when the login may change `resource`: the division any, center staff only those
    in an area their 所属 serves."""
    role = role_of(user)
    if role.sees_all_centers:
        return True
    return (
        role.center is not None
        and resource.area is not None
        and (resource.area.center_id == role.center.pk)
    )


def resource_state_counts(resources):
    """{state label: count} in the order of the states, zeros included."""
    counts = dict(resources.values_list("state").annotate(n=Count("pk")).order_by())
    return [(state.label, counts.get(state.value, 0)) for state in ResourceState]


def _fiscal_half():
    """(年度, 半期) of a row's date, as database expressions."""
    in_first_half = Q(date__month__gte=4, date__month__lte=9)
    fiscal_year = Case(
        When(date__month__gte=4, then=ExtractYear("date")),
        default=ExtractYear("date") - 1,
        output_field=IntegerField(),
    )
    half = Case(When(in_first_half, then=Value(1)), default=Value(2), output_field=IntegerField())
    return {"fiscal_year": fiscal_year, "half": half}


def resource_visit_stats(resource):
    """Visits to a resource by half-year: 延べ (every visit), 実 (distinct 所属 and coordinators),
    total hours and average minutes over visits with a duration; plus all-time totals."""
    visits = Activity.objects.filter(resource=resource, counts_as_visit=True)
    per_half = (
        visits.annotate(**_fiscal_half())
        .values("fiscal_year", "half")
        .annotate(
            visits=Count("pk"),
            centers=Count("center", distinct=True),
            minutes=Sum("duration_minutes"),
            average=Avg("duration_minutes"),
        )
        .order_by("-fiscal_year", "-half")
    )
    # Counted apart: joining the coordinators would repeat a visit once per coordinator.
    coordinators = {
        (row["fiscal_year"], row["half"]): row["n"]
        for row in visits.annotate(**_fiscal_half())
        .values("fiscal_year", "half")
        .annotate(n=Count("coordinators", distinct=True))
        .order_by()
    }
    rows = [
        {
            "period": Period.for_half(row["fiscal_year"], row["half"]),
            "visits": row["visits"],
            "centers": row["centers"],
            "coordinators": coordinators.get((row["fiscal_year"], row["half"]), 0),
            "hours": round((row["minutes"] or 0) / 60, 1),
            "average_minutes": round(row["average"]) if row["average"] is not None else None,
        }
        for row in per_half
    ]
    totals = visits.aggregate(
        visits=Count("pk"),
        last=Max("date"),
        minutes=Sum("duration_minutes"),
        centers=Count("center", distinct=True),
    )
    totals["coordinators"] = visits.aggregate(n=Count("coordinators", distinct=True))["n"]
    totals["hours"] = round((totals["minutes"] or 0) / 60, 1)
    return rows, totals


def resource_connections(resource, user):
    """Consultations and cases that connected people to this resource: counts for everyone,
    the records themselves only where the login may see them."""
    consultations = Consultation.objects.filter(resource=resource)
    cases = SupportCase.objects.filter(steps__resources=resource).distinct()
    return {
        "consultation_count": consultations.count(),
        "case_count": cases.count(),
        "visible_cases": visible_to(user, cases.select_related("center")),
        "visible_consultations": visible_to(
            user, consultations.select_related("center", "consulter_type")
        ),
    }
