"""Who may open マスタ取込 and download its template: only the admin (dave), not alice or carol.
Who may open 記録取込 and its template: staff with a 所属 (alice, bob: their own 所属's rows,
issue 16), the division and the admin; not a login without a 所属."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "dave"])
def test_staff_and_the_division_open_the_records_import_and_its_template(client_for, request, who):
    client = client_for(request.getfixturevalue(who))
    page = client.get(reverse("coordinators:records_import"))
    assert page.status_code == 200
    assert "活動記録の取込" in page.content.decode()
    template = client.get(reverse("coordinators:records_import_template"))
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_login_without_a_center_cannot_open_the_records_import(client_for, nobody):
    client = client_for(nobody)
    assert client.get(reverse("coordinators:records_import")).status_code == 403
    assert client.get(reverse("coordinators:records_import_template")).status_code == 403
