"""Which figures a report shows: the published version of a closed scope, or the live ones.

A half-year closed for a scope (a 所属, or every 所属 for the city) is shown as it was stored
when it closed (the newest version, or the one asked for); if the records now give other
numbers, the differences are listed instead of silently showing new numbers (issue 13 §1).
"""

from dataclasses import dataclass, field

from coordinators.models import HalfYearClosing

from .models import PublishedReport
from .selectors import Report, build_report, report_centers
from .snapshots import differences, report_from, snapshot_of


class NoSuchVersion(LookupError):
    """The version asked for was never published for that scope and half-year."""


@dataclass
class Shown:
    report: Report
    published: PublishedReport | None = None  # None: live figures
    differences: list = field(default_factory=list)  # snapshots.differences of published/now
    versions: list = field(default_factory=list)  # every PublishedReport of the scope


def _versions(period, center):
    return list(
        PublishedReport.objects.filter(
            fiscal_year=period.fiscal_year, half=period.half, center=center
        ).select_related("published_by")
    )


def open_centers(period, centers):
    """The 所属 of `centers` (a list) whose half-year `period` is not closed, in their order:
    one query for the closings whatever their number. A closing without a 所属 closes every
    所属, as closing.closing_for reads it."""
    closed = set(
        HalfYearClosing.objects.filter(
            fiscal_year=period.fiscal_year, half=period.half, reopened_at__isnull=True
        ).values_list("center_id", flat=True)
    )
    if None in closed:
        return []
    return [c for c in centers if c.pk not in closed]


def scope_is_closed(period, center=None):
    """True when the half-year is closed for `center`, or for every 所属 of the city's report
    of that half-year (selectors.report_centers); False for a city without any 所属. Pages
    ask it often: one query for the closings (open_centers)."""
    centers = [center] if center is not None else list(report_centers(period))
    return bool(centers) and not open_centers(period, centers)


def report_for(period, center=None, version=None):
    """The figures to show for a period and scope, as a Shown.

    period: a Period (only half-years are published); center: a Center or None for the city;
    version: a version number, or None for the newest version of a closed scope (live figures
    while it is open). Raises NoSuchVersion when `version` was never published.
    """
    live = build_report(period, center)
    if period.kind != "half":
        return Shown(live)
    versions = _versions(period, center)
    if version is not None:
        chosen = next((v for v in versions if v.version == version), None)
        if chosen is None:
            raise NoSuchVersion(f"{period.label}の第{version}版は公表されていません。")
    elif versions and scope_is_closed(period, center):
        chosen = versions[-1]
    else:
        _freeze_previous_year(live, period, center)
        return Shown(live, versions=versions)
    now = snapshot_of(live)
    stored = report_from(chosen.snapshot)
    if stored.municipality is None:
        # a version closed before the municipality was stored (or set) names today's: who the
        # city is is no figure of the half-year (issue 21)
        stored.municipality = live.municipality
    return Shown(stored, chosen, differences(chosen.snapshot, now), versions)


def frozen_version(period, center=None):
    """The newest PublishedReport of a half-year that is closed for the scope, or None while
    any of its 所属 is open (then the report is live)."""
    versions = _versions(period, center)
    if versions and scope_is_closed(period, center):
        return versions[-1]
    return None


def _freeze_previous_year(live, period, center):
    # 前年同期比 compares with what was published for the same half a year earlier, when it is
    # closed: the newest version's table, not today's recount.
    previous = period.previous_year()
    versions = _versions(previous, center)
    if versions and scope_is_closed(previous, center):
        stored = report_from(versions[-1].snapshot).activity_counts
        live.previous_year = stored.keyed(live.categories)
