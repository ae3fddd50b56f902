"""The division's dashboard: how each 所属 is keeping up, counted in the database."""

from datetime import timedelta

from django.db.models import Count, Max, Q

from coordinators.closing import signoff_states
from coordinators.models import Center
from coordinators.periods import Period

QUIET_DAYS = 14


def center_activity_overview(day):
    """Per 所属: entries this week and last, the last entry date, half-year to date against
    the same span a year earlier, and the sign-off state of the current half-year."""
    monday = day - timedelta(days=day.weekday())
    half = Period.half_containing(day)
    last_year = half.previous_year()
    span_end_last_year = last_year.start + (day - half.start)
    alive = Q(activities__deleted_at__isnull=True)

    def counted(start, end):
        return Count("activities", filter=alive & Q(activities__date__range=(start, end)))

    centers = Center.objects.filter(is_active=True).annotate(
        this_week=counted(monday, monday + timedelta(days=6)),
        last_week=counted(monday - timedelta(days=7), monday - timedelta(days=1)),
        half_to_date=counted(half.start, day),
        last_year_to_date=counted(last_year.start, span_end_last_year),
        last_entry=Max("activities__date", filter=alive & Q(activities__date__lte=day)),
    )
    states = {s["center"].pk: s for s in signoff_states(half.fiscal_year, half.half, centers)}
    rows = []
    for center in centers:
        quiet = center.last_entry is None or (day - center.last_entry).days > QUIET_DAYS
        rows.append({"center": center, "quiet": quiet, "signoff": states[center.pk]})
    return {"half": half, "last_year": last_year, "rows": rows, "monday": monday}
