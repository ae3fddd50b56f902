"""Every write of 担当者 assignments; the admin, the master import and the demo call these."""

from django.core.exceptions import ValidationError
from django.db import transaction

from coordinators.models import Assignment, find_overlapping_assignments
from coordinators.periods import wareki_date


def _post_text(assignment):
    since = wareki_date(assignment.start_date)
    return f"{assignment.center}・{assignment.get_tier_display()}（{since}〜）"


def validate_assignment_history(assignments):
    """Refuse a person's history [Assignment] whose stretches overlap, unless one of the two is
    marked 兼務 and they are different posts (所属, 層) (issue 20). Raises ValidationError
    naming the first such pair."""
    overlaps = find_overlapping_assignments(assignments)
    if overlaps:
        first, second = overlaps[0]
        advice = (
            "同じ所属・層を同時に2つは持てません。終了日を直してください。"
            if first.post == second.post
            else "同時に担当するなら、どちらかを兼務にしてください。"
        )
        raise ValidationError(
            f"所属履歴の期間が重なっています: {_post_text(first)}と{_post_text(second)}。{advice}"
        )


@transaction.atomic
def coordinator_assign(
    *, coordinator, center, tier, start_date, end_date=None, is_concurrent=False
):
    """Add or update the assignment of `coordinator` (a Coordinator) at `center` (a Center)
    and `tier` (1–3) from `start_date` (a date; an assignment is person + 所属 + 層 + 開始日,
    issue 20), ending on `end_date` or open -> the saved Assignment.

    Raises ValidationError when the history would then overlap (validate_assignment_history):
    a second post at once needs 兼務, so a row is never silently moved elsewhere."""
    assignment = Assignment.objects.filter(
        coordinator=coordinator, center=center, tier=tier, start_date=start_date
    ).first()
    if assignment is None:
        assignment = Assignment(
            coordinator=coordinator, center=center, tier=tier, start_date=start_date
        )
    assignment.end_date, assignment.is_concurrent = end_date, is_concurrent
    assignment.full_clean(validate_unique=False)
    others = list(coordinator.assignments.select_related("center").exclude(pk=assignment.pk))
    validate_assignment_history([*others, assignment])
    assignment.save()
    return assignment
