"""Social-resource pages: visit figures, state changes, similar names, the directory."""

import html
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinators.activities.services import activity_create
from coordinators.models import ActivityForm, ResourceState, ResourceType, SocialResource
from tests.builders import MONDAY, category_of, consult
from tests.factories import SocialResourceFactory

pytestmark = pytest.mark.django_db


def test_resource_page_counts_visits_by_half_year(client_for, alice, sato, area_a):
    salon = SocialResourceFactory(area=area_a)
    visit = ActivityForm.objects.get(name="訪問")
    meeting = ActivityForm.objects.get(name="会議・協議体出席")
    for day, minutes, form in [
        (date(2024, 4, 1), 60, visit),
        (date(2024, 9, 30), 90, visit),
        (date(2024, 10, 1), None, visit),
        (date(2024, 6, 1), 120, meeting),  # not a visit
    ]:
        activity_create(
            user=alice,
            coordinators=[sato],
            date=day,
            category=category_of(2),
            form=form,
            resource=salon,
            duration_minutes=minutes,
            description="訪問",
        )
    response = client_for(alice).get(salon.get_absolute_url())
    rows = {row["period"].label: row for row in response.context["visits_by_half"]}
    first = rows["令和6年度上半期"]
    assert (first["visits"], first["hours"], first["average_minutes"]) == (2, 2.5, 75)
    assert (first["centers"], first["coordinators"]) == (1, 1)
    assert rows["令和6年度下半期"]["average_minutes"] is None
    assert response.context["visit_totals"]["visits"] == 3
    assert response.context["visit_totals"]["last"] == date(2024, 10, 1)
    # each half's count opens the list of those visits (the 訪問先 box takes the name)
    link = re.search(
        r'href="(/activities/\?resource=[^"]+period=2024H1[^"]*)"', response.content.decode()
    ).group(1)
    listed = client_for(alice).get(html.unescape(link))
    assert listed.status_code == 200
    assert len(listed.context["table"].rows) == 2


def test_state_changes_keep_who_and_when(client_for, alice, area_a):
    from tests.builders import resource_post_data

    client = client_for(alice)
    client.post(
        reverse("coordinators:resource_create"),
        {
            "name": "新しいつどいの場",
            "resource_type": ResourceType.objects.get(name="つどいの場").pk,
            "state": "preparing",
            "area": area_a.pk,
            "confirm_new": "1",
        },
    )
    resource = SocialResource.objects.get(name="新しいつどいの場")
    client.post(
        reverse("coordinators:resource_update", args=[resource.pk]),
        resource_post_data(resource, state="active"),
    )
    states = list(resource.state_changes.values_list("state", "changed_by__username"))
    assert states == [(ResourceState.PREPARING, "alice"), (ResourceState.ACTIVE, "alice")]
    resource.refresh_from_db()
    assert resource.updated_by.username == "alice"


def test_adding_a_similar_name_asks_first(client_for, alice, area_a):
    SocialResourceFactory(name="いきいきサロン ひだまり", area=area_a)
    data = {
        "name": "いきいきｻﾛﾝ　ひだまり",
        "resource_type": ResourceType.objects.get(name="いきいきサロン").pk,
        "state": "preparing",
        "area": area_a.pk,
    }
    client = client_for(alice)
    page = client.post(reverse("coordinators:resource_create"), data).content.decode()
    assert "似た名前の社会資源がすでに登録されています" in page
    assert "いきいきサロン ひだまり" in page
    assert SocialResource.objects.count() == 1
    client.post(reverse("coordinators:resource_create"), {**data, "confirm_new": "1"})
    assert SocialResource.objects.count() == 2


def test_new_resource_defaults_to_preparing(client_for, alice):
    form = client_for(alice).get(reverse("coordinators:resource_create")).context["form"]
    assert form.initial["state"] == ResourceState.PREPARING


def test_directory_exports_the_filtered_rows(client_for, alice, area_a):
    SocialResourceFactory(name="=HYPERLINK(1)", area=area_a)
    SocialResourceFactory(name="別のサロン", area=area_a)
    content = (
        client_for(alice)
        .get(reverse("coordinators:resource_list") + "?q=HYPERLINK&export=csv")
        .content.decode("utf-8-sig")
    )
    assert "'=HYPERLINK(1)" in content
    assert "別のサロン" not in content


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["directory", "resource", "consultations"])
def test_query_counts_are_the_same_for_1_and_20_rows(client_for, alice, sato, area_a, page):
    client = client_for(alice)
    salon = SocialResourceFactory(area=area_a)
    visit = ActivityForm.objects.get(name="訪問")

    def add_row(n):
        SocialResourceFactory(area=area_a)
        consult(alice, sato, day=MONDAY + timedelta(days=n), resource=None)
        activity_create(
            user=alice,
            coordinators=[sato],
            date=MONDAY + timedelta(days=n * 30),
            category=category_of(2),
            form=visit,
            resource=salon,
            duration_minutes=60,
            description="訪問",
        )

    url = {
        "directory": reverse("coordinators:resource_list"),
        "resource": salon.get_absolute_url(),
        "consultations": reverse("coordinators:consultation_list"),
    }[page]
    add_row(0)
    one = count_queries(client, url)
    for n in range(1, 20):
        add_row(n)
    assert count_queries(client, url) == one
