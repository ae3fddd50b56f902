"""Publishing a closed half-year's report (issue 13): the figures are stored when it closes.

Closing a half-year for a 所属 stores that 所属's report as its next version (第1版, 第2版 …,
with who, when and the reason it was reopened before); when the last 所属 of the half-year is
closed, the city-wide report is stored the same way. Reopening stores nothing: the versions
already published stay, and closing again publishes the next one.
"""

from django.db.models import Max, Q

from coordinators.closing import closing_for
from coordinators.models import HalfYearClosing
from coordinators.periods import Period

from .models import PublishedReport
from .published import scope_is_closed
from .selectors import build_report, report_centers
from .snapshots import snapshot_of
from .texts import narrative_at_close


def _publish(period, center, closing):
    versions = PublishedReport.objects.filter(
        fiscal_year=period.fiscal_year, half=period.half, center=center
    )
    latest = versions.aggregate(n=Max("version"))["n"] or 0
    reopened = (
        HalfYearClosing.objects.filter(
            fiscal_year=period.fiscal_year,
            half=period.half,
            reopened_at__isnull=False,
            reopened_at__lte=closing.closed_at,
        )
        .filter(Q(center=center) | Q(center__isnull=True) if center is not None else Q())
        .order_by("-reopened_at")
        .first()
    )
    return PublishedReport.objects.create(
        fiscal_year=period.fiscal_year,
        half=period.half,
        center=center,
        version=latest + 1,
        published_at=closing.closed_at,
        published_by=closing.closed_by,
        reason=reopened.reopen_reason if reopened and latest else "",
        snapshot=snapshot_of(build_report(period, center)),
        # a 所属's text is fixed with its figures; the city's waits for 「確定」 (texts.py)
        narrative=narrative_at_close(period, center) if center is not None else None,
    )


def publish_after_close(closing):
    """Store the published versions a new closing makes final: the closed 所属's report (every
    所属 of the report for a close of all), then the city's if no 所属 of it is open any more.

    closing: the HalfYearClosing just created (inside its transaction). Returns the list of
    PublishedReport created. Rule source: issue 13 §1, "Published versions".
    """
    period = closing.period
    centers = list(report_centers(period))
    scope = [closing.center] if closing.center is not None else centers
    # A 所属 already closed by another closing (one of its own, or one for all) was published
    # then; closing it once more publishes nothing new.
    published = [
        _publish(period, center, closing) for center in scope if not _closed_before(center, closing)
    ]
    all_closed_before = all(_closed_before(center, closing) for center in centers)
    if scope_is_closed(period) and not all_closed_before:
        published.append(_publish(period, None, closing))
    return published


def _closed_before(center, closing):
    return (
        HalfYearClosing.objects.filter(
            fiscal_year=closing.fiscal_year, half=closing.half, reopened_at__isnull=True
        )
        .filter(Q(center=center) | Q(center__isnull=True))
        .exclude(pk=closing.pk)
        .exists()
    )


def publish_unpublished():
    """Store version 1 for every closed scope that has none: half-years closed before versions
    were stored (an upgraded installation). The figures are today's, with the closing's who
    and when; a scope that already has a version is left alone, so running it twice adds
    nothing. Returns the list of PublishedReport created."""
    created = []
    halves = (
        HalfYearClosing.objects.filter(reopened_at__isnull=True)
        .values_list("fiscal_year", "half")
        .distinct()
        .order_by("fiscal_year", "half")
    )
    for fiscal_year, half in halves:
        period = Period.for_half(fiscal_year, half)
        closings = {center: closing_for(center, period.start) for center in report_centers(period)}
        for center, closing in closings.items():
            if closing is not None and not _has_version(period, center):
                created.append(_publish(period, center, closing))
        if scope_is_closed(period) and not _has_version(period, None):
            last = max(closings.values(), key=lambda closing: closing.closed_at)
            created.append(_publish(period, None, last))
    return created


def _has_version(period, center):
    return PublishedReport.objects.filter(
        fiscal_year=period.fiscal_year, half=period.half, center=center
    ).exists()
