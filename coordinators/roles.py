"""The three roles and what each login may reach.

Roles are Django groups created by a data migration, so admins can grant them in admin; a
group gives its role by its code (RoleGroup, issue 20), whatever the city names it. A login's
role is read once per request and cached on the user object.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from .models import RoleCode, StaffProfile, division_name

STAFF, DIVISION, ADMIN = RoleCode.STAFF, RoleCode.DIVISION, RoleCode.ADMIN


def group_for(code):
    """The auth Group that gives the role `code` (a RoleCode); raises Group.DoesNotExist when
    none does (the migration links the seeded ones)."""
    return Group.objects.get(sasaeai_role__code=code)


@dataclass(frozen=True)
class Role:
    is_division: bool
    is_admin: bool
    center: object  # the login's Center, or None
    division_name: str = ""  # the name the city gave the division's group

    @property
    def sees_all_centers(self):
        return self.is_division or self.is_admin

    @property
    def label(self):
        if self.is_admin:
            return "管理者"
        if self.is_division:
            return self.division_name
        return "センター職員" if self.center else "所属未設定"


NO_ROLE = Role(is_division=False, is_admin=False, center=None)


def role_of(user):
    if not getattr(user, "is_authenticated", False):
        return NO_ROLE
    cached = getattr(user, "_sasaeai_role", None)
    if cached is not None:
        return cached
    groups = dict(
        user.groups.filter(sasaeai_role__isnull=False).values_list("sasaeai_role__code", "name")
    )
    profile = StaffProfile.objects.select_related("center").filter(user_id=user.pk).first()
    role = Role(
        is_division=DIVISION in groups,
        is_admin=user.is_superuser or ADMIN in groups,
        center=profile.center if profile else None,
        division_name=groups.get(DIVISION, ""),
    )
    user._sasaeai_role = role
    return role


def require_admin(user):
    if not role_of(user).is_admin:
        raise PermissionDenied("この操作は管理者だけが行えます。")


def require_division(user):
    if not role_of(user).sees_all_centers:
        raise PermissionDenied(f"この画面は{division_name()}だけが開けます。")


def visible_to(user, queryset, *, via="center"):
    """`queryset` narrowed to the rows this login may see: every row for the division and
    admins, its own 所属's rows for center staff (`via` is the lookup from a row to its 所属,
    e.g. "area__center"), none for a login without a 所属.

    Returns a QuerySet of the same model; never raises. Rule source: center staff see and edit
    their own 所属's records only (the programme's split of work between 所属).
    """
    role = role_of(user)
    if role.sees_all_centers:
        return queryset
    if role.center is None:
        return queryset.none()
    return queryset.filter(**{via: role.center})
