"""Roles are found by a code, not by a group's name (issue 20): a city may call its division's
group what it likes."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from coordinators.models import RoleCode
from coordinators.roles import group_for, role_of

pytestmark = pytest.mark.django_db


def test_the_seeded_groups_give_their_roles_by_code():
    names = {code: group_for(code).name for code in RoleCode}
    assert names == {"staff": "センター職員", "division": "高齢者支援課", "admin": "管理者"}


def test_a_renamed_division_group_keeps_its_role(client_for, carol, division_center):
    group = Group.objects.get(name="高齢者支援課")
    group.name = "地域福祉課"
    group.save()
    carol.refresh_from_db()
    role = role_of(carol)
    assert role.sees_all_centers
    assert role.label == "地域福祉課"
    response = client_for(carol).get(reverse("reports:closing"))
    assert response.status_code == 200
    # the header's badge names the division as every page does: the 所属 marked 事務局
    badge = response.content.decode().split('class="user-center"')[1].split("</span>")[0]
    assert badge.endswith(f">{division_center.name}")


def test_a_group_named_like_a_role_gives_no_role_without_its_code(client_for, alice):
    """Only the linked group gives the role: a second group called 高齢者支援課 does not."""
    impostor = Group.objects.create(name="高齢者支援課（旧）")
    alice.groups.add(impostor)
    alice.refresh_from_db()
    assert not role_of(alice).sees_all_centers
