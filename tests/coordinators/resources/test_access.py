"""Who may open and change the 社会資源 pages: one test per role for each page
(alice/bob/carol/dave)."""

import pytest
from django.urls import reverse

from coordinators.models import SocialResource
from tests.builders import resource_post_data
from tests.factories import ResourceType, TownFactory

pytestmark = pytest.mark.django_db


def test_anonymous_cannot_open_object_pages(client, resource_a):
    for url in (
        reverse("coordinators:resource_detail", args=[resource_a.pk]),
        reverse("coordinators:resource_update", args=[resource_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


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
