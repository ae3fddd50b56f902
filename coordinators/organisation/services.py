"""Every write of 担当者 assignments; the admin, the master import and the demo call these."""

from django.core.exceptions import ValidationError
from django.db import transaction

from coordinators.models import Assignment, find_overlapping_assignments


def validate_assignment_history(assignments):
    """A person belongs to one 所属 at a time: refuse history whose stretches overlap."""
    overlaps = find_overlapping_assignments(assignments)
    if overlaps:
        first, second = overlaps[0]
        raise ValidationError(
            f"所属履歴の期間が重なっています: {first.center}（{first.start_date}〜）と"
            f"{second.center}（{second.start_date}〜）。"
        )


@transaction.atomic
def coordinator_assign(*, coordinator, center, tier, start_date, end_date=None):
    """Add or update the assignment starting on start_date, keeping the history free of overlaps."""
    assignment = Assignment.objects.filter(coordinator=coordinator, start_date=start_date).first()
    if assignment is None:
        assignment = Assignment(coordinator=coordinator, start_date=start_date)
    assignment.center, assignment.tier, assignment.end_date = center, tier, end_date
    assignment.full_clean(validate_unique=False)
    others = list(coordinator.assignments.exclude(pk=assignment.pk))
    validate_assignment_history([*others, assignment])
    assignment.save()
    return assignment
