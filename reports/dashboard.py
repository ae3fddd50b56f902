"""The division's dashboard: how each 所属 is keeping up, counted in the database."""

from datetime import timedelta

from django.db.models import CharField, Count, OuterRef, Subquery, Value

from coordinators.closing import signoff_states
from coordinators.models import Activity, Center
from coordinators.periods import Period

QUIET_DAYS = 14


def center_activity_overview(day):
    """Per 所属: entries this week and last, the last entry date, half-year to date against
    the same span a year earlier, and the sign-off state of the current half-year ->
    {"half", "last_year" (Periods), "monday" (date), "rows": [{"center", "quiet", "signoff"}]},
    each Center annotated with this_week, last_week, half_to_date, last_year_to_date (ints)
    and last_entry (a date or None).

    Reads only the rows of those date windows (one grouped query) and each 所属's newest
    entry through the (center, date) index: the cost follows this week's and this half-year's
    records, not the whole history (issue 22)."""
    monday = day - timedelta(days=day.weekday())
    half = Period.half_containing(day)
    last_year = half.previous_year()
    windows = {
        "this_week": (monday, monday + timedelta(days=6)),
        "last_week": (monday - timedelta(days=7), monday - timedelta(days=1)),
        "half_to_date": (half.start, day),
        "last_year_to_date": (last_year.start, last_year.start + (day - half.start)),
    }
    # One statement, a UNION ALL of one grouped range per window: each reads its window
    # through the date index (an OR of the four ranges made SQLite scan every record).
    parts = [
        Activity.objects.filter(date__range=window)
        .annotate(window=Value(name, output_field=CharField()))
        .values_list("center", "window")
        .annotate(n=Count("*"))
        .order_by()
        for name, window in windows.items()
    ]
    counted = {}
    for center, name, n in parts[0].union(*parts[1:], all=True):
        counted.setdefault(center, dict.fromkeys(windows, 0))[name] = n
    newest = Activity.objects.filter(center=OuterRef("pk"), date__lte=day).order_by("-date")
    centers = list(
        Center.objects.filter(is_active=True).annotate(
            last_entry=Subquery(newest.values("date")[:1])
        )
    )
    states = {s["center"].pk: s for s in signoff_states(half.fiscal_year, half.half, centers)}
    rows = []
    for center in centers:
        for name, n in counted.get(center.pk, dict.fromkeys(windows, 0)).items():
            setattr(center, name, n)
        quiet = center.last_entry is None or (day - center.last_entry).days > QUIET_DAYS
        rows.append({"center": center, "quiet": quiet, "signoff": states[center.pk]})
    return {"half": half, "last_year": last_year, "rows": rows, "monday": monday}
