"""The meeting list and the pipeline cost the same number of queries for 1 row as for 20."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinators.demo.categories import SeededCategory
from councils.models import Council, CouncilKind, CouncilTier
from councils.services import meeting_create

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["councils:meeting_list", "councils:issue_pipeline"])
def test_query_count_is_flat(client_for, alice, sato, center_a, area_a, url_name):
    council = Council.objects.create(
        name="地域ケア会議A",
        tier=CouncilTier.SECOND,
        kind=CouncilKind.objects.get(name="地域ケア会議"),
        center=center_a,
        counts_as_equivalent=True,
        default_category_id=SeededCategory.FACT_FINDING,
    )
    client = client_for(alice)

    def add(n):
        meeting_create(
            user=alice,
            council=council,
            date=date(2024, 5, 1) + timedelta(days=n),
            coordinators=[sato],
            agenda=f"議題{n}",
            raised_issues=[f"課題{n}"],
        )

    add(0)
    one = queries(client, reverse(url_name))
    for n in range(1, 20):
        add(n)
    assert queries(client, reverse(url_name)) == one
