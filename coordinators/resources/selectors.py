"""Reads of consultations, cases and the figures a social resource's page shows.

Consultations and cases hold personal data: only the 所属 that recorded them and the division
see them. A resource's figures are computed in the database.
"""

from django.db.models import Avg, Case, Count, IntegerField, Max, Prefetch, Q, Sum, Value, When
from django.db.models.functions import ExtractYear

from .models import (
    AccessRecord,
    Activity,
    Consultation,
    ConsultationTopic,
    SupportCase,
)
from .periods import Period
from .roles import role_of


def _scoped(queryset, user):
    role = role_of(user)
    if role.sees_all_centers:
        return queryset
    if role.center is None:
        return queryset.none()
    return queryset.filter(center=role.center)


def consultations_for_user(user):
    return _scoped(
        Consultation.objects.select_related(
            "center", "coordinator", "route", "consulter_type", "outcome", "resource"
        ).prefetch_related(
            Prefetch("topics", queryset=ConsultationTopic.objects.order_by("display_order"))
        ),
        user,
    )


def cases_for_user(user):
    return _scoped(
        SupportCase.objects.select_related(
            "center", "consultation__consulter_type", "consultation__coordinator"
        ),
        user,
    )


def case_steps(case):
    return case.steps.select_related("activity", "created_by").prefetch_related("resources")


def access_records(user):
    if not role_of(user).sees_all_centers:
        return AccessRecord.objects.none()
    return AccessRecord.objects.select_related("user")


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
    visits = Activity.objects.filter(resource=resource, form__counts_as_visit=True)
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
        "visible_cases": _scoped(cases.select_related("center"), user),
        "visible_consultations": _scoped(
            consultations.select_related("center", "consulter_type"), user
        ),
    }
