"""Who may open and change what: one test per role for each page (alice/bob/carol/dave)."""

import pytest
from django.urls import reverse

from coordinators.models import SocialResource
from tests.builders import resource_post_data
from tests.factories import AssignmentFactory, ResourceType, TownFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name",
    [
        "home",
        "coordinators:resource_list",
        "coordinators:resource_create",
        "coordinators:coordinator_list",
        "coordinators:master_import",
        "coordinators:master_import_template",
        "password_change",
    ],
)
def test_anonymous_is_sent_to_login(client, url_name):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_cannot_open_object_pages(client, resource_a):
    for url in (
        reverse("coordinators:resource_detail", args=[resource_a.pk]),
        reverse("coordinators:resource_update", args=[resource_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_login_page_is_in_japanese_and_open(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "ログイン" in response.content.decode()


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


def test_staff_reads_every_resource_in_the_directory(client_for, alice, resource_a, resource_b):
    page = client_for(alice).get(reverse("coordinators:resource_list")).content.decode()
    assert "サロンA" in page
    assert "サロンB" in page
    detail = client_for(alice).get(resource_b.get_absolute_url())
    assert detail.status_code == 200
    assert (
        reverse("coordinators:resource_update", args=[resource_b.pk]) not in detail.content.decode()
    )


def test_staff_edits_own_area_resource(client_for, alice, resource_a):
    url = reverse("coordinators:resource_update", args=[resource_a.pk])
    response = client_for(alice).post(url, resource_post_data(resource_a, operator="新しい運営者"))
    assert response.status_code == 302
    resource_a.refresh_from_db()
    assert resource_a.operator == "新しい運営者"


def test_staff_cannot_open_other_centers_resource_editor(client_for, alice, resource_b):
    url = reverse("coordinators:resource_update", args=[resource_b.pk])
    assert client_for(alice).get(url).status_code == 404


def test_staff_cannot_change_other_centers_resource_by_post(client_for, alice, resource_b):
    url = reverse("coordinators:resource_update", args=[resource_b.pk])
    response = client_for(alice).post(url, resource_post_data(resource_b, operator="乗っ取り"))
    assert response.status_code == 404
    resource_b.refresh_from_db()
    assert resource_b.operator != "乗っ取り"


def test_staff_cannot_move_own_resource_into_other_centers_area(
    client_for, alice, resource_a, area_b
):
    url = reverse("coordinators:resource_update", args=[resource_a.pk])
    response = client_for(alice).post(url, resource_post_data(resource_a, area=area_b.pk, town=""))
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()
    resource_a.refresh_from_db()
    assert resource_a.area_id != area_b.pk


def test_staff_cannot_create_resource_in_other_centers_area(client_for, alice, area_a, area_b):
    response = client_for(alice).post(
        reverse("coordinators:resource_create"),
        {
            "name": "よそのサロン",
            "resource_type": ResourceType.objects.first().pk,
            "state": "active",
            "area": area_b.pk,
        },
    )
    assert response.status_code == 200
    assert not SocialResource.objects.filter(name="よそのサロン").exists()


def test_staff_creates_resource_in_own_area_and_lands_on_its_page(client_for, alice, area_a):
    town = TownFactory(name="吉祥寺東町", area=area_a)
    response = client_for(alice).post(
        reverse("coordinators:resource_create"),
        {
            "name": "東町ひだまり",
            "resource_type": ResourceType.objects.get(name="いきいきサロン").pk,
            "state": "preparing",
            "area": area_a.pk,
            "town": town.pk,
            "launched_on": "R7.4.1",
            "is_subsidised": "on",
        },
    )
    resource = SocialResource.objects.get(name="東町ひだまり")
    assert response["Location"] == resource.get_absolute_url()
    assert resource.launched_on.isoformat() == "2025-04-01"
    assert resource.is_subsidised
    page = client_for(alice).get(resource.get_absolute_url()).content.decode()
    assert "令和7年4月1日" in page


def test_town_of_another_area_is_refused_at_the_field(client_for, carol, resource_a, area_b):
    other_town = TownFactory(name="よその町", area=area_b)
    url = reverse("coordinators:resource_update", args=[resource_a.pk])
    response = client_for(carol).post(url, resource_post_data(resource_a, town=other_town.pk))
    assert response.status_code == 200
    assert "町名「よその町」は「圏域A」にありません" in response.content.decode()


def test_bad_date_is_refused_in_japanese_and_nothing_saved(client_for, alice, resource_a):
    url = reverse("coordinators:resource_update", args=[resource_a.pk])
    response = client_for(alice).post(
        url, resource_post_data(resource_a, launched_on="R1.4.30", operator="変更")
    )
    assert response.status_code == 200
    assert "令和は令和元年5月1日から" in response.content.decode()
    resource_a.refresh_from_db()
    assert resource_a.operator != "変更"


def test_division_edits_any_resource(client_for, carol, resource_b):
    url = reverse("coordinators:resource_update", args=[resource_b.pk])
    response = client_for(carol).post(url, resource_post_data(resource_b, schedule="毎週月曜"))
    assert response.status_code == 302
    resource_b.refresh_from_db()
    assert resource_b.schedule == "毎週月曜"


def test_staff_without_a_center_sees_no_records_and_cannot_create(client_for, db, resource_a):
    from tests.factories import UserFactory

    nobody = UserFactory(username="nobody", role="センター職員")
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
def test_only_admins_open_master_import(client_for, request, who):
    user = request.getfixturevalue(who)
    client = client_for(user)
    assert client.get(reverse("coordinators:master_import")).status_code == 403
    assert client.get(reverse("coordinators:master_import_template")).status_code == 403


def test_admin_opens_master_import_and_downloads_template(client_for, dave):
    client = client_for(dave)
    assert client.get(reverse("coordinators:master_import")).status_code == 200
    response = client.get(reverse("coordinators:master_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


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


def test_logout_is_a_post_and_returns_to_login(client_for, alice):
    client = client_for(alice)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302
