"""Every write of the social-resource directory; views, admin and the importer call these."""

import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from coordinators.models import ResourceStateChange, SocialResource
from coordinators.recordkeeping.edit_conflicts import ensure_unchanged
from coordinators.roles import role_of

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
    resource.updated_by = user
    resource.full_clean()
    resource.save()
    _record_state(resource, user)
    return resource


def _record_state(resource, user):
    ResourceStateChange.objects.create(
        resource=resource, state=resource.state, changed_on=timezone.localdate(), changed_by=user
    )


def similar_resources(name, exclude=None):
    """Resources whose names match after NFKC, case folding and removing spaces: likely the
    same place typed another way (全角/半角, ｶﾅ width, spacing)."""
    key = resource_name_key(name)
    if not key:
        return []
    candidates = SocialResource.objects.select_related("resource_type", "area")
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    # Names are short and a city has hundreds of resources, not millions: comparing the
    # normalised keys here is cheaper than keeping a second, normalised column in step.
    return [
        resource
        for resource in candidates.only("name", "resource_type__name", "area__name")
        if key in resource_name_key(resource.name) or resource_name_key(resource.name) in key
    ]


def resource_name_key(name):
    """A resource name as compared for duplicates: NFKC, case-folded, without spaces."""
    return "".join(unicodedata.normalize("NFKC", name or "").casefold().split())


@transaction.atomic
def social_resource_update(*, user, resource, version=None, **fields):
    """Change a resource; center staff may neither edit another center's nor move one away."""
    ensure_unchanged(resource, version)
    if not can_edit_resource(user, resource):
        raise PermissionDenied("この社会資源を変更する権限がありません。")
    previous_state = SocialResource.objects.values_list("state", flat=True).get(pk=resource.pk)
    for name in RESOURCE_FIELDS:
        if name in fields:
            setattr(resource, name, fields[name])
    _require_area_of_own_center(user, resource.area)
    resource.updated_by = user
    resource.full_clean()
    resource.save()
    if resource.state != previous_state:
        _record_state(resource, user)
    return resource
