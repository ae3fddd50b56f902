"""Every page, opened by each role with odd query strings, answers without a server error."""

import pytest
from django.urls import reverse

from tests.builders import ALL_URLS

JUNK = "?period=来年&date=abc&center=x&edit=y&page=zz&format=nope&table=abc&sort=nonexistent"
SKIP = {"logout", "admin:logout"}  # a GET there is refused (405) by design


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["alice", "carol", "dave"])
def test_pages_never_answer_500(client_for, request, who, resource_a, sato):
    client = client_for(request.getfixturevalue(who))
    for name, path in ALL_URLS:
        if name in SKIP or path.startswith("/admin/"):
            continue
        for url in (path, path + JUNK):
            response = client.get(url)
            assert response.status_code < 500, f"{url} answered {response.status_code}"


@pytest.mark.django_db
def test_posts_with_garbage_never_answer_500(client_for, alice, sato, resource_a):
    client = client_for(alice)
    garbage = {
        "center": "x",
        "date": "abc",
        "activity": ["x"],
        "template": ["y"],
        "to_date": "??",
        "name": "",
        "reason": "",
        "period": "来年",
    }
    for name in ("activity_create", "copy_last_week", "templates_apply", "consultation_create"):
        response = client.post(reverse(f"coordinators:{name}"), garbage)
        assert response.status_code < 500, name
