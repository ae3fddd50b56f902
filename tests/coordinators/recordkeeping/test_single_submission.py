"""A form sent twice (double click, back button, retried request) writes one record."""

from datetime import date

import pytest
from django.urls import reverse

from coordinators.models import Activity, FormSubmission, SocialResource
from tests.page_forms import form_on, post_data

# Their weeks are 令和6年度 weeks, entered in that season (no far-week question).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("season_2024")]

DAY = date(2024, 6, 10)


def week_entry(client, sato):
    """(URL, data) of the week page's entry form, filled in for one activity."""
    week = reverse("coordinators:week") + "?date=2024-06-10"
    action = reverse("coordinators:activity_create")
    form = form_on(client, week, action)
    data = post_data(
        form.values(
            date="2024-06-10", category="2", description="サロン訪問", coordinators=[sato.pk]
        )
    )
    data["form"] = form.options("form")[0]
    return action, data


def test_the_week_entry_sent_twice_makes_one_activity(client_for, alice, sato):
    client = client_for(alice)
    action, data = week_entry(client, sato)

    first = client.post(action, data)
    second = client.post(action, data)

    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert Activity.objects.count() == 1
    note = client.get(second.url).content.decode()
    assert "この送信は受付済みです" in note


def test_a_new_page_gives_a_new_token(client_for, alice, sato):
    client = client_for(alice)
    week = reverse("coordinators:week") + "?date=2024-06-10"
    action = reverse("coordinators:activity_create")
    tokens = {form_on(client, week, action).field("submit_token")["value"] for _ in range(2)}
    assert len(tokens) == 2


def test_a_form_refused_with_errors_can_be_corrected_and_sent_with_the_same_token(
    client_for, alice, area_a
):
    client = client_for(alice)
    url = reverse("coordinators:resource_create")
    form = form_on(client, url, url)
    data = post_data(form.values(name=""))
    data["area"] = str(area_a.pk)
    data["resource_type"] = form.options("resource_type")[0]

    refused = client.post(url, data)
    assert refused.status_code == 200
    assert FormSubmission.objects.count() == 0

    data["name"] = ["ふれあいサロン若葉"]
    data["confirm_new"] = ["1"]
    assert client.post(url, data).status_code == 302
    assert SocialResource.objects.filter(name="ふれあいサロン若葉").count() == 1


def test_a_token_is_one_users_only(client_for, alice, bob, sato):
    client = client_for(alice)
    action, data = week_entry(client, sato)
    client.post(action, data)

    # Someone else replaying the token gets no record of theirs written and is sent home.
    replay = client_for(bob).post(action, data)

    assert replay.status_code == 302
    assert Activity.objects.count() == 1
