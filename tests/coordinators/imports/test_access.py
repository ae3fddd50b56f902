"""Who may open マスタ取込 and download its template: only the admin (dave), not alice or carol."""

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
