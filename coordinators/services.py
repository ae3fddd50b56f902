"""Every write of master data that matters; views, admin and the importer call these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .models import Assignment, SocialResource, find_overlapping_assignments
from .roles import role_of
from .selectors import can_edit_resource

RESOURCE_FIELDS = (
    "name",
    "resource_type",
    "area",
    "town",
    "address",
    "operator",
    "schedule",
    "state",
    "launched_on",
    "is_subsidised",
    "notes",
)


def _require_area_of_own_center(user, area):
    role = role_of(user)
    if role.sees_all_centers:
        return
    if role.center is None:
        raise PermissionDenied("所属が設定されていないため、社会資源を登録・変更できません。")
    if area is None or area.center_id != role.center.pk:
        raise ValidationError(
            {"area": "自分の所属が担当する日常生活圏域の社会資源だけを登録・変更できます。"}
        )


@transaction.atomic
def social_resource_create(*, user, **fields):
    """Create a resource; center staff only inside the areas their 所属 serves."""
    _require_area_of_own_center(user, fields.get("area"))
    resource = SocialResource(**{name: fields[name] for name in RESOURCE_FIELDS if name in fields})
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def social_resource_update(*, user, resource, **fields):
    """Change a resource; center staff may neither edit another center's nor move one away."""
    if not can_edit_resource(user, resource):
        raise PermissionDenied("この社会資源を変更する権限がありません。")
    for name in RESOURCE_FIELDS:
        if name in fields:
            setattr(resource, name, fields[name])
    _require_area_of_own_center(user, resource.area)
    resource.full_clean()
    resource.save()
    return resource


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
