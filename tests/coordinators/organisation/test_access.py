"""Who may open what of the 所属 and 担当者 pages, and of the admin's master data (所属, 担当者,
logins): one test per role for each page (alice/bob/carol/dave, and nobody without a 所属)."""

import pytest
from django.urls import reverse

from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def test_staff_center_page_shows_own_center_and_its_coordinators(
    client_for, alice, center_a, center_b
):
    AssignmentFactory(coordinator__name="佐藤 花子", center=center_a)
    AssignmentFactory(coordinator__name="鈴木 健一", center=center_b)
    page = client_for(alice).get(reverse("coordinators:center_overview")).content.decode()
    assert "センターA" in page
    assert "佐藤 花子" in page
    assert "鈴木 健一" not in page


def test_division_center_page_lists_every_center(client_for, carol, center_a, center_b):
    page = client_for(carol).get(reverse("coordinators:center_overview")).content.decode()
    assert "全所属の状況" in page
    assert "センターA" in page
    assert "センターB" in page


def test_staff_without_a_center_sees_no_records_and_cannot_create(client_for, nobody, resource_a):
    client = client_for(nobody)
    assert "所属が設定されていません" in client.get(reverse("home")).content.decode()
    assert (
        "所属が設定されていません"
        in client.get(reverse("coordinators:center_overview")).content.decode()
    )
    assert client.get(reverse("coordinators:resource_create")).status_code == 403
    url = reverse("coordinators:resource_update", args=[resource_a.pk])
    assert client.get(url).status_code == 404


def test_coordinator_pages_are_scoped_to_the_center(client_for, alice, bob, carol, center_b):
    assignment = AssignmentFactory(coordinator__name="鈴木 健一", center=center_b)
    url = assignment.coordinator.get_absolute_url()
    assert client_for(alice).get(url).status_code == 404
    assert (
        "鈴木 健一"
        not in client_for(alice).get(reverse("coordinators:coordinator_list")).content.decode()
    )
    assert client_for(bob).get(url).status_code == 200
    assert client_for(carol).get(url).status_code == 200


def test_coordinator_who_left_a_center_stays_in_its_history(client_for, alice, center_a, center_b):
    from datetime import date

    moved = AssignmentFactory(
        coordinator__name="中村 由美",
        center=center_a,
        start_date=date(2021, 4, 1),
        end_date=date(2023, 3, 31),
    ).coordinator
    AssignmentFactory(coordinator=moved, center=center_b, start_date=date(2023, 4, 1))
    page = client_for(alice).get(moved.get_absolute_url()).content.decode()
    assert "令和3年4月1日 〜 令和5年3月31日" in page
    assert "センターB" in page


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_staff_and_division_cannot_open_django_admin(client_for, request, who):
    client = client_for(request.getfixturevalue(who))
    for url in ("/admin/", "/admin/coordinators/socialresource/", "/admin/auth/user/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_admin_site_is_titled_and_lists_master_data(client_for, dave):
    page = client_for(dave).get("/admin/").content.decode()
    assert "ささえあいログ 管理" in page
    for label in ("所属", "日常生活圏域", "社会資源", "生活支援コーディネーター"):
        assert label in page


def test_admin_shows_assignment_history_inline(client_for, dave, center_a):
    assignment = AssignmentFactory(center=center_a)
    url = f"/admin/coordinators/coordinator/{assignment.coordinator.pk}/change/"
    page = client_for(dave).get(url).content.decode()
    assert "所属履歴" in page
    assert "センターA" in page
