"""List pages cost the same number of queries for 1 row as for 20."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AssignmentFactory, SocialResourceFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url_name", "make_row"),
    [
        ("coordinators:resource_list", lambda area, center: SocialResourceFactory(area=area)),
        ("coordinators:coordinator_list", lambda area, center: AssignmentFactory(center=center)),
        ("coordinators:center_overview", lambda area, center: AssignmentFactory(center=center)),
    ],
)
def test_query_count_does_not_grow_with_rows(
    client_for, carol, alice, area_a, center_a, url_name, make_row
):
    url = reverse(url_name)
    for user in (carol, alice):
        client = client_for(user)
        make_row(area_a, center_a)
        one = queries_for(client, url)
        for _ in range(19):
            make_row(area_a, center_a)
        twenty = queries_for(client, url)
        assert one == twenty, f"{url_name} as {user}: {one} queries for 1 row, {twenty} for 20"
